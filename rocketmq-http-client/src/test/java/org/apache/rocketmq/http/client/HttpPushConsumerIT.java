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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.rocketmq.common.attribute.TopicMessageType;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.test.TestCluster;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * The push consumer against a real proxy and broker: failures redelivered until handled once,
 * FIFO order under many handler threads, and a close that leaves nothing hidden.
 */
public class HttpPushConsumerIT {
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

    private static int index(ReceivedMessage message) {
        String body = new String(message.body(), StandardCharsets.UTF_8);
        return Integer.parseInt(body.substring(body.indexOf(':') + 1));
    }

    private static void awaitCondition(String what, long timeoutMillis, BooleanSupplier condition)
        throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    public void everyOneOfAThousandMessagesIsHandledSuccessfullyExactlyOnce() throws Exception {
        String topic = TestCluster.newTopic("push_thousand");
        String group = TestCluster.newGroup("GID_push_thousand");
        int total = 1000;
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            messages.add(Message.builder().topic(topic).body("m:" + i).build());
        }
        List<SendReceipt> receipts = LiveProxies.sendAll(producer, messages);
        Set<String> sentIds = new HashSet<>();
        receipts.forEach(r -> sentIds.add(r.messageId()));
        assertEquals(total, sentIds.size());

        // deterministic failures on the first delivery: every 10th returns FAILURE, every 10th + 5 throws
        Map<String, AtomicInteger> successes = new ConcurrentHashMap<>();
        Map<String, Integer> successfulAttempt = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        AtomicBoolean closed = new AtomicBoolean();
        AtomicInteger callsAfterClose = new AtomicInteger();
        MessageListener listener = message -> {
            if (closed.get()) {
                callsAfterClose.incrementAndGet();
            }
            calls.computeIfAbsent(message.messageId(), id -> new AtomicInteger()).incrementAndGet();
            int index = index(message);
            if (message.deliveryAttempt() == 1 && index % 10 == 0) {
                return ConsumeResult.FAILURE;
            }
            if (message.deliveryAttempt() == 1 && index % 10 == 5) {
                throw new IllegalStateException("listener failure injected by the test");
            }
            successes.computeIfAbsent(message.messageId(), id -> new AtomicInteger()).incrementAndGet();
            successfulAttempt.put(message.messageId(), message.deliveryAttempt());
            return ConsumeResult.SUCCESS;
        };

        HttpPushConsumer consumer = HttpPushConsumer.builder(config)
            .topic(topic)
            .group(group)
            .listener(listener)
            .consumptionThreads(8)
            .maxInFlightMessages(64)
            .receiveBatchSize(32)
            .invisibleDuration(Duration.ofSeconds(20))
            .waitDuration(Duration.ofSeconds(2))
            .nackBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5))
            .shutdownTimeout(Duration.ofSeconds(10))
            .build();
        try {
            awaitCondition("every message handled", 120_000, () -> successes.size() >= total);
            // give a duplicate delivery a moment to show up
            Thread.sleep(2_000);
        } finally {
            consumer.close();
            closed.set(true);
        }

        assertEquals("nothing missing, nothing foreign", sentIds, successes.keySet());
        for (Map.Entry<String, AtomicInteger> success : successes.entrySet()) {
            assertEquals("successes of " + success.getKey(), 1, success.getValue().get());
        }
        int redelivered = 0;
        for (int i = 0; i < total; i++) {
            String id = receipts.get(i).messageId();
            if (i % 10 == 0 || i % 10 == 5) {
                redelivered++;
                assertTrue("message " + i + " failed once, so it was delivered again", successfulAttempt.get(id) >= 2);
                assertTrue(calls.get(id).get() >= 2);
            }
        }
        assertEquals(200, redelivered);
        assertEquals("no listener call once close() returned", 0, callsAfterClose.get());
        assertTrue(consumer.isClosing());
    }

    @Test
    public void closeFinishesRunningHandlersAndReleasesWhatWasNotHandedOver() throws Exception {
        HttpProxyController own = TestCluster.startProxy();
        try (HttpProducer ownProducer = HttpProducer.create(LiveProxies.config(own).build())) {
            String topic = TestCluster.newTopic("push_close");
            String group = TestCluster.newGroup("GID_push_close");
            List<Message> messages = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                messages.add(Message.builder().topic(topic).body("c:" + i).build());
            }
            LiveProxies.sendAll(ownProducer, messages);

            CountDownLatch entered = new CountDownLatch(2);
            CountDownLatch release = new CountDownLatch(1);
            List<Integer> handled = new CopyOnWriteArrayList<>();
            HttpPushConsumer consumer = HttpPushConsumer.builder(LiveProxies.config(own).build())
                .topic(topic)
                .group(group)
                .consumptionThreads(2)
                .maxInFlightMessages(10)
                .receiveBatchSize(10)
                // far longer than the test: whatever comes back early was released by close()
                .invisibleDuration(Duration.ofSeconds(60))
                .waitDuration(Duration.ofSeconds(1))
                .shutdownTimeout(Duration.ofSeconds(20))
                .listener(message -> {
                    entered.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return ConsumeResult.FAILURE;
                    }
                    handled.add(index(message));
                    return ConsumeResult.SUCCESS;
                })
                .build();
            assertTrue("both handler threads are busy", entered.await(30, TimeUnit.SECONDS));
            Thread closer = new Thread(consumer::close, "push-close-test");
            closer.start();
            awaitCondition("close() to begin", 10_000, consumer::isClosing);
            release.countDown();
            closer.join(60_000);
            assertFalse("close() returned", closer.isAlive());

            assertEquals("the two running handlers finished; nothing else was handed over", 2, handled.size());
            long received = LiveProxies.metric(own, "rocketmq_http_messages_received_total");
            assertEquals("the finished ones were acked", 2, LiveProxies.metric(own, "rocketmq_http_messages_acked_total"));
            assertEquals("every other received message was released with a lease change",
                received - 2, LiveProxies.requests(own, "POST", "/v1/topics/{topic}/leases", 200));

            // the released ones are visible again long before their 60 s invisibility would have ended
            Set<Integer> rest = new HashSet<>();
            try (HttpSimpleConsumer drain = HttpSimpleConsumer.builder(LiveProxies.config(own).build())
                .topic(topic).group(group).build()) {
                long deadline = System.currentTimeMillis() + 30_000;
                while (rest.size() < 38 && System.currentTimeMillis() < deadline) {
                    for (ReceivedMessage message : drain.receive(32, Duration.ofSeconds(10), Duration.ofSeconds(2))) {
                        assertFalse("handled message " + index(message) + " came back", handled.contains(index(message)));
                        rest.add(index(message));
                        drain.ack(message);
                    }
                }
            }
            assertEquals(38, rest.size());
        } finally {
            own.shutdown();
        }
    }

    @Test
    public void closeCalledFromTheListenerDoesNotWaitForItselfAndStillAcksTheMessage() throws Exception {
        HttpProxyController own = TestCluster.startProxy();
        try (HttpProducer ownProducer = HttpProducer.create(LiveProxies.config(own).build())) {
            String topic = TestCluster.newTopic("push_close_inside");
            String group = TestCluster.newGroup("GID_push_close_inside");
            ownProducer.send(Message.builder().topic(topic).body("x:0").build());

            AtomicReference<HttpPushConsumer> self = new AtomicReference<>();
            CountDownLatch built = new CountDownLatch(1);
            CountDownLatch closeReturned = new CountDownLatch(1);
            AtomicInteger calls = new AtomicInteger();
            Duration shutdownTimeout = Duration.ofSeconds(20);
            HttpPushConsumer consumer = HttpPushConsumer.builder(LiveProxies.config(own).build())
                .topic(topic)
                .group(group)
                .consumptionThreads(1)
                .invisibleDuration(Duration.ofSeconds(60))
                .waitDuration(Duration.ofSeconds(1))
                .shutdownTimeout(shutdownTimeout)
                .listener(message -> {
                    calls.incrementAndGet();
                    try {
                        built.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    // a listener that decides consumption is over, e.g. after a poison pill
                    self.get().close();
                    closeReturned.countDown();
                    return ConsumeResult.SUCCESS;
                })
                .build();
            self.set(consumer);
            built.countDown();

            assertTrue("close() from the listener returned before the shutdown timeout",
                closeReturned.await(shutdownTimeout.toMillis() / 2, TimeUnit.MILLISECONDS));
            awaitCondition("the message being handled to be acked", 15_000,
                () -> LiveProxies.metric(own, "rocketmq_http_messages_acked_total") == 1);
            consumer.close();
            assertTrue(consumer.isClosing());
            assertEquals(1, calls.get());
        } finally {
            own.shutdown();
        }
    }

    @Test
    public void fifoHandsEachMessageGroupOverInOrderAcrossManyThreads() throws Exception {
        String topic = TestCluster.newTopic("push_fifo", 4, TopicMessageType.FIFO);
        String group = TestCluster.newGroup("GID_push_fifo", true, 16);
        int groups = 6;
        int perGroup = 25;
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < perGroup; i++) {
            for (int g = 0; g < groups; g++) {
                messages.add(Message.builder().topic(topic).body("g" + g + ":" + i).messageGroup("g" + g).build());
            }
        }
        LiveProxies.sendAll(producer, messages);

        Map<String, List<Integer>> processed = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        MessageListener listener = message -> {
            String messageGroup = message.messageGroup().orElse("none");
            if (running.computeIfAbsent(messageGroup, g -> new AtomicInteger()).incrementAndGet() > 1) {
                violations.add("two messages of " + messageGroup + " in the listener at once");
            }
            try {
                int index = index(message);
                // every even group fails once in the middle: the rest of its queue must wait for it
                if (index == 10 && messageGroup.matches("g[024]") && failedOnce.add(messageGroup)) {
                    failures.incrementAndGet();
                    return ConsumeResult.FAILURE;
                }
                Thread.sleep(2);
                List<Integer> seen = processed.computeIfAbsent(messageGroup, g -> new CopyOnWriteArrayList<>());
                if (index != seen.size()) {
                    violations.add(messageGroup + ":" + index + " (attempt " + message.deliveryAttempt() + ", queue "
                        + message.queueId() + "@" + message.queueOffset() + ") after " + seen);
                }
                seen.add(index);
                done.incrementAndGet();
                return ConsumeResult.SUCCESS;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ConsumeResult.FAILURE;
            } finally {
                running.get(messageGroup).decrementAndGet();
            }
        };

        HttpPushConsumer consumer = HttpPushConsumer.builder(config)
            .topic(topic)
            .group(group)
            .fifo(true)
            .listener(listener)
            .consumptionThreads(8)
            .invisibleDuration(Duration.ofSeconds(20))
            .waitDuration(Duration.ofSeconds(1))
            .nackBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2))
            .shutdownTimeout(Duration.ofSeconds(10))
            .build();
        try {
            awaitCondition("every group handled", 120_000, () -> done.get() >= groups * perGroup || !violations.isEmpty());
        } finally {
            consumer.close();
        }

        assertEquals(violations.toString(), 0, violations.size());
        assertEquals(3, failures.get());
        for (int g = 0; g < groups; g++) {
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < perGroup; i++) {
                expected.add(i);
            }
            assertEquals("g" + g, expected, processed.get("g" + g));
        }
    }
}
