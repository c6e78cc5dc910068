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
package org.apache.rocketmq.http.proxy.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.test.AclTestCluster;
import org.apache.rocketmq.http.proxy.test.HttpTestClient;
import org.apache.rocketmq.http.proxy.test.HttpTestClient.Response;
import org.apache.rocketmq.http.proxy.test.RequestSigner;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * A signed request that was replayed, is out of date, was altered on the way (body, query, an
 * {@code X-RMQ-*} header) or signed with the wrong key is refused with 401, and nothing of it reaches
 * the broker (its store's offsets do not move; an ack is not done).
 */
public class SignedRequestIT {
    private static final RequestSigner SIGNER = new RequestSigner("appKey0001", "appSecret01");
    private static String topic;
    private static String group;
    private static HttpProxyController proxy;
    private static HttpTestClient http;
    private long stored;

    @BeforeClass
    public static void start() {
        topic = AclTestCluster.newTopic("SignedTopic");
        group = AclTestCluster.newGroup("GID_signed");
        Path acl = AclTestCluster.writeProxyAcl(String.join("\n", "accounts:",
            "  - accessKey: appKey0001", "    secretKey: appSecret01", "    defaultTopicPerm: PUB|SUB",
            "    defaultGroupPerm: SUB", ""));
        proxy = AclTestCluster.startProxy(acl, c -> { });
        http = new HttpTestClient(proxy.port());
    }

    @AfterClass
    public static void stop() {
        if (proxy != null) {
            proxy.shutdown();
        }
    }

    @Before
    public void countStored() {
        stored = AclTestCluster.storedMessages(topic);
    }

    private static Response send(String method, String pathAndQuery, String contentType, byte[] body,
        Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.baseUrl() + pathAndQuery));
        if (body == null) {
            b.GET();
        } else {
            b.POST(HttpRequest.BodyPublishers.ofByteArray(body));
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        return http.send(b);
    }

    private static Map<String, String> signedProduce(String pathAndQuery, byte[] body, Map<String, String> rmq) {
        Map<String, String> headers = new LinkedHashMap<>(rmq);
        headers.putAll(SIGNER.sign("POST", pathAndQuery, "application/octet-stream", body, rmq));
        return headers;
    }

    private void assertRefused(String what, Response r, String messagePart) {
        assertEquals(what + ": " + r, 401, r.status);
        assertEquals("RMQ-HMAC-SHA256", r.header("WWW-Authenticate"));
        assertTrue(what + ": " + r, r.json().get("message").asText().contains(messagePart));
        assertEquals(what + ": nothing may reach the broker", stored, AclTestCluster.storedMessages(topic));
    }

    private String path() {
        return "/v1/topics/" + topic + "/messages";
    }

    @Test
    public void aGoodRequestIsStoredOnceAndItsReplayIsRefused() {
        byte[] body = "once".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = signedProduce(path(), body, Map.of());
        Response first = send("POST", path(), "application/octet-stream", body, headers);
        assertEquals(first.toString(), 200, first.status);
        assertEquals(++stored, AclTestCluster.storedMessages(topic));
        assertRefused("replay", send("POST", path(), "application/octet-stream", body, headers), "used before");
    }

    @Test
    public void aStaleOrFutureDateIsRefused() {
        byte[] body = "late".getBytes(StandardCharsets.UTF_8);
        for (Instant date : new Instant[] {Instant.now().minusSeconds(301), Instant.now().plusSeconds(301)}) {
            Map<String, String> headers = new LinkedHashMap<>(SIGNER.sign("POST", path(), "application/octet-stream", body,
                Map.of(), date, RequestSigner.nonce()));
            assertRefused("date " + date, send("POST", path(), "application/octet-stream", body, headers), "s away");
        }
    }

    @Test
    public void anAlteredBodyIsRefused() {
        Map<String, String> headers = signedProduce(path(), "pay 10".getBytes(), Map.of());
        assertRefused("body", send("POST", path(), "application/octet-stream", "pay 1000".getBytes(), headers),
            "signature does not match");
    }

    @Test
    public void anAlteredQueryIsRefused() {
        Map<String, String> headers = signedProduce(path() + "?producerGroup=GROUP_A", "q".getBytes(), Map.of());
        assertRefused("query", send("POST", path() + "?producerGroup=GROUP_B", "application/octet-stream", "q".getBytes(),
            headers), "signature does not match");
        assertRefused("added query", send("POST", path() + "?producerGroup=GROUP_A&x=1", "application/octet-stream",
            "q".getBytes(), headers), "signature does not match");
    }

    @Test
    public void anAlteredOrAddedRmqHeaderIsRefused() {
        Map<String, String> headers = signedProduce(path(), "h".getBytes(), Map.of("X-RMQ-Tag", "TagA"));
        Map<String, String> altered = new LinkedHashMap<>(headers);
        altered.put("X-RMQ-Tag", "TagB");
        assertRefused("header", send("POST", path(), "application/octet-stream", "h".getBytes(), altered),
            "signature does not match");
        Map<String, String> added = new LinkedHashMap<>(headers);
        added.put("X-RMQ-Property-injected", "1");
        assertRefused("added header", send("POST", path(), "application/octet-stream", "h".getBytes(), added),
            "signature does not match");
        Map<String, String> otherContentType = new LinkedHashMap<>(headers);
        assertRefused("content type", send("POST", path(), "text/plain", "h".getBytes(), otherContentType),
            "signature does not match");
    }

    @Test
    public void headersOutsideTheSignatureMayChange() {
        Map<String, String> headers = signedProduce(path(), "u".getBytes(), Map.of());
        headers.put("User-Agent", "another-agent/1.0");
        headers.put("X-Request-Id", "my-id-1");
        Response r = send("POST", path(), "application/octet-stream", "u".getBytes(), headers);
        assertEquals(r.toString(), 200, r.status);
        assertEquals("my-id-1", r.header("X-Request-Id"));
    }

    @Test
    public void aWrongSecretKeyIsRefused() {
        RequestSigner wrong = new RequestSigner("appKey0001", "notTheSecret");
        Map<String, String> headers = wrong.sign("POST", path(), "application/octet-stream", "w".getBytes(), Map.of());
        assertRefused("wrong key", send("POST", path(), "application/octet-stream", "w".getBytes(), headers),
            "signature does not match");
    }

    @Test
    public void anAlteredAckDoesNotAckAndTheMessageComesBack() throws Exception {
        Response produced = http.signedAs("appKey0001", "appSecret01").postJson(path(), Map.of("body", "ack me"));
        assertEquals(produced.toString(), 200, produced.status);
        HttpTestClient signed = http.signedAs("appKey0001", "appSecret01");
        JsonNode first = awaitMessage(signed);
        String handle = first.get("receiptHandle").asText();

        String ackPath = "/v1/topics/" + topic + "/acks?group=" + group;
        byte[] signedBody = ("{\"receiptHandles\":[\"" + handle + "x\"]}").getBytes(StandardCharsets.UTF_8);
        byte[] sentBody = ("{\"receiptHandles\":[\"" + handle + "\"]}").getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = SIGNER.sign("POST", ackPath, "application/json", signedBody, Map.of());
        Response r = send("POST", ackPath, "application/json", sentBody, headers);
        assertEquals(r.toString(), 401, r.status);

        // not acked: after its invisibility the same message is delivered again
        JsonNode again = awaitMessage(signed);
        assertEquals(first.get("messageId").asText(), again.get("messageId").asText());
        assertEquals(2, again.get("deliveryAttempt").asInt());
        Response acked = signed.ack(topic, group, List.of(again.get("receiptHandle").asText()));
        assertEquals(acked.toString(), 200, acked.status);
    }

    private static JsonNode awaitMessage(HttpTestClient signed) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode messages = signed.receive(topic, group, "&waitSeconds=10&max=1&invisibleSeconds=10");
            for (JsonNode m : messages) {
                if (m.get("body").asText().equals("ack me")) {
                    return m;
                }
                signed.ack(topic, group, List.of(m.get("receiptHandle").asText()));
            }
        }
        throw new AssertionError("the message did not arrive");
    }
}
