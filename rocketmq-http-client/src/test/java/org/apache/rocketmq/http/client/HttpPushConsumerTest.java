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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class HttpPushConsumerTest {
    private FakeProxy proxy;
    private FakeBroker broker;
    private HttpPushConsumer consumer;

    @Before
    public void start() throws Exception {
        broker = new FakeBroker();
        proxy = new FakeProxy().respond(broker);
    }

    @After
    public void stop() {
        if (consumer != null) {
            consumer.close();
        }
        proxy.close();
    }

    private HttpPushConsumer.Builder builder() {
        return HttpPushConsumer.builder(TestConfigs.fast(proxy.endpoint()).build())
            .group("GroupTest")
            .topic("TopicTest")
            .waitDuration(Duration.ofSeconds(1))
            .shutdownTimeout(Duration.ofSeconds(20));
    }

    @Test
    public void messagesTheListenerConsumedAreAcked() {
        broker.add("m1", null, 1);
        broker.add("m2", null, 1);
        broker.add("m3", null, 1);
        List<String> seen = new CopyOnWriteArrayList<>();

        consumer = builder().listener(message -> {
            seen.add(message.messageId());
            return ConsumeResult.SUCCESS;
        }).build();

        await("three acks", () -> broker.acked.size() == 3);
        consumer.close();
        assertEquals(Arrays.asList("h-m1", "h-m2", "h-m3"), sorted(broker.acked));
        assertEquals(Arrays.asList("m1", "m2", "m3"), sorted(seen));
        assertTrue(broker.nacks.isEmpty());
        assertEquals("GroupTest", broker.receives.get(0).query().get("group"));
    }

    @Test
    public void failedMessageIsNackedWithABackoffGrowingWithItsDeliveryAttempt() {
        broker.add("first", null, 1);
        broker.add("third", null, 3);

        consumer = builder()
            .nackBackoff(Duration.ofSeconds(2), Duration.ofMinutes(1))
            .listener(message -> ConsumeResult.FAILURE)
            .build();

        await("two nacks", () -> broker.nacks.size() == 2);
        consumer.close();
        assertEquals(Arrays.asList("h-first=2", "h-third=8"), sorted(broker.nacks));
        assertTrue(broker.acked.isEmpty());
    }

    @Test
    public void listenerThatThrowsOrReturnsNullCountsAsFailure() {
        broker.add("throws", null, 1);
        broker.add("null", null, 1);

        consumer = builder()
            .nackBackoff(Duration.ofSeconds(5), Duration.ofSeconds(5))
            .listener(message -> {
                if (message.messageId().equals("throws")) {
                    throw new IllegalStateException("handler bug");
                }
                return null;
            })
            .build();

        await("two nacks", () -> broker.nacks.size() == 2);
        consumer.close();
        assertEquals(Arrays.asList("h-null=5", "h-throws=5"), sorted(broker.nacks));
        assertTrue(broker.acked.isEmpty());
    }

    @Test
    public void fifoHandsMessagesOfOneGroupToTheListenerOneAtATimeInOrder() {
        for (int i = 1; i <= 3; i++) {
            broker.add("g1-" + i, "g1", 1);
            broker.add("g2-" + i, "g2", 1);
        }
        Map<String, List<String>> order = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        AtomicBoolean overlapped = new AtomicBoolean();

        consumer = builder().fifo(true).consumptionThreads(4).listener(message -> {
            String group = message.messageGroup().orElseThrow();
            if (running.computeIfAbsent(group, g -> new AtomicInteger()).incrementAndGet() > 1) {
                overlapped.set(true);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            order.computeIfAbsent(group, g -> new CopyOnWriteArrayList<>()).add(message.messageId());
            running.get(group).decrementAndGet();
            return ConsumeResult.SUCCESS;
        }).build();

        await("six acks", () -> broker.acked.size() == 6);
        consumer.close();
        assertEquals("true", broker.receives.get(0).query().get("order"));
        assertEquals(Arrays.asList("g1-1", "g1-2", "g1-3"), order.get("g1"));
        assertEquals(Arrays.asList("g2-1", "g2-2", "g2-3"), order.get("g2"));
        assertFalse("two messages of one group were handled at once", overlapped.get());
    }

    @Test
    public void fifoFailureHoldsBackTheRestOfItsQueueOnly() {
        broker.add("g1-1", "g1", 1, 0);
        broker.add("g1-2", "g1", 1, 0);
        broker.add("g2-1", "g2", 1, 1);
        broker.add("g1-3", "g1", 1, 0);
        List<String> seen = new CopyOnWriteArrayList<>();

        consumer = builder().fifo(true).nackBackoff(Duration.ofSeconds(3), Duration.ofMinutes(1)).listener(message -> {
            seen.add(message.messageId());
            return message.messageId().equals("g1-1") ? ConsumeResult.FAILURE : ConsumeResult.SUCCESS;
        }).build();

        await("three nacks and one ack", () -> broker.nacks.size() == 3 && broker.acked.size() == 1);
        consumer.close();
        assertEquals(Arrays.asList("h-g1-1=3", "h-g1-2=3", "h-g1-3=3"), sorted(broker.nacks));
        assertEquals(Collections.singletonList("h-g2-1"), broker.acked);
        assertEquals(Arrays.asList("g1-1", "g2-1"), sorted(seen));
    }

    @Test
    public void fifoFailureHoldsBackOtherGroupsOfItsQueueBecauseTheBrokerRedeliversTheWholeQueue() {
        broker.add("g1-1", "g1", 1, 0);
        broker.add("g2-1", "g2", 1, 0);
        broker.add("g1-2", "g1", 1, 0);
        List<String> seen = new CopyOnWriteArrayList<>();

        consumer = builder().fifo(true).consumptionThreads(4).nackBackoff(Duration.ofSeconds(3), Duration.ofMinutes(1))
            .listener(message -> {
                seen.add(message.messageId());
                return message.messageId().equals("g1-1") ? ConsumeResult.FAILURE : ConsumeResult.SUCCESS;
            }).build();

        await("three nacks", () -> broker.nacks.size() == 3);
        consumer.close();
        assertEquals(Arrays.asList("h-g1-1=3", "h-g1-2=3", "h-g2-1=3"), sorted(broker.nacks));
        assertTrue("g2-1 is behind the failed message in its queue: it was not handled, so its redelivery "
            + "is no duplicate", broker.acked.isEmpty());
        assertEquals(Collections.singletonList("g1-1"), seen);
    }

    @Test
    public void closeLetsTheRunningHandlerFinishAcksItAndNacksMessagesNotStarted() throws Exception {
        broker.add("m1", null, 1);
        broker.add("m2", null, 1);
        broker.add("m3", null, 1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();

        consumer = builder().consumptionThreads(1).listener(message -> {
            seen.add(message.messageId());
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ConsumeResult.SUCCESS;
        }).build();
        assertTrue(started.await(10, TimeUnit.SECONDS));

        Thread closer = new Thread(consumer::close);
        closer.start();
        await("close to begin", consumer::isClosing);
        release.countDown();
        closer.join(30_000);

        assertFalse("close returned", closer.isAlive());
        assertEquals(Collections.singletonList("m1"), seen);
        assertEquals(Collections.singletonList("h-m1"), broker.acked);
        assertEquals(Arrays.asList("h-m2=0", "h-m3=0"), sorted(broker.nacks));
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            assertFalse("polling stopped: " + thread.getName(), thread.getName().startsWith("rocketmq-http-push-poller"));
        }
    }

    @Test
    public void messagesReturnedByAPollInFlightDuringCloseAreNackedAtOnce() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        broker.holdReceives = answer;
        List<String> seen = new CopyOnWriteArrayList<>();

        consumer = builder().listener(message -> {
            seen.add(message.messageId());
            return ConsumeResult.SUCCESS;
        }).build();
        await("a poll in flight", () -> broker.receives.size() == 1);
        broker.add("late", null, 1);

        Thread closer = new Thread(consumer::close);
        closer.start();
        await("close to begin", consumer::isClosing);
        answer.countDown();
        closer.join(30_000);

        assertFalse("close returned", closer.isAlive());
        assertTrue(seen.isEmpty());
        assertTrue(broker.acked.isEmpty());
        assertEquals(Collections.singletonList("h-late=0"), broker.nacks);
    }

    private static List<String> sorted(List<String> values) {
        List<String> copy = new ArrayList<>(values);
        Collections.sort(copy);
        return copy;
    }

    /** Waits for something the consumer does on its own threads; the deadline only stops a broken test. */
    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("waited in vain for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    /** Serves receives from a queue and records acks and lease changes, like the proxy over a broker. */
    private static final class FakeBroker implements FakeProxy.Responder {
        final BlockingQueue<ObjectNode> pending = new LinkedBlockingQueue<>();
        final List<FakeProxy.Recorded> receives = new CopyOnWriteArrayList<>();
        final List<String> acked = new CopyOnWriteArrayList<>();
        final List<String> nacks = new CopyOnWriteArrayList<>();
        volatile CountDownLatch holdReceives;

        void add(String id, String messageGroup, int deliveryAttempt) {
            add(id, messageGroup, deliveryAttempt, 0);
        }

        void add(String id, String messageGroup, int deliveryAttempt, int queueId) {
            ObjectNode message = FakeProxy.JSON.createObjectNode()
                .put("messageId", id)
                .put("topic", "TopicTest")
                .put("body", "body of " + id)
                .put("bodyEncoding", "utf-8")
                .put("deliveryAttempt", deliveryAttempt)
                .put("brokerName", "broker-a")
                .put("queueId", queueId)
                .put("receiptHandle", "h-" + id);
            message.put("messageGroup", messageGroup);
            pending.add(message);
        }

        @Override
        public FakeProxy.Reply answer(FakeProxy.Recorded request) throws Exception {
            if (request.method.equals("GET")) {
                receives.add(request);
                CountDownLatch hold = holdReceives;
                if (hold != null) {
                    hold.await();
                }
                ObjectNode body = FakeProxy.JSON.createObjectNode();
                ArrayNode messages = body.putArray("messages");
                int max = Integer.parseInt(request.query().get("max"));
                while (messages.size() < max && !pending.isEmpty()) {
                    messages.add(pending.poll());
                }
                if (messages.size() == 0) {
                    Thread.sleep(50);
                }
                return FakeProxy.Reply.json(200, body);
            }
            JsonNode json = request.json();
            if (request.rawPath.endsWith("/acks")) {
                ObjectNode body = FakeProxy.JSON.createObjectNode();
                ArrayNode results = body.putArray("results");
                for (JsonNode handle : json.get("receiptHandles")) {
                    acked.add(handle.asText());
                    results.addObject().put("receiptHandle", handle.asText()).put("status", "OK");
                }
                return FakeProxy.Reply.json(200, body);
            }
            String handle = json.get("receiptHandle").asText();
            nacks.add(handle + "=" + json.get("invisibleSeconds").asLong());
            return FakeProxy.Reply.json(200, "{\"receiptHandle\":\"" + handle + "-next\",\"invisibleUntil\":0}");
        }
    }
}
