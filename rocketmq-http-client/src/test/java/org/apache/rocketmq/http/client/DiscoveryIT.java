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

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.test.DiscoveryCluster;
import org.apache.rocketmq.http.proxy.test.NativeConsumers;
import org.apache.rocketmq.http.proxy.test.ProxyProcess;
import org.junit.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * The SDK finds the proxies through the plugin nameserver's HTTP port alone, and keeps sending while
 * one proxy is killed (a process of its own, SIGKILL) and another one joins.
 */
public class DiscoveryIT {
    private static final Logger log = LoggerFactory.getLogger(DiscoveryIT.class);
    private static final int MESSAGES = 10_000;
    private static final int IN_FLIGHT = 32;
    private static final String SEND_ROUTE = "/v1/topics/{topic}/messages";

    @Test
    public void aProducerWithOnlyTheDiscoveryUrlSendsWhileAProxyIsKilledAndAnotherJoins() throws Exception {
        long setup = System.nanoTime();
        try (DiscoveryCluster cluster = new DiscoveryCluster(1, 4)) {
            String topic = cluster.newTopic("DiscoveryIT");
            HttpProxyController a = cluster.startProxy();
            HttpProxyController b = cluster.startProxy();
            long process = System.nanoTime();
            ProxyProcess c = cluster.startProxyProcess(Map.of());
            log.info("cluster and two proxies in {} ms, the proxy process booted in {} ms", (process - setup) / 1_000_000,
                (System.nanoTime() - process) / 1_000_000);
            awaitListed(cluster, 3);

            ClientConfig config = ClientConfig.builder()
                .discovery(cluster.pluginHttpUrl())
                .discoveryInterval(Duration.ofSeconds(1))
                .connectTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(10))
                .retryPolicy(RetryPolicy.builder().maxAttempts(3).fixedBackoff(Duration.ofMillis(50)).build())
                .build();
            Map<String, SendReceipt> sent = new ConcurrentHashMap<>();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            AtomicInteger resent = new AtomicInteger();
            Semaphore inFlight = new Semaphore(IN_FLIGHT);
            HttpProxyController d = null;
            long start = System.nanoTime();
            try (HttpProducer producer = HttpProducer.create(config)) {
                for (int i = 0; i < MESSAGES; i++) {
                    if (i == MESSAGES / 5) {
                        c.kill();
                        log.info("killed the proxy process at {} after {} sends", c.url(), i);
                    }
                    if (i == MESSAGES / 2) {
                        d = cluster.startProxy();
                        log.info("started a fourth proxy at {} after {} sends", "http://127.0.0.1:" + d.port(), i);
                    }
                    inFlight.acquire();
                    send(producer, topic, "key-" + i, 1, sent, failures, resent, inFlight);
                }
                assertTrue("sends did not finish", inFlight.tryAcquire(IN_FLIGHT, 120, TimeUnit.SECONDS));
            }
            long sendMillis = (System.nanoTime() - start) / 1_000_000;
            log.info("{} sends in {} ms: {} reported successful, {} failed, {} sent again after a 429 or 503", MESSAGES, sendMillis,
                sent.size(), failures.size(), resent.get());

            // a request in flight to the killed proxy, or written on one of its pooled connections just before the
            // kill, can fail with an unknown outcome (not retried by default); nothing else may fail
            assertTrue("too many failed sends: " + failures.size() + ", e.g. " + (failures.isEmpty() ? "" : failures.get(0)),
                failures.size() <= 2 * IN_FLIGHT);
            assertEquals(MESSAGES, sent.size() + failures.size());
            for (Throwable t : failures) {
                assertTrue("only network failures are expected: " + t, t instanceof NetworkException);
            }

            Set<String> stored = new HashSet<>();
            List<MessageExt> read = NativeConsumers.readFromStart(topic, got -> {
                got.forEach(m -> stored.add(m.getKeys()));
                return stored.containsAll(sent.keySet());
            }, 120_000);
            log.info("read {} messages back with a stock consumer", read.size());
            Set<String> missing = new HashSet<>(sent.keySet());
            missing.removeAll(stored);
            assertTrue(missing.size() + " messages reported successful are not in the broker, e.g. "
                + (missing.isEmpty() ? "" : missing.iterator().next()) + " (read " + read.size() + ")", missing.isEmpty());

            long servedByD = LiveProxies.requests(d, "POST", SEND_ROUTE, 200);
            log.info("the fourth proxy answered {} sends; the first two {} and {}", servedByD,
                LiveProxies.requests(a, "POST", SEND_ROUTE, 200), LiveProxies.requests(b, "POST", SEND_ROUTE, 200));
            assertTrue("the proxy that joined got no sends", servedByD > 0);
        }
    }

    private static void send(HttpProducer producer, String topic, String key, int attempt, Map<String, SendReceipt> sent,
        List<Throwable> failures, AtomicInteger resent, Semaphore inFlight) {
        Message message = Message.builder().topic(topic).body("discovery " + key).keys(key).build();
        CompletableFuture<SendReceipt> future = producer.sendAsync(message);
        future.whenComplete((receipt, failure) -> {
            if (failure == null) {
                sent.put(key, receipt);
                inFlight.release();
            } else if ((failure instanceof BrokerUnavailableException || failure instanceof TooManyRequestsException)
                && attempt < 10) {
                // a busy broker refuses bursts (flow control: 429, or 503) before storing; send again, as an application would
                resent.incrementAndGet();
                CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS)
                    .execute(() -> send(producer, topic, key, attempt + 1, sent, failures, resent, inFlight));
            } else {
                failures.add(failure);
                inFlight.release();
            }
        });
    }

    private static void awaitListed(DiscoveryCluster cluster, int proxies) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (DiscoveryCluster.listedUrls(cluster.pluginHttpUrl()).size() != proxies) {
            if (System.nanoTime() > deadline) {
                fail("the plugin does not list " + proxies + " proxies: " + DiscoveryCluster.list(cluster.pluginHttpUrl()));
            }
            Thread.sleep(100);
        }
    }
}
