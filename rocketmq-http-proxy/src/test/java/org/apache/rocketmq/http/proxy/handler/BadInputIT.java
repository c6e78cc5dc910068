/*
 * Licensed to the Apache Software Foundation (ASF) under one or more
 * contributor license agreements.  See the NOTICE file distributed with
 * this work for additional information regarding copyright ownership.
 * The ASF licenses this file to You under the Apache License, Version 2.0
 * (the "License"); you may not use this file except in compliance with
 * the License.  You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package org.apache.rocketmq.http.proxy.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.test.RawHttpConnection;
import org.apache.rocketmq.http.proxy.test.TestCluster;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/**
 * One test per rule of the contract. Each sends the bad request on a keep-alive connection, checks
 * the error JSON and status, and then checks that the same connection still serves a good request.
 */
public class BadInputIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    private static HttpProxyController proxy;
    private static String topic;
    private RawHttpConnection conn;

    @BeforeClass
    public static void startProxy() {
        proxy = TestCluster.startProxy();
        topic = TestCluster.newTopic("bad_input");
    }

    @AfterClass
    public static void stopProxy() {
        proxy.shutdown();
    }

    @Before
    public void connect() throws Exception {
        conn = new RawHttpConnection(proxy.port());
    }

    @After
    public void disconnect() throws Exception {
        conn.close();
    }

    private RawHttpConnection.Response postJson(String path, String json) throws Exception {
        return conn.exchange("POST", path, JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    private void assertError(RawHttpConnection.Response r, int code, String error) throws Exception {
        assertEquals(r.toString(), code / 100, r.status);
        JsonNode body = MAPPER.readTree(r.body);
        assertEquals(r.toString(), code, body.get("code").asInt());
        assertEquals(error, body.get("error").asText());
        assertFalse(body.get("message").asText().isEmpty());
        assertEquals(r.headers.get("X-Request-Id"), body.get("requestId").asText());
        assertTrue(r.headers.get("Content-Type").startsWith("application/json"));
    }

    private void assertConnectionStillServes() throws Exception {
        RawHttpConnection.Response r = postJson("/v1/topics/" + topic + "/messages", "{\"body\":\"still alive\"}");
        assertEquals(r.toString(), 200, r.status);
    }

    @Test
    public void illegalTopicNameIs40001() throws Exception {
        assertError(postJson("/v1/topics/bad%20topic!/messages", "{\"body\":\"x\"}"), 40001, "ILLEGAL_TOPIC");
        assertConnectionStillServes();
    }

    @Test
    public void tooLongTopicNameIs40001() throws Exception {
        char[] name = new char[128];
        Arrays.fill(name, 'a');
        assertError(postJson("/v1/topics/" + new String(name) + "/messages", "{\"body\":\"x\"}"), 40001, "ILLEGAL_TOPIC");
        assertConnectionStillServes();
    }

    @Test
    public void reservedTopicsAreForbidden() throws Exception {
        for (String reserved : new String[] {"TBW102", "SCHEDULE_TOPIC_XXXX", "RMQ_SYS_TRANS_HALF_TOPIC",
            "%RETRY%group", "%DLQ%group", "rmq_sys_wheel_timer"}) {
            assertError(postJson("/v1/topics/" + reserved.replace("%", "%25") + "/messages", "{\"body\":\"x\"}"),
                40300, "FORBIDDEN");
        }
        assertConnectionStillServes();
    }

    @Test
    public void unknownTopicIs404AndIsNotCreated() throws Exception {
        String missing = TestCluster.uniqueName("never_created");
        assertError(postJson("/v1/topics/" + missing + "/messages", "{\"body\":\"x\"}"), 40402, "TOPIC_NOT_FOUND");
        assertError(postJson("/v1/topics/" + missing + "/messages", "{\"messages\":[{\"body\":\"x\"}]}"), 40402,
            "TOPIC_NOT_FOUND");
        assertNull(TestCluster.rocketmq().broker().getTopicConfigManager().selectTopicConfig(missing));
        assertConnectionStillServes();
    }

    @Test
    public void illegalAndReservedProducerGroups() throws Exception {
        assertError(postJson("/v1/topics/" + topic + "/messages?producerGroup=bad.group", "{\"body\":\"x\"}"), 40002,
            "ILLEGAL_GROUP");
        assertError(postJson("/v1/topics/" + topic + "/messages?producerGroup=CID_RMQ_SYS_X", "{\"body\":\"x\"}"), 40300,
            "FORBIDDEN");
        assertError(postJson("/v1/topics/" + topic + "/messages?producerGroup=CID_ONS-HTTP-PROXY", "{\"body\":\"x\"}"),
            40300, "FORBIDDEN");
        assertConnectionStillServes();
    }

    @Test
    public void malformedJsonIs400() throws Exception {
        assertError(postJson("/v1/topics/" + topic + "/messages", "{\"body\": \"x\""), 40000, "BAD_REQUEST");
        assertError(postJson("/v1/topics/" + topic + "/messages", "[1,2]"), 40000, "BAD_REQUEST");
        assertError(postJson("/v1/topics/" + topic + "/messages", "{\"body\":\"a\",\"body\":\"b\"}"), 40000, "BAD_REQUEST");
        assertConnectionStillServes();
    }

    @Test
    public void emptyBodyIs400() throws Exception {
        assertError(postJson("/v1/topics/" + topic + "/messages", ""), 40000, "BAD_REQUEST");
        assertError(postJson("/v1/topics/" + topic + "/messages", "{\"body\":\"\"}"), 40003, "ILLEGAL_MESSAGE");
        assertError(conn.exchange("POST", "/v1/topics/" + topic + "/messages",
            Map.of("Content-Type", "application/octet-stream"), new byte[0]), 40003, "ILLEGAL_MESSAGE");
        assertConnectionStillServes();
    }

    @Test
    public void wrongTypesAre400() throws Exception {
        String path = "/v1/topics/" + topic + "/messages";
        assertError(postJson(path, "{\"body\":42}"), 40003, "ILLEGAL_MESSAGE");
        assertError(postJson(path, "{\"body\":\"x\",\"tag\":1}"), 40003, "ILLEGAL_MESSAGE");
        assertError(postJson(path, "{\"body\":\"x\",\"keys\":\"k\"}"), 40003, "ILLEGAL_MESSAGE");
        assertError(postJson(path, "{\"body\":\"x\",\"properties\":{\"a\":1}}"), 40003, "ILLEGAL_MESSAGE");
        assertError(postJson(path, "{\"body\":\"x\",\"deliveryTimestamp\":\"soon\"}"), 40003, "ILLEGAL_MESSAGE");
        assertError(postJson(path, "{\"messages\":{}}"), 40000, "BAD_REQUEST");
        assertConnectionStillServes();
    }

    @Test
    public void unknownFieldsAreIgnored() throws Exception {
        RawHttpConnection.Response r = postJson("/v1/topics/" + topic + "/messages", "{\"body\":\"x\",\"futureField\":[1]}");
        assertEquals(r.toString(), 200, r.status);
    }

    @Test
    public void badBase64Is400() throws Exception {
        assertError(postJson("/v1/topics/" + topic + "/messages", "{\"body\":\"***\",\"bodyEncoding\":\"base64\"}"),
            40003, "ILLEGAL_MESSAGE");
        assertError(postJson("/v1/topics/" + topic + "/messages", "{\"body\":\"x\",\"bodyEncoding\":\"latin1\"}"),
            40003, "ILLEGAL_MESSAGE");
        assertConnectionStillServes();
    }

    @Test
    public void oversizedMessageBodyIs413() throws Exception {
        byte[] body = new byte[4 * 1024 * 1024 + 1];
        assertError(conn.exchange("POST", "/v1/topics/" + topic + "/messages",
            Map.of("Content-Type", "application/octet-stream"), body), 41300, "PAYLOAD_TOO_LARGE");
        assertConnectionStillServes();
    }

    @Test
    public void oversizedRequestIs413AndTheConnectionSkipsTheRest() throws Exception {
        byte[] body = new byte[4 * 1024 * 1024 + 64 * 1024 + 1];
        assertError(conn.exchange("POST", "/v1/topics/" + topic + "/messages",
            Map.of("Content-Type", "application/octet-stream"), body), 41300, "PAYLOAD_TOO_LARGE");
        assertConnectionStillServes();
    }

    @Test
    public void tooManyPropertiesIs400() throws Exception {
        StringBuilder props = new StringBuilder("{");
        for (int i = 0; i < 129; i++) {
            props.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":\"v\"");
        }
        props.append('}');
        assertError(postJson("/v1/topics/" + topic + "/messages", "{\"body\":\"x\",\"properties\":" + props + "}"),
            40003, "ILLEGAL_MESSAGE");
        assertConnectionStillServes();
    }

    @Test
    public void tooLargePropertiesAre413() throws Exception {
        char[] value = new char[17 * 1024];
        Arrays.fill(value, 'v');
        assertError(postJson("/v1/topics/" + topic + "/messages",
            "{\"body\":\"x\",\"properties\":{\"big\":\"" + new String(value) + "\"}}"), 41300, "PAYLOAD_TOO_LARGE");
        assertConnectionStillServes();
    }

    @Test
    public void reservedPropertyNamesAre400() throws Exception {
        for (String name : new String[] {"KEYS", "TAGS", "UNIQ_KEY", "DELAY", "__STARTDELIVERTIME", "TIMER_DELIVER_MS"}) {
            assertError(postJson("/v1/topics/" + topic + "/messages",
                "{\"body\":\"x\",\"properties\":{\"" + name + "\":\"v\"}}"), 40003, "ILLEGAL_MESSAGE");
        }
        assertError(conn.exchange("POST", "/v1/topics/" + topic + "/messages",
            Map.of("Content-Type", "text/plain", "X-RMQ-Property-UNIQ_KEY", "forged"), "x".getBytes(StandardCharsets.UTF_8)),
            40003, "ILLEGAL_MESSAGE");
        assertConnectionStillServes();
    }

    @Test
    public void controlCharactersAre400() throws Exception {
        String path = "/v1/topics/" + topic + "/messages";
        assertError(postJson(path, "{\"body\":\"x\",\"tag\":\"a\\u0001b\"}"), 40003, "ILLEGAL_MESSAGE");
        assertError(postJson(path, "{\"body\":\"x\",\"keys\":[\"a\\nb\"]}"), 40003, "ILLEGAL_MESSAGE");
        assertError(postJson(path, "{\"body\":\"x\",\"properties\":{\"a\":\"b\\u0002c\"}}"), 40003, "ILLEGAL_MESSAGE");
        assertError(postJson(path, "{\"body\":\"x\",\"messageGroup\":\"g\\u0000\"}"), 40003, "ILLEGAL_MESSAGE");
        assertConnectionStillServes();
    }

    @Test
    public void tagWithBarIs400() throws Exception {
        assertError(postJson("/v1/topics/" + topic + "/messages", "{\"body\":\"x\",\"tag\":\"A||B\"}"), 40003,
            "ILLEGAL_MESSAGE");
        assertConnectionStillServes();
    }

    @Test
    public void tooLargeBatchIs400() throws Exception {
        StringBuilder sb = new StringBuilder("{\"messages\":[");
        for (int i = 0; i < 257; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"body\":\"x\"}");
        }
        sb.append("]}");
        assertError(postJson("/v1/topics/" + topic + "/messages", sb.toString()), 40000, "BAD_REQUEST");
        assertError(postJson("/v1/topics/" + topic + "/messages", "{\"messages\":[]}"), 40000, "BAD_REQUEST");
        assertConnectionStillServes();
    }

    @Test
    public void deliveryTimestampRules() throws Exception {
        String path = "/v1/topics/" + topic + "/messages";
        long tooFar = System.currentTimeMillis() + 25L * 3600 * 1000;
        assertError(postJson(path, "{\"body\":\"x\",\"deliveryTimestamp\":" + tooFar + "}"), 40003, "ILLEGAL_MESSAGE");
        assertError(postJson(path, "{\"body\":\"x\",\"deliveryTimestamp\":" + (System.currentTimeMillis() + 5000)
            + ",\"messageGroup\":\"g\"}"), 40003, "ILLEGAL_MESSAGE");
        RawHttpConnection.Response past = postJson(path, "{\"body\":\"x\",\"deliveryTimestamp\":1000}");
        assertEquals("a past timestamp delivers now: " + past, 200, past.status);
        assertConnectionStillServes();
    }

    @Test
    public void nonUtf8JsonIs415() throws Exception {
        assertError(conn.exchange("POST", "/v1/topics/" + topic + "/messages",
            Map.of("Content-Type", "application/json; charset=iso-8859-1"), "{\"body\":\"x\"}".getBytes(StandardCharsets.UTF_8)),
            41500, "UNSUPPORTED_MEDIA_TYPE");
        assertConnectionStillServes();
    }

    @Test
    public void unknownRouteIs40401() throws Exception {
        assertError(conn.exchange("GET", "/v2/nothing", Map.of(), null), 40401, "NOT_FOUND");
        assertError(conn.exchange("GET", "/v1/topics//messages", Map.of(), null), 40401, "NOT_FOUND");
        assertConnectionStillServes();
    }

    @Test
    public void wrongMethodIs405WithAllow() throws Exception {
        RawHttpConnection.Response r = conn.exchange("DELETE", "/v1/topics/" + topic + "/messages", Map.of(), null);
        assertError(r, 40500, "METHOD_NOT_ALLOWED");
        assertNotNull(r.headers.get("Allow"));
        assertTrue(r.headers.get("Allow").contains("POST"));
        assertConnectionStillServes();
    }

    @Test
    public void clientRequestIdIsEchoedAndBadOnesReplaced() throws Exception {
        RawHttpConnection.Response r = conn.exchange("GET", "/health", Map.of("X-Request-Id", "abc-123"), null);
        assertEquals("abc-123", r.headers.get("X-Request-Id"));
        RawHttpConnection.Response generated = conn.exchange("GET", "/health", Map.of("X-Request-Id", "bad id\u00e9"), null);
        assertNotNull(generated.headers.get("X-Request-Id"));
        assertFalse(generated.headers.get("X-Request-Id").contains(" "));
    }

    @Test
    public void malformedHttpGets400AndTheConnectionIsClosed() throws Exception {
        conn.write("THIS IS NOT HTTP\r\n\r\n");
        RawHttpConnection.Response r = conn.read();
        assertEquals(r.toString(), 400, r.status);
        assertEquals(40000, MAPPER.readTree(r.body).get("code").asInt());
        assertTrue(conn.isClosedByServer());
    }

    @Test
    public void otherHttpVersionsAre505AndTheConnectionIsClosed() throws Exception {
        List<String> requests = List.of("GET /health HTTP/9.9\r\nHost: x\r\n\r\n",
            "GET /health HTTP/1.2\r\nHost: x\r\n\r\n", "GET /health HTTP/2.0\r\nHost: x\r\n\r\n",
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        for (String request : requests) {
            try (RawHttpConnection c = new RawHttpConnection(proxy.port())) {
                c.write(request);
                RawHttpConnection.Response r = c.read();
                assertError(r, 50500, "HTTP_VERSION_NOT_SUPPORTED");
                assertEquals("close", r.headers.get("Connection"));
                assertTrue(request, c.isClosedByServer());
            }
        }
        // the proxy keeps serving both versions it speaks
        try (RawHttpConnection c = new RawHttpConnection(proxy.port())) {
            c.write("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertEquals(200, c.read().status);
            c.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, c.read().status);
        }
        assertConnectionStillServes();
    }

    @Test
    public void unsupportedVersionIsAnsweredAfterTheRequestsPipelinedBeforeIt() throws Exception {
        String body = "{\"body\":\"before the 505\"}";
        conn.write("POST /v1/topics/" + topic + "/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "X-Request-Id: first\r\nContent-Length: " + body.length() + "\r\n\r\n" + body
            + "GET /health HTTP/2.0\r\nHost: x\r\nX-Request-Id: second\r\n\r\n"
            + "GET /health HTTP/1.1\r\nHost: x\r\nX-Request-Id: third\r\n\r\n");
        RawHttpConnection.Response first = conn.read();
        assertEquals("first", first.headers.get("X-Request-Id"));
        assertEquals(first.toString(), 200, first.status);
        RawHttpConnection.Response second = conn.read();
        assertEquals("second", second.headers.get("X-Request-Id"));
        assertError(second, 50500, "HTTP_VERSION_NOT_SUPPORTED");
        assertTrue("nothing after the 505 is answered", conn.isClosedByServer());
    }

    @Test
    public void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            String body = "{\"body\":\"p" + i + "\"}";
            sb.append("POST /v1/topics/").append(topic).append("/messages HTTP/1.1\r\nHost: x\r\n")
                .append("Content-Type: application/json\r\nX-Request-Id: send-").append(i)
                .append("\r\nContent-Length: ").append(body.length()).append("\r\n\r\n").append(body);
            sb.append("GET /health HTTP/1.1\r\nHost: x\r\nX-Request-Id: health-").append(i).append("\r\n\r\n");
        }
        conn.write(sb.toString());
        for (int i = 0; i < 5; i++) {
            RawHttpConnection.Response send = conn.read();
            assertEquals("send-" + i, send.headers.get("X-Request-Id"));
            assertEquals(send.toString(), 200, send.status);
            RawHttpConnection.Response health = conn.read();
            assertEquals("health-" + i, health.headers.get("X-Request-Id"));
            assertEquals(200, health.status);
        }
    }
}
