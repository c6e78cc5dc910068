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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.common.attribute.TopicMessageType;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.test.NativeConsumers;
import org.apache.rocketmq.http.proxy.test.TestCluster;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/**
 * Transactions through the SDK against two real proxies and a broker that asks about half messages
 * left open for two seconds every second; what was delivered is read back with the stock RocketMQ
 * client.
 */
public class TransactionIT {
    private static final String SECRET = "sdk-it-secret-of-the-cluster";

    private static HttpProxyController proxyA;
    private static HttpProxyController proxyB;

    @BeforeClass
    public static void start() {
        TestCluster.transactionChecks(2000, 1000);
        proxyA = TestCluster.startProxy(c -> c.getTransaction().setTransactionHandleSecret(SECRET));
        proxyB = TestCluster.startProxy(c -> c.getTransaction().setTransactionHandleSecret(SECRET));
    }

    @AfterClass
    public static void stop() {
        proxyA.shutdown();
        proxyB.shutdown();
    }

    private static String transactionTopic(String prefix) {
        return TestCluster.newTopic(prefix, 4, TopicMessageType.TRANSACTION);
    }

    private static ClientConfig config(String group, HttpProxyController... proxies) {
        return LiveProxies.config(proxies).producerGroup(group).build();
    }

    private static Map<String, Integer> countByKey(List<MessageExt> messages) {
        Map<String, Integer> counts = new HashMap<>();
        for (MessageExt m : messages) {
            counts.merge(m.getKeys(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    public void transactionsCommitAndRollBackOnceThroughAnyProxy() throws Exception {
        String topic = transactionTopic("sdk_tx");
        String group = TestCluster.uniqueName("PID_sdk_tx");
        try (HttpProducer onA = HttpProducer.create(config(group, proxyA));
             HttpProducer onB = HttpProducer.create(config(group, proxyB))) {
            Transaction committed = onA.sendHalf(Message.builder().topic(topic).body("text body").keys("committed").build());
            assertEquals(topic, committed.topic());
            assertTrue(committed.receipt().isPresent());
            assertTrue(committed.handle().matches("[A-Za-z0-9_-]+"));
            Transaction rolledBack = onA.sendHalfAsync(Message.builder().topic(topic)
                .body(new byte[] {0, 1, 2, (byte) 0xff}).keys("rolled-back").build()).get(30, TimeUnit.SECONDS);
            assertEquals("nothing visible before an end", 0, NativeConsumers.readFromStart(topic, 1, 2000).size());

            onB.transaction(topic, committed.handle()).commit();
            rolledBack.rollbackAsync().get(30, TimeUnit.SECONDS);

            ConflictException again = assertThrows(ConflictException.class, committed::commit);
            assertEquals(409, again.status());
            assertEquals(40900, again.code());
            assertTrue(again.proxyMessage(), again.proxyMessage().endsWith("COMMITTED"));
            assertThrows(ConflictException.class, () -> onB.transaction(topic, committed.handle()).rollback());
            assertThrows(ConflictException.class, () -> onB.transaction(topic, rolledBack.handle()).commit());
            BadRequestException forged = assertThrows(BadRequestException.class,
                () -> onA.transaction(topic, committed.handle().substring(1)).commit());
            assertEquals(40006, forged.code());

            List<MessageExt> delivered = NativeConsumers.readFromStart(topic, 2, 5000);
            assertEquals(1, delivered.size());
            assertEquals("committed", delivered.get(0).getKeys());
            assertEquals("text body", new String(delivered.get(0).getBody(), StandardCharsets.UTF_8));
        }
    }

    @Test
    public void halfMessagesOutsideTheRulesAndExpiredHandlesHaveTheirExceptions() throws Exception {
        String topic = transactionTopic("sdk_tx_rules");
        String normal = TestCluster.newTopic("sdk_tx_normal");
        String group = TestCluster.uniqueName("PID_sdk_tx");
        HttpProxyController shortLived = TestCluster.startProxy(c -> {
            c.getTransaction().setTransactionHandleSecret(SECRET);
            c.getTransaction().setTransactionHandleTtlSeconds(1);
        });
        try (HttpProducer producer = HttpProducer.create(config(group, proxyA));
             HttpProducer expiring = HttpProducer.create(config(group, shortLived))) {
            BadRequestException notTransactional = assertThrows(BadRequestException.class,
                () -> producer.sendHalf(Message.builder().topic(normal).body("x").build()));
            assertEquals(40003, notTransactional.code());
            assertThrows(BadRequestException.class,
                () -> producer.sendHalf(Message.builder().topic(topic).body("x").messageGroup("g").build()));
            Transaction late = expiring.sendHalf(Message.builder().topic(topic).body("late").build());
            Thread.sleep(1500);
            TransactionHandleExpiredException expired = assertThrows(TransactionHandleExpiredException.class,
                () -> producer.transaction(topic, late.handle()).commit());
            assertEquals(41001, expired.code());
            assertFalse(expired.isRetryable());
        } finally {
            shortLived.shutdown();
        }
    }

    /**
     * A thousand transactions of orders; a quarter is committed and a quarter rolled back at once, the
     * rest is left open for two producers' checkers, which look each order up in the "database" and
     * answer (some only on the second question).
     */
    @Test
    public void checkersDecideTheTransactionsLeftOpenAndEachCommittedOneIsDeliveredOnce() throws Exception {
        String topic = transactionTopic("sdk_tx_checker");
        String group = TestCluster.uniqueName("PID_sdk_checker");
        int transactions = 1000;
        Map<String, Boolean> paidOrders = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> questions = new ConcurrentHashMap<>();
        TransactionChecker checker = check -> {
            String order = check.keys().get(0);
            int asked = questions.computeIfAbsent(order, k -> new AtomicInteger()).incrementAndGet();
            Boolean paid = paidOrders.get(order);
            if (paid == null || Integer.parseInt(order.substring("order-".length())) % 8 >= 6 && asked == 1) {
                // not known yet, or the payment provider is slow to say: ask again later
                return TransactionResolution.UNKNOWN;
            }
            return paid ? TransactionResolution.COMMIT : TransactionResolution.ROLLBACK;
        };
        Set<String> expected = new HashSet<>();
        Set<String> leftOpen = new HashSet<>();
        long started = System.nanoTime();
        try (HttpProducer app1 = HttpProducer.builder(config(group, proxyA, proxyB)).transactionChecker(checker, topic).build();
             HttpProducer app2 = HttpProducer.builder(config(group, proxyB, proxyA)).transactionChecker(checker, topic).build()) {
            Semaphore inFlight = new Semaphore(32);
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int i = 0; i < transactions; i++) {
                String order = "order-" + i;
                boolean paid = i % 2 == 0;
                boolean endNow = i % 4 < 2;
                paidOrders.put(order, paid);
                if (paid) {
                    expected.add(order);
                }
                if (!endNow) {
                    leftOpen.add(order);
                }
                inFlight.acquire();
                HttpProducer producer = i % 3 == 0 ? app2 : app1;
                CompletableFuture<Void> f = sendHalfRetryingBusy(producer, Message.builder().topic(topic).keys(order)
                        .body("order " + i).build(), 10)
                    .thenCompose(tx -> !endNow ? CompletableFuture.completedFuture(null)
                        : paid ? tx.commitAsync() : tx.rollbackAsync());
                f.whenComplete((v, t) -> inFlight.release());
                all.add(f);
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(5, TimeUnit.MINUTES);
            long sent = System.nanoTime();

            List<MessageExt> delivered = NativeConsumers.readFromStart(topic, expected.size(), 180_000);
            long decided = System.nanoTime();
            assertEquals("every committed order arrived", expected.size(), delivered.size());
            // a few more of the broker's check rounds: nothing more may arrive
            delivered = NativeConsumers.readFromStart(topic, expected.size() + 1, 8000);
            Map<String, Integer> counts = countByKey(delivered);
            assertEquals("exactly the paid orders are delivered", expected, counts.keySet());
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                assertEquals(e.getKey() + " delivered once", Integer.valueOf(1), e.getValue());
            }
            for (String order : leftOpen) {
                assertTrue(order + " was asked about", questions.containsKey(order));
                if (Integer.parseInt(order.substring("order-".length())) % 8 >= 6) {
                    assertTrue(order + " was asked again after UNKNOWN", questions.get(order).get() >= 2);
                }
            }
            System.getLogger(TransactionIT.class.getName()).log(System.Logger.Level.INFO,
                "{0} transactions sent and half of them ended in {1} ms; the checkers decided the rest within {2} ms more",
                transactions, TimeUnit.NANOSECONDS.toMillis(sent - started), TimeUnit.NANOSECONDS.toMillis(decided - sent));
        }
        assertNotEquals(0, LiveProxies.metric(proxyA, "rocketmq_http_transaction_checks_received_total{topic=\"" + topic
            + "\"}") + LiveProxies.metric(proxyB, "rocketmq_http_transaction_checks_received_total{topic=\"" + topic + "\"}"));
    }

    /**
     * A busy broker refuses a burst of sends with flow control before storing anything (429): send
     * those again, as an application would.
     */
    private static CompletableFuture<Transaction> sendHalfRetryingBusy(HttpProducer producer, Message message, int attempts) {
        return producer.sendHalfAsync(message).handle((tx, t) -> {
            if (t == null) {
                return CompletableFuture.completedFuture(tx);
            }
            if (t instanceof TooManyRequestsException && attempts > 1) {
                return sendHalfRetryingBusy(producer, message, attempts - 1);
            }
            return CompletableFuture.<Transaction>failedFuture(t);
        }).thenCompose(f -> f);
    }
}
