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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.rocketmq.common.attribute.TopicMessageType;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.test.HttpTestClient;
import org.apache.rocketmq.http.proxy.test.NativeConsumers;
import org.apache.rocketmq.http.proxy.test.TestCluster;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

/**
 * Produce over real HTTP into a real broker; a stock RocketMQ consumer reads what arrived.
 */
public class ProduceIT {
    private static HttpProxyController proxy;
    private static HttpTestClient http;

    @BeforeClass
    public static void startProxy() {
        proxy = TestCluster.startProxy();
        http = new HttpTestClient(proxy.port());
    }

    @AfterClass
    public static void stopProxy() {
        proxy.shutdown();
    }

    private static Map<String, Object> message(String body) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("body", body);
        return m;
    }

    @Test
    public void singleMessageArrivesWithBodyTagKeysAndProperties() throws Exception {
        String topic = TestCluster.newTopic("produce_single");
        Map<String, Object> m = message("hello, wörld");
        m.put("tag", "TagA");
        m.put("keys", List.of("order-1", "customer-7"));
        m.put("properties", Map.of("region", "eu", "priority", "high"));

        HttpTestClient.Response r = http.postJson("/v1/topics/" + topic + "/messages", m);

        assertEquals(r.toString(), 200, r.status);
        JsonNode receipt = r.json();
        assertEquals(topic, receipt.get("topic").asText());
        assertEquals("broker-it", receipt.get("brokerName").asText());
        assertTrue(receipt.get("queueId").asInt() >= 0);
        assertTrue(receipt.get("queueOffset").asLong() >= 0);
        assertNotNull(r.header("X-Request-Id"));

        List<MessageExt> got = NativeConsumers.readFromStart(topic, 1, 15_000);
        assertEquals(1, got.size());
        MessageExt msg = got.get(0);
        assertEquals(receipt.get("messageId").asText(), msg.getMsgId());
        assertArrayEquals("hello, wörld".getBytes(StandardCharsets.UTF_8), msg.getBody());
        assertEquals("TagA", msg.getTags());
        assertEquals("order-1 customer-7", msg.getKeys());
        assertEquals("eu", msg.getUserProperty("region"));
        assertEquals("high", msg.getUserProperty("priority"));
        assertEquals(receipt.get("queueId").asInt(), msg.getQueueId());
        assertEquals(receipt.get("queueOffset").asLong(), msg.getQueueOffset());
    }

    @Test
    public void base64BodyArrivesAsTheDecodedBytes() throws Exception {
        String topic = TestCluster.newTopic("produce_b64");
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        Map<String, Object> m = message(Base64.getEncoder().encodeToString(binary));
        m.put("bodyEncoding", "base64");

        HttpTestClient.Response r = http.postJson("/v1/topics/" + topic + "/messages", m);

        assertEquals(r.toString(), 200, r.status);
        List<MessageExt> got = NativeConsumers.readFromStart(topic, 1, 15_000);
        assertEquals(1, got.size());
        assertArrayEquals(binary, got.get(0).getBody());
    }

    @Test
    public void rawBodyKeepsBinaryBytesAndHeaderMetadata() throws Exception {
        String topic = TestCluster.newTopic("produce_raw");
        byte[] binary = new byte[4096];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 31);
        }
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/octet-stream");
        headers.put("X-RMQ-Tag", "TagRaw");
        headers.put("X-RMQ-Keys", "k1, k2");
        headers.put("X-RMQ-Property-Region", "ap");
        headers.put("X-RMQ-Property-trace_id", "abc-123");

        HttpTestClient.Response r = http.postRaw("/v1/topics/" + topic + "/messages", binary, headers);

        assertEquals(r.toString(), 200, r.status);
        List<MessageExt> got = NativeConsumers.readFromStart(topic, 1, 15_000);
        assertEquals(1, got.size());
        MessageExt msg = got.get(0);
        assertArrayEquals(binary, msg.getBody());
        assertEquals("TagRaw", msg.getTags());
        assertEquals("k1 k2", msg.getKeys());
        assertEquals("ap", msg.getUserProperty("Region"));
        assertEquals("abc-123", msg.getUserProperty("trace_id"));
        assertEquals(r.json().get("messageId").asText(), msg.getMsgId());
    }

    @Test
    public void batchReturnsReceiptsInRequestOrderAndStoresEveryMessage() throws Exception {
        String topic = TestCluster.newTopic("produce_batch");
        List<Object> messages = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Map<String, Object> m = message("batch-" + i);
            m.put("keys", List.of("k" + i));
            messages.add(m);
        }

        HttpTestClient.Response r = http.postJson("/v1/topics/" + topic + "/messages", Map.of("messages", messages));

        assertEquals(r.toString(), 200, r.status);
        JsonNode results = r.json().get("results");
        assertEquals(20, results.size());
        Map<String, MessageExt> byId = new HashMap<>();
        List<MessageExt> got = NativeConsumers.readFromStart(topic, 20, 15_000);
        assertEquals(20, got.size());
        for (MessageExt msg : got) {
            byId.put(msg.getMsgId(), msg);
        }
        for (int i = 0; i < 20; i++) {
            JsonNode receipt = results.get(i);
            MessageExt stored = byId.get(receipt.get("messageId").asText());
            assertNotNull(receipt + " not among " + byId.keySet(), stored);
            assertEquals("batch-" + i, new String(stored.getBody(), StandardCharsets.UTF_8));
            assertEquals("k" + i, stored.getKeys());
            assertEquals(stored.getQueueId(), receipt.get("queueId").asInt());
            assertEquals(stored.getQueueOffset(), receipt.get("queueOffset").asLong());
        }
    }

    @Test
    public void batchWithOneInvalidEntryIsMultiStatusAndStoresTheValidOnes() throws Exception {
        String topic = TestCluster.newTopic("produce_partial");
        List<Object> messages = new ArrayList<>();
        messages.add(message("first"));
        Map<String, Object> bad = message("bad");
        bad.put("properties", Map.of("KEYS", "reserved"));
        messages.add(bad);
        messages.add(message("third"));

        HttpTestClient.Response r = http.postJson("/v1/topics/" + topic + "/messages", Map.of("messages", messages));

        assertEquals(r.toString(), 207, r.status);
        JsonNode results = r.json().get("results");
        assertEquals(3, results.size());
        assertNotNull(results.get(0).get("messageId"));
        assertEquals(40003, results.get(1).get("error").get("code").asInt());
        assertEquals("ILLEGAL_MESSAGE", results.get(1).get("error").get("error").asText());
        assertNotNull(results.get(2).get("messageId"));

        List<MessageExt> got = NativeConsumers.readFromStart(topic, 2, 15_000);
        Set<String> bodies = new HashSet<>();
        got.forEach(m -> bodies.add(new String(m.getBody(), StandardCharsets.UTF_8)));
        assertEquals(Set.of("first", "third"), bodies);
    }

    @Test
    public void messageGroupSendsOneHundredMessagesToOneQueueInOrder() throws Exception {
        String topic = TestCluster.newTopic("produce_fifo", 8, TopicMessageType.FIFO);
        for (int i = 0; i < 60; i++) {
            Map<String, Object> m = message("fifo-" + i);
            m.put("messageGroup", "order-42");
            HttpTestClient.Response r = http.postJson("/v1/topics/" + topic + "/messages", m);
            assertEquals(r.toString(), 200, r.status);
        }
        List<Object> batch = new ArrayList<>();
        for (int i = 60; i < 100; i++) {
            Map<String, Object> m = message("fifo-" + i);
            m.put("messageGroup", "order-42");
            batch.add(m);
        }
        HttpTestClient.Response r = http.postJson("/v1/topics/" + topic + "/messages", Map.of("messages", batch));
        assertEquals(r.toString(), 200, r.status);

        List<MessageExt> got = NativeConsumers.readFromStart(topic, 100, 20_000);
        assertEquals(100, got.size());
        Set<Integer> queues = new HashSet<>();
        got.forEach(m -> queues.add(m.getQueueId()));
        assertEquals("all messages of one group in one queue", 1, queues.size());
        got.sort((a, b) -> Long.compare(a.getQueueOffset(), b.getQueueOffset()));
        for (int i = 0; i < 100; i++) {
            assertEquals("fifo-" + i, new String(got.get(i).getBody(), StandardCharsets.UTF_8));
            assertEquals("order-42", got.get(i).getProperty(MessageConst.PROPERTY_SHARDING_KEY));
        }
    }

    @Test
    public void scheduledMessageIsNotConsumableBeforeItsDeliveryTimestamp() throws Exception {
        String topic = TestCluster.newTopic("produce_timer", 4, TopicMessageType.DELAY);
        long deliverAt = System.currentTimeMillis() + 6_000;
        Map<String, Object> m = message("later");
        m.put("deliveryTimestamp", deliverAt);

        HttpTestClient.Response r = http.postJson("/v1/topics/" + topic + "/messages", m);
        assertEquals(r.toString(), 200, r.status);

        List<MessageExt> early = NativeConsumers.readFromStart(topic, 1, 2_000);
        assertTrue("delivered before its time: " + early, early.isEmpty() || System.currentTimeMillis() >= deliverAt);

        List<MessageExt> got = NativeConsumers.readFromStart(topic, 1, 30_000);
        long arrived = System.currentTimeMillis();
        assertEquals(1, got.size());
        assertEquals("later", new String(got.get(0).getBody(), StandardCharsets.UTF_8));
        // the broker's timer has a one-second precision
        assertTrue("arrived " + (deliverAt - arrived) + " ms early", arrived >= deliverAt - 1_000);
        assertTrue("stored at " + got.get(0).getStoreTimestamp(), got.get(0).getStoreTimestamp() >= deliverAt - 1_000);
    }

    @Test
    public void oneProducerIsSharedPerProducerGroup() throws Exception {
        String topic = TestCluster.newTopic("produce_groups");
        int before = producerGroups();
        String group = TestCluster.uniqueName("PID_shared");
        for (int i = 0; i < 5; i++) {
            HttpTestClient.Response r = http.postJson("/v1/topics/" + topic + "/messages?producerGroup=" + group,
                message("g" + i));
            assertEquals(r.toString(), 200, r.status);
        }
        assertEquals(before + 1, producerGroups());

        String other = TestCluster.uniqueName("PID_header");
        HttpTestClient.Response r = http.postRaw("/v1/topics/" + topic + "/messages",
            "x".getBytes(StandardCharsets.UTF_8), Map.of("X-RMQ-Producer-Group", other));
        assertEquals(r.toString(), 200, r.status);
        assertEquals(before + 2, producerGroups());
    }

    private static int producerGroups() {
        for (String line : http.get("/metrics").text().split("\n")) {
            if (line.startsWith("rocketmq_http_producer_groups ")) {
                return (int) Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
            }
        }
        throw new AssertionError("no producer group gauge in /metrics");
    }
}
