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
package org.apache.rocketmq.http.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.common.attribute.TopicMessageType;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.test.NativeConsumers;
import org.apache.rocketmq.http.proxy.test.TestCluster;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/**
 * Every producer method against a real proxy and broker; what arrived is read back with the stock
 * RocketMQ client, so the SDK and the proxy cannot agree on a mistake.
 */
public class HttpProducerIT {
    private static HttpProxyController proxy;
    private static HttpProducer producer;

    @BeforeClass
    public static void start() {
        proxy = TestCluster.startProxy();
        producer = HttpProducer.create(LiveProxies.config(proxy).build());
    }

    @AfterClass
    public static void stop() {
        producer.close();
        proxy.shutdown();
    }

    private static Map<String, MessageExt> byMessageId(List<MessageExt> messages) {
        Map<String, MessageExt> map = new HashMap<>();
        messages.forEach(m -> map.put(m.getMsgId(), m));
        return map;
    }

    private static String text(MessageExt message) {
        return new String(message.getBody(), StandardCharsets.UTF_8);
    }

    @Test
    public void sendStoresTheTextBodyTagKeysAndPropertiesAsGiven() throws Exception {
        String topic = TestCluster.newTopic("sdk_send");
        String body = "héllo, wörld ✓ \uD83D\uDE80";

        SendReceipt receipt = producer.send(Message.builder()
            .topic(topic)
            .body(body)
            .tag("TagA")
            .keys("order-1", "customer-7")
            .property("region", "eu")
            .property("trace_id", "abc-123")
            .build());

        assertEquals(topic, receipt.topic());
        assertEquals("broker-it", receipt.brokerName());
        assertNotNull(receipt.messageId());
        List<MessageExt> stored = NativeConsumers.readFromStart(topic, 1, 15_000);
        assertEquals(1, stored.size());
        MessageExt message = stored.get(0);
        assertEquals(receipt.messageId(), message.getMsgId());
        assertEquals(receipt.queueId(), message.getQueueId());
        assertEquals(receipt.queueOffset(), message.getQueueOffset());
        assertArrayEquals(body.getBytes(StandardCharsets.UTF_8), message.getBody());
        assertEquals("TagA", message.getTags());
        assertEquals("order-1 customer-7", message.getKeys());
        assertEquals("eu", message.getUserProperty("region"));
        assertEquals("abc-123", message.getUserProperty("trace_id"));
        assertNull("no FIFO group was asked for", message.getProperty(MessageConst.PROPERTY_SHARDING_KEY));
    }

    @Test
    public void sendAsyncStoresBinaryBodiesByteForByte() throws Exception {
        String topic = TestCluster.newTopic("sdk_send_async");
        List<byte[]> bodies = new ArrayList<>();
        List<SendReceipt> receipts = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        // a few at a time: a busy broker answers a burst of concurrent sends with flow control
        for (int wave = 0; wave < 5; wave++) {
            List<CompletableFuture<SendReceipt>> futures = new ArrayList<>();
            for (int i = wave * 4; i < wave * 4 + 4; i++) {
                // every byte value, invalid UTF-8 included, in a different order per message
                byte[] body = new byte[256 + i];
                for (int b = 0; b < body.length; b++) {
                    body[b] = (byte) (b * (2 * i + 1));
                }
                bodies.add(body);
                futures.add(producer.sendAsync(Message.builder().topic(topic).body(body).keys("bin-" + i).build()));
            }
            for (CompletableFuture<SendReceipt> future : futures) {
                SendReceipt receipt = future.get(30, TimeUnit.SECONDS);
                receipts.add(receipt);
                ids.add(receipt.messageId());
            }
        }
        assertEquals("each send has its own message id", 20, ids.size());
        Map<String, MessageExt> stored = byMessageId(NativeConsumers.readFromStart(topic, 20, 15_000));
        assertEquals(20, stored.size());
        for (int i = 0; i < 20; i++) {
            MessageExt message = stored.get(receipts.get(i).messageId());
            assertNotNull("message " + i + " is in the broker", message);
            assertArrayEquals(bodies.get(i), message.getBody());
            assertEquals("bin-" + i, message.getKeys());
        }
    }

    @Test
    public void binaryBodyAsLargeAsTheProxyAcceptsArrivesUnchanged() throws Exception {
        String topic = TestCluster.newTopic("sdk_large");
        byte[] body = new byte[4 * 1024 * 1024];
        new Random(42).nextBytes(body);

        SendReceipt receipt = producer.send(Message.builder().topic(topic).body(body).tag("TagLarge").keys("large-1", "large-2")
            .property("region", "eu").build());

        List<MessageExt> stored = NativeConsumers.readFromStart(topic, 1, 20_000);
        assertEquals(1, stored.size());
        assertEquals(receipt.messageId(), stored.get(0).getMsgId());
        assertArrayEquals(body, stored.get(0).getBody());
        assertEquals("TagLarge", stored.get(0).getTags());
        assertEquals("large-1 large-2", stored.get(0).getKeys());
        assertEquals("eu", stored.get(0).getUserProperty("region"));

        long refusedBefore = LiveProxies.requests(proxy, "POST", "/v1/topics/{topic}/messages", 413);
        PayloadTooLargeException tooLarge = assertThrows(PayloadTooLargeException.class,
            () -> producer.send(Message.builder().topic(topic).body(new byte[body.length + 1]).build()));
        assertEquals(413, tooLarge.status());
        assertEquals(41300, tooLarge.code());
        assertEquals("a 413 is not retried", refusedBefore + 1,
            LiveProxies.requests(proxy, "POST", "/v1/topics/{topic}/messages", 413));
    }

    @Test
    public void binaryBodyWithMetadataBeyondAsciiArrivesUnchanged() throws Exception {
        String topic = TestCluster.newTopic("sdk_binary_utf8");
        byte[] body = {0, (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '\n', 0};

        SendReceipt receipt = producer.send(Message.builder().topic(topic).body(body).tag("Tög").keys("clé,1")
            .property("city", "Zürich").build());

        List<MessageExt> stored = NativeConsumers.readFromStart(topic, 1, 15_000);
        assertEquals(1, stored.size());
        assertEquals(receipt.messageId(), stored.get(0).getMsgId());
        assertArrayEquals(body, stored.get(0).getBody());
        assertEquals("Tög", stored.get(0).getTags());
        assertEquals("clé,1", stored.get(0).getKeys());
        assertEquals("Zürich", stored.get(0).getUserProperty("city"));
    }

    @Test
    public void sendBatchReturnsOneReceiptPerMessageInRequestOrder() throws Exception {
        String topic = TestCluster.newTopic("sdk_batch");
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Message.Builder message = Message.builder().topic(topic).keys("k" + i).property("index", String.valueOf(i));
            if (i % 3 == 0) {
                message.body(new byte[] {(byte) 0xff, (byte) i, 0}).tag("TagBin");
            } else {
                message.body("batch-" + i).tag("TagText");
            }
            batch.add(message.build());
        }

        BatchResult<SendReceipt> result = producer.sendBatch(batch);

        assertEquals(16, result.size());
        assertTrue(result.toString(), result.isAllSucceeded());
        assertTrue(result.failures().isEmpty());
        Map<String, MessageExt> stored = byMessageId(NativeConsumers.readFromStart(topic, 16, 15_000));
        assertEquals(16, stored.size());
        for (int i = 0; i < 16; i++) {
            MessageExt message = stored.get(result.get(i).value().messageId());
            assertNotNull("entry " + i + " names a stored message", message);
            assertArrayEquals(batch.get(i).body(), message.getBody());
            assertEquals(batch.get(i).tag().get(), message.getTags());
            assertEquals("k" + i, message.getKeys());
            assertEquals(String.valueOf(i), message.getUserProperty("index"));
            assertEquals(result.get(i).value().queueOffset(), message.getQueueOffset());
        }
    }

    @Test
    public void sendBatchWithOneInvalidEntryReportsItAndStoresTheOthers() throws Exception {
        String topic = TestCluster.newTopic("sdk_batch_partial");
        List<Message> batch = List.of(
            Message.builder().topic(topic).body("first").build(),
            // KEYS is a property RocketMQ reserves for itself: the proxy refuses it, the SDK does not know the list
            Message.builder().topic(topic).body("reserved").property("KEYS", "x").build(),
            Message.builder().topic(topic).body("third").build());

        BatchResult<SendReceipt> result = producer.sendBatchAsync(batch).get(30, TimeUnit.SECONDS);

        assertEquals(3, result.size());
        assertFalse(result.isAllSucceeded());
        assertEquals(1, result.failures().size());
        assertTrue(result.get(0).isSuccess());
        assertTrue(result.get(2).isSuccess());
        HttpProxyClientException error = result.get(1).error();
        assertTrue(error.toString(), error instanceof BadRequestException);
        assertEquals(400, error.status());
        assertEquals(40003, error.code());
        assertEquals("ILLEGAL_MESSAGE", error.error());
        assertNotNull(error.requestId());
        assertFalse(error.isRetryable());
        assertSame(error, assertThrows(BadRequestException.class, () -> result.get(1).value()));

        List<MessageExt> stored = NativeConsumers.readFromStart(topic, 3, 3_000);
        Map<String, String> bodyById = new HashMap<>();
        stored.forEach(m -> bodyById.put(m.getMsgId(), text(m)));
        assertEquals("only the valid entries were stored", Set.of("first", "third"), new HashSet<>(bodyById.values()));
        assertEquals("first", bodyById.get(result.get(0).value().messageId()));
        assertEquals("third", bodyById.get(result.get(2).value().messageId()));
    }

    @Test
    public void messageGroupKeepsEachGroupInOneQueueInSendOrder() throws Exception {
        String topic = TestCluster.newTopic("sdk_fifo", 8, TopicMessageType.FIFO);
        List<String> groups = List.of("order-a", "order-b", "order-c");
        for (int i = 0; i < 10; i++) {
            for (String group : groups) {
                producer.send(Message.builder().topic(topic).body(group + ":" + i).messageGroup(group).build());
            }
        }
        List<Message> batch = new ArrayList<>();
        for (int i = 10; i < 20; i++) {
            for (String group : groups) {
                batch.add(Message.builder().topic(topic).body(group + ":" + i).messageGroup(group).build());
            }
        }
        assertTrue(producer.sendBatch(batch).isAllSucceeded());

        List<MessageExt> stored = NativeConsumers.readFromStart(topic, 60, 20_000);
        assertEquals(60, stored.size());
        stored.sort((a, b) -> Long.compare(a.getQueueOffset(), b.getQueueOffset()));
        for (String group : groups) {
            Set<Integer> queues = new HashSet<>();
            List<String> bodies = new ArrayList<>();
            for (MessageExt message : stored) {
                if (group.equals(message.getProperty(MessageConst.PROPERTY_SHARDING_KEY))) {
                    queues.add(message.getQueueId());
                    bodies.add(text(message));
                }
            }
            assertEquals(group + " lives in one queue", 1, queues.size());
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                expected.add(group + ":" + i);
            }
            assertEquals(expected, bodies);
        }
    }

    @Test
    public void deliveryTimestampKeepsTheMessageBackUntilItsTime() throws Exception {
        String topic = TestCluster.newTopic("sdk_timer", 4, TopicMessageType.DELAY);
        long deliverAt = System.currentTimeMillis() + 6_000;

        SendReceipt receipt = producer.send(Message.builder().topic(topic).body("later").deliveryTimestamp(deliverAt).build());

        assertNotNull(receipt.messageId());
        List<MessageExt> early = NativeConsumers.readFromStart(topic, 1, 2_000);
        assertTrue("delivered before its time: " + early, early.isEmpty() || System.currentTimeMillis() >= deliverAt);
        List<MessageExt> stored = NativeConsumers.readFromStart(topic, 1, 30_000);
        assertEquals(1, stored.size());
        assertEquals("later", text(stored.get(0)));
        // the broker's timer wheel has a one-second precision
        assertTrue("stored at " + stored.get(0).getStoreTimestamp() + " for " + deliverAt,
            stored.get(0).getStoreTimestamp() >= deliverAt - 1_000);
    }

    @Test
    public void configuredProducerGroupIsTheOneTheProxySendsUnder() throws Exception {
        String topic = TestCluster.newTopic("sdk_group");
        String group = TestCluster.uniqueName("PID_sdk");
        long before = LiveProxies.metric(proxy, "rocketmq_http_producer_groups");
        try (HttpProducer grouped = HttpProducer.create(LiveProxies.config(proxy).producerGroup(group).build())) {
            for (int i = 0; i < 3; i++) {
                grouped.send(Message.builder().topic(topic).body("g" + i).build());
            }
        }
        assertEquals("one new pooled producer for the new group, shared by its sends",
            before + 1, LiveProxies.metric(proxy, "rocketmq_http_producer_groups"));
        assertEquals(3, NativeConsumers.readFromStart(topic, 3, 15_000).size());
    }

    @Test
    public void closedProducerRefusesToSend() {
        HttpProducer closed = HttpProducer.create(LiveProxies.config(proxy).build());
        closed.close();
        assertThrows(IllegalStateException.class, () -> closed.send(Message.builder().topic("TopicTest").body("x").build()));
    }
}
