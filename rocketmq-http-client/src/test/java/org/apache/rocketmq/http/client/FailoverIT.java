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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.test.NativeConsumers;
import org.apache.rocketmq.http.proxy.test.TestCluster;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

/**
 * Several proxies behind one SDK configuration: one stops while messages are produced and consumed,
 * an endpoint is dead from the start, and receipt handles travel between proxies.
 */
public class FailoverIT {
    private static final System.Logger LOG = System.getLogger(FailoverIT.class.getName());
    private static final String PRODUCE = "/v1/topics/{topic}/messages";

    private static int index(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return Integer.parseInt(text.substring(text.indexOf(':') + 1));
    }

    private static int consumedTotal(Map<Integer, Integer> consumed) {
        int total = 0;
        for (int count : consumed.values()) {
            total += count;
        }
        return total;
    }

    /** Sends numbered messages from a few threads until stopped, recording every outcome. */
    private static final class ContinuousSender {
        private final HttpProducer producer;
        private final String topic;
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Map<Integer, SendReceipt> stored = new ConcurrentHashMap<>();
        private final Map<Integer, HttpProxyClientException> failed = new ConcurrentHashMap<>();

        ContinuousSender(HttpProducer producer, String topic, int threadCount) {
            this.producer = producer;
            this.topic = topic;
            for (int t = 0; t < threadCount; t++) {
                threads.add(new Thread(this::sendUntilStopped, "continuous-sender-" + t));
            }
        }

        void start() {
            threads.forEach(Thread::start);
        }

        void stop() throws InterruptedException {
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(30_000);
                assertFalse(thread.isAlive());
            }
        }

        private void sendUntilStopped() {
            while (!stop.get()) {
                int i = next.getAndIncrement();
                try {
                    stored.put(i, producer.send(Message.builder().topic(topic).body("f:" + i).build()));
                } catch (HttpProxyClientException e) {
                    failed.put(i, e);
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private static void awaitAtLeast(String what, Map<?, ?> map, int size, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (map.size() < size) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + size + " " + what + ", got " + map.size());
            }
            Thread.sleep(20);
        }
    }

    @Test
    public void sendsAndConsumptionGoOnThroughTheOtherProxyWhenOneStops() throws Exception {
        HttpProxyController first = TestCluster.startProxy();
        HttpProxyController second = TestCluster.startProxy();
        String topic = TestCluster.newTopic("failover");
        String group = TestCluster.newGroup("GID_failover");
        ClientConfig config = LiveProxies.config(first, second).markDownDuration(Duration.ofSeconds(3)).build();
        Map<Integer, Integer> consumed = new ConcurrentHashMap<>();
        HttpProducer producer = HttpProducer.create(config);
        ContinuousSender sender = new ContinuousSender(producer, topic, 3);
        HttpPushConsumer consumer = HttpPushConsumer.builder(config)
            .topic(topic)
            .group(group)
            .pollingThreads(2)
            .invisibleDuration(Duration.ofSeconds(10))
            .waitDuration(Duration.ofSeconds(2))
            .shutdownTimeout(Duration.ofSeconds(10))
            .listener(message -> {
                consumed.merge(index(message.body()), 1, Integer::sum);
                return ConsumeResult.SUCCESS;
            })
            .build();
        try {
            sender.start();
            awaitAtLeast("sends", sender.stored, 200, 60_000);
            awaitAtLeast("consumed messages", consumed, 50, 60_000);
            assertTrue("the first proxy took sends", LiveProxies.metric(first, "rocketmq_http_messages_produced_total") > 0);
            assertTrue("the second proxy took sends", LiveProxies.metric(second, "rocketmq_http_messages_produced_total") > 0);

            first.shutdown();
            int beforeStop = sender.stored.size();
            awaitAtLeast("sends after the stop", sender.stored, beforeStop + 200, 60_000);
            sender.stop();

            LOG.log(System.Logger.Level.INFO, "sent {0} ({1} after the stop), failed {2}: {3}", sender.stored.size(),
                sender.stored.size() - beforeStop, sender.failed.size(), sender.failed.values());

            // every send the SDK reported as successful is in the broker
            int mayBeStored = sender.stored.size();
            for (HttpProxyClientException e : sender.failed.values()) {
                mayBeStored += e instanceof NetworkException && !((NetworkException) e).mayHaveReachedProxy() ? 0 : 1;
            }
            List<MessageExt> inBroker = NativeConsumers.readFromStart(topic, mayBeStored, 20_000);
            Map<String, Integer> storedIds = new HashMap<>();
            inBroker.forEach(m -> storedIds.put(m.getMsgId(), index(m.getBody())));
            for (Map.Entry<Integer, SendReceipt> sent : sender.stored.entrySet()) {
                assertEquals("message " + sent.getKey() + " is stored under the id its receipt gave",
                    sent.getKey(), storedIds.get(sent.getValue().messageId()));
            }
            // a send the SDK called certainly not stored is not stored
            Set<Integer> storedIndexes = new HashSet<>(storedIds.values());
            for (Map.Entry<Integer, HttpProxyClientException> failure : sender.failed.entrySet()) {
                HttpProxyClientException e = failure.getValue();
                if (e instanceof NetworkException && !((NetworkException) e).mayHaveReachedProxy()) {
                    assertFalse(e.toString(), storedIndexes.contains(failure.getKey()));
                }
            }

            // and consumption, through the remaining proxy, finishes with nothing lost
            long deadline = System.currentTimeMillis() + 60_000;
            while (!consumed.keySet().containsAll(storedIndexes) && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            Set<Integer> missing = new HashSet<>(storedIndexes);
            missing.removeAll(consumed.keySet());
            assertTrue("not consumed: " + missing, missing.isEmpty());
            assertEquals("nothing consumed that is not in the broker", storedIndexes, consumed.keySet());
            LOG.log(System.Logger.Level.INFO, "consumed {0} messages with {1} deliveries", consumed.size(),
                consumedTotal(consumed));
        } finally {
            sender.stop();
            consumer.close();
            producer.close();
            first.shutdown();
            second.shutdown();
        }
    }

    @Test
    public void deadEndpointIsSkippedWithoutFailingAnyCall() throws Exception {
        HttpProxyController live = TestCluster.startProxy();
        try {
            String topic = TestCluster.newTopic("failover_dead");
            String group = TestCluster.newGroup("GID_failover_dead");
            ClientConfig config = ClientConfig.builder()
                .endpoints(LiveProxies.deadEndpoint(), LiveProxies.endpoint(live))
                .retryPolicy(RetryPolicy.noRetries())
                .markDownDuration(Duration.ofMinutes(5))
                .build();
            try (HttpProducer producer = HttpProducer.create(config);
                 HttpSimpleConsumer consumer = HttpSimpleConsumer.builder(config).topic(topic).group(group).build()) {
                for (int i = 0; i < 10; i++) {
                    producer.send(Message.builder().topic(topic).body("d:" + i).build());
                }
                assertEquals("each send reached the live proxy once", 10, LiveProxies.requests(live, "POST", PRODUCE, 200));

                Set<Integer> got = new HashSet<>();
                long deadline = System.currentTimeMillis() + 30_000;
                while (got.size() < 10 && System.currentTimeMillis() < deadline) {
                    List<String> handles = new ArrayList<>();
                    for (ReceivedMessage message : consumer.receive(32, Duration.ofSeconds(10), Duration.ofSeconds(2))) {
                        got.add(index(message.body()));
                        handles.add(message.receiptHandle());
                    }
                    if (!handles.isEmpty()) {
                        assertTrue(consumer.ackBatch(handles).isAllSucceeded());
                    }
                }
                assertEquals(10, got.size());
            }
        } finally {
            live.shutdown();
        }
    }

    @Test
    public void receiptHandleOfOneProxyWorksOnAnother() throws Exception {
        HttpProxyController first = TestCluster.startProxy();
        HttpProxyController second = TestCluster.startProxy();
        String topic = TestCluster.newTopic("failover_handles");
        String group = TestCluster.newGroup("GID_failover_handles");
        try (HttpProducer producer = HttpProducer.create(LiveProxies.config(first).build());
             HttpSimpleConsumer viaFirst = HttpSimpleConsumer.builder(LiveProxies.config(first).build())
                 .topic(topic).group(group).build();
             HttpSimpleConsumer viaSecond = HttpSimpleConsumer.builder(LiveProxies.config(second).build())
                 .topic(topic).group(group).build()) {
            producer.send(Message.builder().topic(topic).body("h:0").build());
            List<ReceivedMessage> got = viaFirst.receive(1, Duration.ofSeconds(10), Duration.ofSeconds(10));
            assertEquals(1, got.size());

            String extended = viaSecond.changeInvisibleDuration(got.get(0), Duration.ofSeconds(30));
            assertNotEquals(got.get(0).receiptHandle(), extended);
            viaFirst.ack(extended);
            assertEquals(1, LiveProxies.metric(first, "rocketmq_http_messages_acked_total"));
        } finally {
            first.shutdown();
            second.shutdown();
        }
    }
}
