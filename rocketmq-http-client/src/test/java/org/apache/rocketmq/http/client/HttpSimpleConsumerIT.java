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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.common.attribute.TopicMessageType;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.test.TestCluster;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/**
 * Every method of the simple consumer against a real proxy and broker: receive, ack, batch ack,
 * lease changes and nacks, tag and SQL filters, FIFO.
 */
public class HttpSimpleConsumerIT {
    private static final Duration INVISIBLE = Duration.ofSeconds(10);
    private static final Duration SHORT_WAIT = Duration.ofSeconds(2);

    private static HttpProxyController proxy;
    private static ClientConfig config;
    private static HttpProducer producer;

    @BeforeClass
    public static void start() {
        proxy = TestCluster.startProxy();
        config = LiveProxies.config(proxy).build();
        producer = HttpProducer.create(config);
    }

    @AfterClass
    public static void stop() {
        producer.close();
        proxy.shutdown();
    }

    private static HttpSimpleConsumer.Builder consumer(String topic, String group) {
        return HttpSimpleConsumer.builder(config).topic(topic).group(group);
    }

    private static String text(ReceivedMessage message) {
        return new String(message.body(), StandardCharsets.UTF_8);
    }

    /** Receives until {@code count} messages arrived or 30 s passed, acking none of them. */
    private static List<ReceivedMessage> receiveAtLeast(HttpSimpleConsumer consumer, int count) {
        List<ReceivedMessage> got = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 30_000;
        while (got.size() < count && System.currentTimeMillis() < deadline) {
            got.addAll(consumer.receive(32, INVISIBLE, SHORT_WAIT));
        }
        return got;
    }

    /** Receives and acks until {@code count} messages arrived or 30 s passed; returns the bodies in arrival order. */
    private static List<String> consumeAll(HttpSimpleConsumer consumer, int count) {
        List<String> bodies = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 30_000;
        while (bodies.size() < count && System.currentTimeMillis() < deadline) {
            for (ReceivedMessage message : consumer.receive(32, INVISIBLE, SHORT_WAIT)) {
                bodies.add(text(message));
                consumer.ack(message);
            }
        }
        return bodies;
    }

    @Test
    public void receivedMessageCarriesEverythingTheProducerSent() throws Exception {
        String topic = TestCluster.newTopic("sc_fields");
        String group = TestCluster.newGroup("GID_sc_fields");
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (255 - i);
        }
        long before = System.currentTimeMillis();
        SendReceipt text = producer.send(Message.builder().topic(topic).body("héllo ✓").tag("TagA").keys("k1", "k2")
            .property("region", "eu").property("n", "1").build());
        SendReceipt bytes = producer.send(Message.builder().topic(topic).body(binary).tag("TagBin").build());

        try (HttpSimpleConsumer consumer = consumer(topic, group).build()) {
            List<ReceivedMessage> got = consumer.receiveAsync(32, INVISIBLE, Duration.ofSeconds(5)).get(30, TimeUnit.SECONDS);
            if (got.size() < 2) {
                got = new ArrayList<>(got);
                got.addAll(receiveAtLeast(consumer, 2 - got.size()));
            }
            assertEquals(2, got.size());
            Map<String, ReceivedMessage> byId = new HashMap<>();
            got.forEach(m -> byId.put(m.messageId(), m));

            ReceivedMessage first = byId.get(text.messageId());
            assertEquals(topic, first.topic());
            assertEquals("héllo ✓", text(first));
            assertEquals("TagA", first.tag().get());
            assertEquals(List.of("k1", "k2"), first.keys());
            assertEquals(Map.of("region", "eu", "n", "1"), first.properties());
            assertEquals(1, first.deliveryAttempt());
            assertFalse(first.messageGroup().isPresent());
            assertEquals(text.brokerName(), first.brokerName());
            assertEquals(text.queueId(), first.queueId());
            assertEquals(text.queueOffset(), first.queueOffset());
            assertTrue(first.bornTimestamp() >= before - 1_000);
            assertTrue(first.storeTimestamp() >= first.bornTimestamp() - 1_000);
            assertTrue(first.invisibleUntil() > System.currentTimeMillis());
            assertFalse(first.receiptHandle().isEmpty());

            ReceivedMessage second = byId.get(bytes.messageId());
            assertArrayEquals("a body that is not UTF-8 arrives byte for byte", binary, second.body());
            assertEquals("TagBin", second.tag().get());
            assertTrue(second.keys().isEmpty());
            assertTrue(second.properties().isEmpty());

            consumer.ack(first);
            consumer.ackAsync(second).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    public void receiveReturnsAnEmptyListWhenNothingArrivesInTheWait() {
        String topic = TestCluster.newTopic("sc_empty");
        try (HttpSimpleConsumer consumer = consumer(topic, TestCluster.newGroup("GID_sc_empty")).build()) {
            assertTrue(consumer.receive(16, INVISIBLE, Duration.ofSeconds(1)).isEmpty());
        }
    }

    @Test
    public void ackedMessagesStayConsumedAndUnackedOnesComeBack() throws Exception {
        String topic = TestCluster.newTopic("sc_ack");
        String group = TestCluster.newGroup("GID_sc_ack");
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            messages.add(Message.builder().topic(topic).body("m" + i).build());
        }
        LiveProxies.sendAll(producer, messages);

        try (HttpSimpleConsumer consumer = consumer(topic, group).build()) {
            List<ReceivedMessage> got = receiveAtLeast(consumer, 10);
            assertEquals(10, got.size());
            got.sort((a, b) -> text(a).compareTo(text(b)));
            Map<String, String> firstHandles = new HashMap<>();
            got.forEach(m -> firstHandles.put(text(m), m.receiptHandle()));

            consumer.ack(got.get(0).receiptHandle());
            List<String> handles = new ArrayList<>();
            for (int i = 1; i < 7; i++) {
                handles.add(got.get(i).receiptHandle());
            }
            handles.add(3, "not-a-handle");
            BatchResult<String> acks = consumer.ackBatch(handles);
            assertEquals(7, acks.size());
            assertEquals(1, acks.failures().size());
            assertEquals(3, acks.failures().get(0).index());
            assertTrue(acks.get(3).error() instanceof BadRequestException);
            assertEquals(handles.get(0), acks.get(0).value());
            assertEquals(handles.get(6), acks.get(6).value());

            // m7, m8 and m9 were not acked: they come back after their invisibility, the others do not
            Set<String> back = new HashSet<>();
            List<String> backHandles = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 40_000;
            while (back.size() < 3 && System.currentTimeMillis() < deadline) {
                for (ReceivedMessage message : consumer.receive(32, INVISIBLE, Duration.ofSeconds(5))) {
                    assertTrue("acked " + text(message) + " came back", back.add(text(message)));
                    assertEquals(2, message.deliveryAttempt());
                    backHandles.add(message.receiptHandle());
                }
            }
            assertEquals(Set.of("m7", "m8", "m9"), back);
            assertTrue(consumer.receive(32, INVISIBLE, SHORT_WAIT).isEmpty());

            // the handle of the first delivery is no longer valid
            ReceiptHandleExpiredException stale = assertThrows(ReceiptHandleExpiredException.class,
                () -> consumer.ack(firstHandles.get("m7")));
            assertEquals(410, stale.status());
            assertEquals(41000, stale.code());
            BatchResult<String> last = consumer.ackBatchAsync(backHandles).get(30, TimeUnit.SECONDS);
            assertTrue(last.toString(), last.isAllSucceeded());
        }
    }

    @Test
    public void changeInvisibleDurationReturnsANewHandleAndZeroDeliversAgain() throws Exception {
        String topic = TestCluster.newTopic("sc_lease");
        String group = TestCluster.newGroup("GID_sc_lease");
        SendReceipt sent = producer.send(Message.builder().topic(topic).body("leased").build());

        try (HttpSimpleConsumer consumer = consumer(topic, group).build()) {
            List<ReceivedMessage> got = receiveAtLeast(consumer, 1);
            assertEquals(1, got.size());
            String oldHandle = got.get(0).receiptHandle();

            String newHandle = consumer.changeInvisibleDuration(got.get(0), Duration.ofSeconds(30));

            assertNotEquals(oldHandle, newHandle);
            // the replaced handle is refused on this proxy rather than reported as acked
            ReceiptHandleExpiredException oldAck = assertThrows(ReceiptHandleExpiredException.class, () -> consumer.ack(oldHandle));
            assertEquals(41000, oldAck.code());
            assertThrows(ReceiptHandleExpiredException.class, () -> consumer.changeInvisibleDuration(oldHandle, Duration.ZERO));
            // without the extension the message would be back 10 s after the receive
            assertTrue(consumer.receive(32, INVISIBLE, Duration.ofSeconds(13)).isEmpty());

            String nackHandle = consumer.changeInvisibleDurationAsync(newHandle, Duration.ZERO).get(30, TimeUnit.SECONDS);
            assertNotEquals(newHandle, nackHandle);
            // a nack makes it visible at once, well before the 30 s lease would have ended
            List<ReceivedMessage> again = consumer.receive(32, INVISIBLE, Duration.ofSeconds(15));
            assertEquals(1, again.size());
            assertEquals(sent.messageId(), again.get(0).messageId());
            assertEquals("leased", text(again.get(0)));
            assertEquals(2, again.get(0).deliveryAttempt());
            consumer.ack(again.get(0));
        }
    }

    @Test
    public void tagFilterReceivesOnlyTheMatchingTags() throws Exception {
        String topic = TestCluster.newTopic("sc_tag");
        String group = TestCluster.newGroup("GID_sc_tag");
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            for (String tag : List.of("TagA", "TagB", "TagC")) {
                messages.add(Message.builder().topic(topic).body(tag + i).tag(tag).build());
            }
        }
        messages.add(Message.builder().topic(topic).body("untagged").build());
        LiveProxies.sendAll(producer, messages);

        try (HttpSimpleConsumer consumer = consumer(topic, group).filter(FilterExpression.tag("TagA||TagB")).build()) {
            List<String> bodies = consumeAll(consumer, 6);
            assertTrue(consumer.receive(32, INVISIBLE, SHORT_WAIT).isEmpty());
            assertEquals(Set.of("TagA0", "TagA1", "TagA2", "TagB0", "TagB1", "TagB2"), new HashSet<>(bodies));
            assertEquals(6, bodies.size());
        }
    }

    @Test
    public void sqlFilterReceivesOnlyTheMatchingProperties() throws Exception {
        String topic = TestCluster.newTopic("sc_sql");
        String group = TestCluster.newGroup("GID_sc_sql");
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            messages.add(Message.builder().topic(topic).body("m" + i)
                .property("region", i % 2 == 0 ? "eu" : "us").property("n", String.valueOf(i)).build());
        }
        LiveProxies.sendAll(producer, messages);

        try (HttpSimpleConsumer consumer = consumer(topic, group).filter(FilterExpression.sql("region = 'eu' AND n > 1")).build()) {
            List<String> bodies = consumeAll(consumer, 3);
            assertTrue(consumer.receive(32, INVISIBLE, SHORT_WAIT).isEmpty());
            assertEquals(Set.of("m2", "m4", "m6"), new HashSet<>(bodies));
            assertEquals(3, bodies.size());
        }
    }

    @Test
    public void fifoReceivesAGroupInOrderAndHoldsItUntilAcked() throws Exception {
        String topic = TestCluster.newTopic("sc_fifo", 1, TopicMessageType.FIFO);
        String group = TestCluster.newGroup("GID_sc_fifo", true, 16);
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            messages.add(Message.builder().topic(topic).body(String.valueOf(i)).messageGroup("order-1").build());
        }
        LiveProxies.sendAll(producer, messages);

        try (HttpSimpleConsumer consumer = consumer(topic, group).fifo(true).build()) {
            assertTrue(consumer.isFifo());
            List<ReceivedMessage> head = consumer.receive(4, INVISIBLE, Duration.ofSeconds(5));
            assertFalse(head.isEmpty());
            for (int i = 0; i < head.size(); i++) {
                assertEquals(String.valueOf(i), text(head.get(i)));
                assertEquals("order-1", head.get(i).messageGroup().get());
            }
            // the next messages of the group wait until these are acked
            assertTrue(consumer.receive(4, INVISIBLE, SHORT_WAIT).isEmpty());

            List<String> order = new ArrayList<>();
            for (ReceivedMessage message : head) {
                order.add(text(message));
                consumer.ack(message);
            }
            order.addAll(consumeAll(consumer, 12 - head.size()));
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                expected.add(String.valueOf(i));
            }
            assertEquals(expected, order);
        }
    }
}
