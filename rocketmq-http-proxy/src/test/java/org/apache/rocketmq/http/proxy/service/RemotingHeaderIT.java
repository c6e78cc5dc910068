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
package org.apache.rocketmq.http.proxy.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.test.HttpTestClient;
import org.apache.rocketmq.http.proxy.test.NativeConsumers;
import org.apache.rocketmq.http.proxy.test.TestCluster;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.SerializeType;
import org.junit.BeforeClass;
import org.junit.Test;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

/**
 * The header form the proxy's requests reach a real broker in, as the broker decoded them, and a message
 * sent in RocketMQ's binary form arriving whole and being received and acknowledged.
 */
public class RemotingHeaderIT {
    /** Header forms the broker saw per request code and topic, e.g. {@code "310 topic"}. */
    private static final Map<String, Set<SerializeType>> SEEN = new ConcurrentHashMap<>();

    @BeforeClass
    public static void watchTheBroker() {
        TestCluster.rocketmq().broker().getRemotingServer().registerRPCHook(new RPCHook() {
            @Override
            public void doBeforeRequest(String remoteAddr, RemotingCommand request) {
                Map<String, String> fields = request.getExtFields();
                if (fields == null) {
                    return;
                }
                // the send header of version 2 names its fields with single letters: "b" is the topic
                String topic = fields.containsKey("topic") ? fields.get("topic") : fields.get("b");
                if (topic != null && topic.startsWith("remoting_header")) {
                    SEEN.computeIfAbsent(request.getCode() + " " + topic, k -> ConcurrentHashMap.newKeySet())
                        .add(request.getSerializeTypeCurrentRPC());
                }
            }

            @Override
            public void doAfterResponse(String remoteAddr, RemotingCommand request, RemotingCommand response) {
            }
        });
    }

    @Test
    public void byDefaultSendsReachTheBrokerInRocketMQsBinaryFormReceiveAndAckInJsonAndTheMessageArrivesWhole() throws Exception {
        HttpProxyController proxy = TestCluster.startProxy();
        try {
            HttpTestClient http = new HttpTestClient(proxy.port());
            String topic = TestCluster.newTopic("remoting_header_binary");
            String group = TestCluster.newGroup("GID_remoting_header");

            HttpTestClient.Response sent = http.postJson("/v1/topics/" + topic + "/messages", message());
            assertEquals(sent.toString(), 200, sent.status);
            JsonNode got = http.receive(topic, group, "&waitSeconds=5");
            assertEquals(1, got.size());
            JsonNode m = got.get(0);
            assertEquals("héllo", m.get("body").asText());
            assertEquals("TagB", m.get("tag").asText());
            assertEquals("k-1", m.get("keys").get(0).asText());
            assertEquals("v=1;w", m.get("properties").get("p").asText());
            HttpTestClient.Response acked = http.ack(topic, group, List.of(m.get("receiptHandle").asText()));
            assertEquals(acked.toString(), 200, acked.status);
            assertFalse(acked.toString(), acked.json().get("results").get(0).has("error"));

            assertEquals(EnumSet.of(SerializeType.ROCKETMQ), SEEN.get(RequestCode.SEND_MESSAGE_V2 + " " + topic));
            // the binary form carries a request code in 16 bits: receive and ack (200050, 200051) go as JSON
            assertEquals(EnumSet.of(SerializeType.JSON), SEEN.get(RequestCode.POP_MESSAGE + " " + topic));
            assertEquals(EnumSet.of(SerializeType.JSON), SEEN.get(RequestCode.ACK_MESSAGE + " " + topic));
            List<MessageExt> stored = NativeConsumers.readFromStart(topic, 1, 15_000);
            assertEquals(1, stored.size());
            assertArrayEquals("héllo".getBytes(StandardCharsets.UTF_8), stored.get(0).getBody());
            assertEquals("v=1;w", stored.get(0).getUserProperty("p"));
        } finally {
            proxy.shutdown();
        }
    }

    @Test
    public void remotingSerializeTypeJsonSendsJsonHeaders() throws Exception {
        HttpProxyController proxy = TestCluster.startProxy(c -> c.getRocketmq().setRemotingSerializeType("json"));
        try {
            HttpTestClient http = new HttpTestClient(proxy.port());
            String topic = TestCluster.newTopic("remoting_header_json");

            HttpTestClient.Response sent = http.postJson("/v1/topics/" + topic + "/messages", message());

            assertEquals(sent.toString(), 200, sent.status);
            assertEquals(EnumSet.of(SerializeType.JSON), SEEN.get(RequestCode.SEND_MESSAGE_V2 + " " + topic));
            List<MessageExt> stored = NativeConsumers.readFromStart(topic, 1, 15_000);
            assertEquals(1, stored.size());
            assertEquals("TagB", stored.get(0).getTags());
        } finally {
            proxy.shutdown();
        }
    }

    private static Map<String, Object> message() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("body", "héllo");
        m.put("tag", "TagB");
        m.put("keys", List.of("k-1"));
        m.put("properties", Map.of("p", "v=1;w"));
        return m;
    }
}
