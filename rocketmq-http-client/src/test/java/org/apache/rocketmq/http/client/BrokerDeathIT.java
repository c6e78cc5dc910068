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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.http.proxy.standalone.EmbeddedRocketMQ;
import org.apache.rocketmq.http.proxy.test.BrokerAdmin;
import org.apache.rocketmq.http.proxy.test.BrokerProcess;
import org.apache.rocketmq.http.proxy.test.HttpTestClient;
import org.apache.rocketmq.http.proxy.test.TestCluster;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

/**
 * A broker dies and comes back while the cluster is in use. Two brokers in one cluster, every topic
 * on both: the nameserver and broker-a in this JVM, broker-b in a JVM of its own, killed with SIGKILL
 * (nothing unregistered, connections just break) and started again on the same store 20 s later.
 * Meanwhile two producers send, four HTTP consumers receive ({@code max=8&waitSeconds=2}) and ack, an
 * HTTP FIFO consumer holds leases on both brokers' queues at the moment of the kill, and an SDK push
 * consumer consumes the same topic in a group of its own.
 *
 * <p>Asserted: no failed send; no receive answered other than 200 while broker-a is up; the longest
 * stretch without a successful receive after the kill at most 2 s; acks of the dead broker's handles
 * answered 207 with 50300 for those entries alone (50400 for acks sent just before the kill, which wait
 * for their timeout), a lease change 503; the proxy's routes follow the nameserver's within seconds
 * both ways; the queue listing names the dead
 * broker instead of failing; every stored message received at least once, those broker-b still
 * held at the kill after its restart, every message stored before the kill by a group that starts
 * receiving after the restart, and a message whose ack could not reach the broker again; FIFO order per message group across the kill
 * and nothing of the dead broker's queues while it is down; the push consumer goes on; the proxy does
 * not hammer the dead broker. The figures are logged ({@code target/failsafe-reports/*-output.txt}).
 */
public class BrokerDeathIT {
    private static final System.Logger LOG = System.getLogger(BrokerDeathIT.class.getName());
    private static final String CLUSTER = "BrokerDeathCluster";
    private static final String A = "broker-a";
    private static final String B = "broker-b";
    private static final String TOPIC = "BrokerDeathTopic";
    private static final String FIFO_TOPIC = "BrokerDeathFifoTopic";
    private static final String HTTP_GROUP = "GID_broker_death_http";
    private static final String PUSH_GROUP = "GID_broker_death_push";
    /** A group whose consumer receives only after broker-b's restart. */
    private static final String LATE_GROUP = "GID_broker_death_late";
    private static final String FIFO_GROUP = "GID_broker_death_fifo";
    private static final int HTTP_CONSUMERS = 4;
    private static final int PRODUCERS = 2;
    private static final int FIFO_GROUPS = 8;
    private static final int FIFO_MESSAGES_PER_GROUP = 25;
    private static final long DOWN_MILLIS = 20_000;
    private static final long MAX_GAP_MILLIS = 2_000;
    /**
     * Requests to the dead broker that may fail once those in flight at the kill have failed: only the
     * probes, one per back-off (1 s, 2 s, 4 s, 8 s, ...) as long as a route still names the broker.
     */
    private static final long MAX_LATER_BROKER_FAILURES = 10;
    /** How soon the proxy's routes follow the nameserver's when a broker leaves or registers. */
    private static final long VIEW_FOLLOWS_MILLIS = 10_000;
    /**
     * When the requests in flight at the kill have surely failed, counted from the end of the broker's
     * process: their connections broke, or they timed out (a long poll of 2 s plus the proxy's 3 s
     * margin; RocketMQ's client does not always fail the requests of a connection that broke at once).
     */
    private static final long IN_FLIGHT_SETTLED_MILLIS = 6_000;

    private static Path dir;
    private static EmbeddedRocketMQ rocketmq;
    private static BrokerProcess brokerB;
    private static HttpProxyController proxy;

    private final long origin = System.nanoTime();
    private final AtomicBoolean stopProducers = new AtomicBoolean();
    private final AtomicBoolean stopConsumers = new AtomicBoolean();
    private final AtomicInteger nextIndex = new AtomicInteger();
    /** Plain messages the proxy answered 200 for: index to broker. */
    private final Map<Integer, String> stored = new ConcurrentHashMap<>();
    private final Map<Integer, Long> storedAt = new ConcurrentHashMap<>();
    private final List<String> failedSends = new CopyOnWriteArrayList<>();
    private final AtomicInteger throttledSends = new AtomicInteger();
    private final Map<Integer, List<Delivery>> httpDeliveries = new ConcurrentHashMap<>();
    private final Map<Integer, List<Delivery>> pushDeliveries = new ConcurrentHashMap<>();
    private final List<Receive> receives = new CopyOnWriteArrayList<>();
    private final List<Receive> fifoReceives = new CopyOnWriteArrayList<>();
    private final List<AckAnswer> acks = new CopyOnWriteArrayList<>();
    /** FIFO deliveries in the order the single FIFO consumer saw them. */
    private final List<FifoDelivery> fifoDeliveries = new CopyOnWriteArrayList<>();
    private final AtomicReference<Stashed> stashed = new AtomicReference<>();
    private final AtomicReference<HttpTestClient.Response> heldAck = new AtomicReference<>();
    private final List<String> heldAckBrokers = new CopyOnWriteArrayList<>();
    private final CountDownLatch fifoHolding = new CountDownLatch(1);
    private final CountDownLatch killed = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stashWanted;
    private volatile HttpTestClient.Response leaseWhileDown;
    private volatile HttpTestClient.Response queuesWhileDown;
    private volatile String viewFigures;
    private volatile long deadAtNanos;
    /** Plain messages broker-b had stored when it was killed. */
    private volatile Set<Integer> storedOnBAtKill = Collections.emptySet();
    /** Plain messages stored when broker-b was killed. */
    private volatile Set<Integer> storedAtKill = Collections.emptySet();
    /** What the consumer that starts after the restart received: index to broker. */
    private final Map<Integer, String> lateDeliveries = new ConcurrentHashMap<>();

    private record Delivery(String broker, long atNanos) {
    }

    /** One answered receive: when it was sent and answered, its status and the brokers of its messages. */
    private record Receive(int consumer, long startNanos, long endNanos, int status, List<String> brokers) {
    }

    /** One ack request: its status and, per entry, "OK" or the error code, and the broker of the handle. */
    private record AckAnswer(long atNanos, int status, List<String> entries, List<String> brokers) {
    }

    private record FifoDelivery(int group, int seq, String broker, long startNanos, long endNanos) {
    }

    /** A message received from broker-b and deliberately not acked, to change its lease once the broker is dead. */
    private record Stashed(int index, String receiptHandle) {
    }

    @BeforeClass
    public static void startCluster() throws Exception {
        dir = Files.createTempDirectory("broker-death-it");
        rocketmq = new EmbeddedRocketMQ(dir.resolve("a").toFile(), 0, 0, CLUSTER, A, 64 * 1024 * 1024);
        TestCluster.tuneForTests(rocketmq);
        rocketmq.start();
        brokerB = BrokerProcess.start(B, CLUSTER, rocketmq.namesrvAddr(), dir.resolve("b"));
        awaitCondition("broker-b registered", 60_000, () -> rocketmq.isRegistered(B));
        try (BrokerAdmin admin = new BrokerAdmin(rocketmq.namesrvAddr())) {
            for (String addr : Arrays.asList(rocketmq.brokerAddr(), brokerB.addr())) {
                admin.createTopic(addr, TOPIC, 4, TopicMessageType.NORMAL);
                admin.createTopic(addr, FIFO_TOPIC, 2, TopicMessageType.FIFO);
                admin.createGroup(addr, HTTP_GROUP, false, 16);
                admin.createGroup(addr, PUSH_GROUP, false, 16);
                admin.createGroup(addr, LATE_GROUP, false, 16);
                admin.createGroup(addr, FIFO_GROUP, true, 16);
                admin.createGroup(addr, new HttpProxyConfig().getRocketmq().getReplayConsumerGroup(), false, 16);
            }
            admin.awaitRoute(TOPIC, new HashSet<>(Arrays.asList(A, B)), 30_000);
            admin.awaitRoute(FIFO_TOPIC, new HashSet<>(Arrays.asList(A, B)), 30_000);
        }
        HttpProxyConfig config = new HttpProxyConfig();
        config.setListenPort(0);
        config.setBindAddress("127.0.0.1");
        config.setNamesrvAddr(rocketmq.namesrvAddr());
        config.setShutdownDrainSeconds(5);
        proxy = new HttpProxyController(config);
        proxy.start();
    }

    @AfterClass
    public static void stopCluster() {
        if (brokerB != null) {
            brokerB.close();
        }
        if (proxy != null) {
            proxy.shutdown();
        }
        if (rocketmq != null) {
            TestCluster.stopInBackground(rocketmq);
        }
        if (dir != null) {
            TestCluster.deleteRecursively(dir.toFile());
        }
    }

    private static void awaitCondition(String what, long timeoutMillis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos - origin);
    }

    private static int plainIndex(String body) {
        return Integer.parseInt(body.substring(2));
    }

    // ---------------------------------------------------------------- the clients

    private void startThread(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    /** Sends numbered plain messages one at a time until stopped; every answer is recorded. */
    private void produce() {
        HttpTestClient http = new HttpTestClient(proxy.port());
        while (!stopProducers.get()) {
            int index = nextIndex.getAndIncrement();
            sendPlain(http, Collections.singletonList(index));
            sleep(10);
        }
    }

    /**
     * Sends the messages as one request. Entries the broker's flow control refused (429: nothing was
     * stored) are sent again after a pause, as any client does and the SDK would; every other error
     * is a failed send.
     */
    private void sendPlain(HttpTestClient http, List<Integer> indexes) {
        List<Integer> pending = new ArrayList<>(indexes);
        while (!pending.isEmpty()) {
            List<Map<String, Object>> messages = new ArrayList<>();
            for (int index : pending) {
                messages.add(Map.of("body", "p:" + index));
            }
            HttpTestClient.Response r;
            try {
                r = http.postJson("/v1/topics/" + TOPIC + "/messages", Map.of("messages", messages));
            } catch (IllegalStateException e) {
                failedSends.add(pending + " no answer: " + e.getCause());
                return;
            }
            if (r.status != 200 && r.status != 207 && r.status != 429) {
                failedSends.add(pending + " answered " + r);
                return;
            }
            List<Integer> again = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
                JsonNode result = r.status == 429 ? r.json() : r.json().get("results").get(i);
                JsonNode error = r.status == 429 ? result : result.get("error");
                if (error == null) {
                    stored.put(pending.get(i), result.get("brokerName").asText());
                    storedAt.put(pending.get(i), System.nanoTime());
                } else if (error.get("code").asInt() == 42900) {
                    again.add(pending.get(i));
                } else {
                    failedSends.add(pending.get(i) + " answered " + error);
                }
            }
            if (!again.isEmpty()) {
                throttledSends.addAndGet(again.size());
                sleep(100);
            }
            pending = again;
        }
    }

    /** An HTTP consumer of the plain topic: receive, then ack everything received. */
    private void consume(int consumer) {
        HttpTestClient http = new HttpTestClient(proxy.port());
        while (!stopConsumers.get()) {
            long start = System.nanoTime();
            HttpTestClient.Response r = receive(http, TOPIC, HTTP_GROUP, "&max=8&waitSeconds=2&invisibleSeconds=10");
            long end = System.nanoTime();
            List<String> brokers = new ArrayList<>();
            List<String> handles = new ArrayList<>();
            List<String> handleBrokers = new ArrayList<>();
            if (r.status == 200) {
                for (JsonNode m : r.json().get("messages")) {
                    String broker = m.get("brokerName").asText();
                    int index = plainIndex(m.get("body").asText());
                    brokers.add(broker);
                    httpDeliveries.computeIfAbsent(index, k -> new CopyOnWriteArrayList<>()).add(new Delivery(broker, end));
                    if (stashWanted && B.equals(broker)
                        && stashed.compareAndSet(null, new Stashed(index, m.get("receiptHandle").asText()))) {
                        continue;
                    }
                    handles.add(m.get("receiptHandle").asText());
                    handleBrokers.add(broker);
                }
            }
            receives.add(new Receive(consumer, start, end, r.status, brokers));
            if (r.status != 200) {
                // a client that honours Retry-After; none is expected
                sleep(1000);
            } else if (!handles.isEmpty()) {
                ack(http, TOPIC, HTTP_GROUP, handles, handleBrokers);
            }
        }
    }

    /**
     * The consumer of a group that starts after broker-b's restart: it receives and acks until it has
     * had every message stored before the kill, on either broker.
     */
    private void consumeLate(HttpTestClient http) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!lateDeliveries.keySet().containsAll(storedAtKill)) {
            if (System.nanoTime() > deadline) {
                Set<Integer> missing = new HashSet<>(storedAtKill);
                missing.removeAll(lateDeliveries.keySet());
                throw new AssertionError("messages stored before the kill never received after the restart: " + missing);
            }
            HttpTestClient.Response r = receive(http, TOPIC, LATE_GROUP, "&max=32&waitSeconds=1");
            assertEquals(r.toString(), 200, r.status);
            List<String> handles = new ArrayList<>();
            for (JsonNode m : r.json().get("messages")) {
                lateDeliveries.put(plainIndex(m.get("body").asText()), m.get("brokerName").asText());
                handles.add(m.get("receiptHandle").asText());
            }
            if (!handles.isEmpty()) {
                HttpTestClient.Response acked = http.ack(TOPIC, LATE_GROUP, handles);
                assertEquals(acked.toString(), 200, acked.status);
            }
        }
    }

    private static HttpTestClient.Response receive(HttpTestClient http, String topic, String group, String query) {
        return http.get("/v1/topics/" + topic + "/messages?group=" + group + query);
    }

    private HttpTestClient.Response ack(HttpTestClient http, String topic, String group, List<String> handles,
        List<String> brokers) {
        HttpTestClient.Response r = http.ack(topic, group, handles);
        List<String> entries = new ArrayList<>();
        if (r.status == 200 || r.status == 207) {
            for (JsonNode result : r.json().get("results")) {
                entries.add(result.has("error") ? result.get("error").get("code").asText() : result.get("status").asText());
            }
        }
        acks.add(new AckAnswer(System.nanoTime(), r.status, entries, new ArrayList<>(brokers)));
        return r;
    }

    /**
     * The FIFO consumer: first it receives without acking until it holds messages of both brokers'
     * queues, waits for the kill, acks what it holds in one request, then receives and acks as usual.
     */
    private void consumeFifo() {
        HttpTestClient http = new HttpTestClient(proxy.port());
        List<String> held = new ArrayList<>();
        List<String> heldBrokers = new ArrayList<>();
        while (!stopConsumers.get() && new HashSet<>(heldBrokers).size() < 2) {
            fifoRound(http, "&max=8&waitSeconds=2&invisibleSeconds=30&order=true", held, heldBrokers);
        }
        fifoHolding.countDown();
        try {
            killed.await();
        } catch (InterruptedException e) {
            return;
        }
        heldAckBrokers.addAll(heldBrokers);
        heldAck.set(ack(http, FIFO_TOPIC, FIFO_GROUP, held, heldBrokers));
        while (!stopConsumers.get()) {
            List<String> handles = new ArrayList<>();
            List<String> brokers = new ArrayList<>();
            int status = fifoRound(http, "&max=8&waitSeconds=2&invisibleSeconds=10&order=true", handles, brokers);
            if (status != 200) {
                sleep(1000);
            } else if (!handles.isEmpty()) {
                ack(http, FIFO_TOPIC, FIFO_GROUP, handles, brokers);
            }
        }
    }

    private int fifoRound(HttpTestClient http, String query, List<String> handles, List<String> brokers) {
        long start = System.nanoTime();
        HttpTestClient.Response r = receive(http, FIFO_TOPIC, FIFO_GROUP, query);
        long end = System.nanoTime();
        List<String> answered = new ArrayList<>();
        if (r.status == 200) {
            for (JsonNode m : r.json().get("messages")) {
                String[] parts = m.get("body").asText().split(":");
                String broker = m.get("brokerName").asText();
                fifoDeliveries.add(new FifoDelivery(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), broker, start, end));
                answered.add(broker);
                handles.add(m.get("receiptHandle").asText());
                brokers.add(broker);
            }
        }
        fifoReceives.add(new Receive(-1, start, end, r.status, answered));
        return r.status;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- the test

    @Test
    public void consumersRideThroughTheDeathOfABroker() throws Exception {
        HttpTestClient http = new HttpTestClient(proxy.port());
        // FIFO messages first, 8 message groups spread over the four queues of both brokers
        Set<String> fifoBrokers = new HashSet<>();
        for (int g = 0; g < FIFO_GROUPS; g++) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int seq = 0; seq < FIFO_MESSAGES_PER_GROUP; seq++) {
                batch.add(Map.of("body", "f:" + g + ":" + seq, "messageGroup", "group-" + g));
            }
            HttpTestClient.Response r = http.postJson("/v1/topics/" + FIFO_TOPIC + "/messages", Map.of("messages", batch));
            assertEquals(r.toString(), 200, r.status);
            fifoBrokers.add(r.json().get("results").get(0).get("brokerName").asText());
        }
        assertEquals("the FIFO message groups are on both brokers", new HashSet<>(Arrays.asList(A, B)), fifoBrokers);

        HttpPushConsumer push = HttpPushConsumer.builder(LiveProxies.config(proxy).build())
            .topic(TOPIC)
            .group(PUSH_GROUP)
            .pollingThreads(2)
            .waitDuration(Duration.ofSeconds(2))
            .invisibleDuration(Duration.ofSeconds(15))
            .shutdownTimeout(Duration.ofSeconds(10))
            .listener(message -> {
                int index = plainIndex(new String(message.body(), StandardCharsets.UTF_8));
                pushDeliveries.computeIfAbsent(index, k -> new CopyOnWriteArrayList<>())
                    .add(new Delivery(message.brokerName(), System.nanoTime()));
                return ConsumeResult.SUCCESS;
            })
            .build();
        // the group that consumes only after the restart takes its place at the start of every queue
        HttpTestClient.Response first = receive(http, TOPIC, LATE_GROUP, "&max=1&waitSeconds=0");
        assertEquals(first.toString(), 200, first.status);
        assertEquals(first.toString(), 0, first.json().get("messages").size());
        try {
            for (int p = 0; p < PRODUCERS; p++) {
                startThread("producer-" + p, this::produce);
            }
            for (int c = 0; c < HTTP_CONSUMERS; c++) {
                int consumer = c;
                startThread("http-consumer-" + c, () -> consume(consumer));
            }
            runScenario(http);
        } finally {
            stopProducers.set(true);
            stopConsumers.set(true);
            killed.countDown();
            for (Thread thread : threads) {
                thread.join(15_000);
            }
            push.close();
        }
    }

    private void runScenario(HttpTestClient http) throws Exception {
        awaitCondition("sends stored on both brokers", 60_000,
            () -> stored.containsValue(A) && stored.containsValue(B));
        awaitCondition("HTTP consumers receiving from both brokers", 60_000,
            () -> receivedFrom(httpDeliveries, A) >= 10 && receivedFrom(httpDeliveries, B) >= 10);
        awaitCondition("the push consumer receiving from both brokers", 60_000,
            () -> receivedFrom(pushDeliveries, A) > 0 && receivedFrom(pushDeliveries, B) > 0);
        // leases held at the moment of the kill: taken only now, so that they cannot run out before it
        startThread("fifo-consumer", this::consumeFifo);
        assertTrue("the FIFO consumer holds leases on both brokers", fifoHolding.await(60, TimeUnit.SECONDS));
        stashWanted = true;
        awaitCondition("a message of broker-b kept unacked", 30_000, () -> stashed.get() != null);
        // a backlog, so that broker-b holds messages nobody has received when it dies
        for (int batch = 0; batch < 10; batch++) {
            List<Integer> indexes = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                indexes.add(nextIndex.getAndIncrement());
            }
            sendPlain(http, indexes);
        }
        long failuresBefore = LiveProxies.metric(proxy, "rocketmq_http_broker_failures_total");
        long skipsBefore = LiveProxies.metric(proxy, "rocketmq_http_broker_skips_total");
        int storedBeforeKill = stored.size();
        Set<Integer> onB = new HashSet<>();
        stored.forEach((index, broker) -> {
            if (broker.equals(B)) {
                onB.add(index);
            }
        });
        storedOnBAtKill = onB;
        storedAtKill = new HashSet<>(stored.keySet());

        long killAt = System.nanoTime();
        brokerB.kill();
        long deadAt = System.nanoTime();
        deadAtNanos = deadAt;
        killed.countDown();
        LOG.log(System.Logger.Level.INFO, "broker-b killed at {0} ms; {1} messages stored before", millis(killAt), storedBeforeKill);

        // the proxy's view follows the nameserver's, not the expiry of its route cache (30 s)
        awaitCondition("the proxy's route of the topic without broker-b", VIEW_FOLLOWS_MILLIS, () -> !routeNames(B));
        long leftViewAt = System.nanoTime();

        // a lease change of a message of the dead broker: 503, retryable
        HttpTestClient.Response lease = http.lease(TOPIC, HTTP_GROUP, stashed.get().receiptHandle(), 0);
        leaseWhileDown = lease;
        assertEquals(lease.toString(), 503, lease.status);
        assertEquals(50300, lease.json().get("code").asInt());
        assertTrue(lease.toString(), lease.json().get("message").asText().contains("broker [broker-b] is unreachable"));
        assertNotNull("503 says when to retry", lease.header("Retry-After"));

        // the queues of the topic: broker-a's, and broker-b named as unavailable
        HttpTestClient.Response queues = http.get("/v1/topics/" + TOPIC + "/queues");
        queuesWhileDown = queues;
        assertEquals(queues.toString(), 200, queues.status);
        assertEquals(queues.toString(), Collections.singletonList(B), texts(queues.json().get("unavailableBrokers")));
        for (JsonNode q : queues.json().get("queues")) {
            assertEquals(queues.toString(), A, q.get("brokerName").asText());
        }
        assertEquals(queues.toString(), 4, queues.json().get("queues").size());
        HttpTestClient.Response replayB = http.get("/v1/topics/" + TOPIC + "/queues/" + B + "/0/messages?offset=0&max=1");
        assertEquals(replayB.toString(), 503, replayB.status);
        assertEquals(replayB.toString(), 50300, replayB.json().get("code").asInt());
        HttpTestClient.Response replayA = http.get("/v1/topics/" + TOPIC + "/queues/" + A + "/0/messages?offset=0&max=1");
        assertEquals(replayA.toString(), 200, replayA.status);

        long settledAt = deadAt + TimeUnit.MILLISECONDS.toNanos(IN_FLIGHT_SETTLED_MILLIS);
        while (System.nanoTime() < settledAt) {
            Thread.sleep(20);
        }
        long failuresAtKill = LiveProxies.metric(proxy, "rocketmq_http_broker_failures_total") - failuresBefore;
        long restartAt = killAt + TimeUnit.MILLISECONDS.toNanos(DOWN_MILLIS);
        while (System.nanoTime() < restartAt) {
            Thread.sleep(50);
        }
        restartAt = System.nanoTime();
        long failuresWhileDown = LiveProxies.metric(proxy, "rocketmq_http_broker_failures_total") - failuresBefore;
        long skipsWhileDown = LiveProxies.metric(proxy, "rocketmq_http_broker_skips_total") - skipsBefore;
        brokerB.restart();
        awaitCondition("broker-b registered again", 60_000, () -> rocketmq.isRegistered(B));
        long upAt = System.nanoTime();
        awaitCondition("the proxy's route of the topic with broker-b again", VIEW_FOLLOWS_MILLIS, () -> routeNames(B));
        long backInViewAt = System.nanoTime();
        LOG.log(System.Logger.Level.INFO, "broker-b restarted at {0} ms, registered at {1} ms", millis(restartAt), millis(upAt));

        awaitCondition("a receive from broker-b after its return", 60_000, () -> deliveredAfter(httpDeliveries, B, upAt));
        long firstReceiveFromB = firstDeliveryAfter(httpDeliveries, B, upAt);
        awaitCondition("a send stored on broker-b after its return", 60_000, () -> storedAfter(B, upAt));
        stopProducers.set(true);
        for (Thread thread : threads) {
            if (thread.getName().startsWith("producer-")) {
                thread.join(15_000);
            }
        }
        Set<Integer> storedIndexes = new HashSet<>(stored.keySet());
        awaitCondition("every stored message received by the HTTP consumers", 120_000,
            () -> httpDeliveries.keySet().containsAll(storedIndexes));
        awaitCondition("every stored message received by the push consumer", 120_000,
            () -> pushDeliveries.keySet().containsAll(storedIndexes));
        consumeLate(http);
        awaitCondition("every FIFO message received", 120_000, () -> fifoReceived().size() == FIFO_GROUPS * FIFO_MESSAGES_PER_GROUP);
        awaitCondition("the message whose lease change failed delivered again", 60_000,
            () -> deliveredAfter(httpDeliveries.get(stashed.get().index()), upAt));
        awaitCondition("the queue listing names both brokers again", 30_000, () -> {
            HttpTestClient.Response r = http.get("/v1/topics/" + TOPIC + "/queues");
            return r.status == 200 && r.json().get("queues").size() == 8 && r.json().get("unavailableBrokers").isEmpty();
        });
        long doneAt = System.nanoTime();
        stopConsumers.set(true);

        viewFigures = "left the proxy's view " + TimeUnit.NANOSECONDS.toMillis(leftViewAt - killAt)
            + " ms after the kill, back in it " + TimeUnit.NANOSECONDS.toMillis(backInViewAt - upAt) + " ms after its registration";
        report(killAt, restartAt, upAt, doneAt, firstReceiveFromB, storedBeforeKill, failuresAtKill, failuresWhileDown,
            skipsWhileDown);
        verify(killAt, restartAt, failuresWhileDown - failuresAtKill);
        verifyKeptByTheDeadBroker(httpDeliveries, "HTTP consumers", restartAt);
        verifyKeptByTheDeadBroker(pushDeliveries, "push consumer", restartAt);
    }

    // ---------------------------------------------------------------- figures and checks

    private static boolean routeNames(String broker) {
        try {
            return proxy.cluster().route(TOPIC).get(10, TimeUnit.SECONDS).getBrokerDatas().stream()
                .anyMatch(bd -> bd.getBrokerName().equals(broker));
        } catch (Exception e) {
            throw new AssertionError("no route of " + TOPIC, e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    private static long receivedFrom(Map<Integer, List<Delivery>> deliveries, String broker) {
        return deliveries.values().stream().flatMap(List::stream).filter(d -> d.broker().equals(broker)).count();
    }

    private static boolean deliveredAfter(Map<Integer, List<Delivery>> deliveries, String broker, long after) {
        return firstDeliveryAfter(deliveries, broker, after) > 0;
    }

    private static long firstDeliveryAfter(Map<Integer, List<Delivery>> deliveries, String broker, long after) {
        return deliveries.values().stream().flatMap(List::stream)
            .filter(d -> d.broker().equals(broker) && d.atNanos() > after)
            .mapToLong(Delivery::atNanos).min().orElse(0);
    }

    private static boolean deliveredAfter(List<Delivery> deliveries, long after) {
        return deliveries != null && deliveries.stream().anyMatch(d -> d.atNanos() > after);
    }

    private boolean storedAfter(String broker, long after) {
        return stored.entrySet().stream().anyMatch(e -> e.getValue().equals(broker) && storedAt.get(e.getKey()) > after);
    }

    private Set<String> fifoReceived() {
        Set<String> received = new HashSet<>();
        fifoDeliveries.forEach(d -> received.add(d.group() + ":" + d.seq()));
        return received;
    }

    /** The longest time in [from, to] without a receive answered 200, over all HTTP consumers. */
    private long longestGapMillis(List<Receive> answers, long from, long to) {
        List<Long> ends = new ArrayList<>();
        for (Receive r : answers) {
            if (r.status() == 200 && r.endNanos() >= from && r.endNanos() <= to) {
                ends.add(r.endNanos());
            }
        }
        Collections.sort(ends);
        long previous = from;
        long longest = 0;
        for (long end : ends) {
            longest = Math.max(longest, end - previous);
            previous = end;
        }
        longest = Math.max(longest, to - previous);
        return TimeUnit.NANOSECONDS.toMillis(longest);
    }

    private static Map<Integer, Integer> statuses(List<Receive> answers, long from, long to) {
        Map<Integer, Integer> counts = new TreeMap<>();
        for (Receive r : answers) {
            if (r.endNanos() >= from && r.endNanos() <= to) {
                counts.merge(r.status(), 1, Integer::sum);
            }
        }
        return counts;
    }

    private Map<String, Integer> ackFigures(long from, long to) {
        Map<String, Integer> counts = new TreeMap<>();
        for (AckAnswer a : acks) {
            if (a.atNanos() >= from && a.atNanos() <= to) {
                counts.merge("HTTP " + a.status(), 1, Integer::sum);
                for (int i = 0; i < a.entries().size(); i++) {
                    counts.merge("entry " + a.entries().get(i) + " (" + a.brokers().get(i) + ")", 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /** Messages broker-b had stored at the kill that the consumers had not received until its restart. */
    private Set<Integer> keptByTheDeadBroker(Map<Integer, List<Delivery>> deliveries, long restartAt) {
        Set<Integer> kept = new HashSet<>();
        for (int index : storedOnBAtKill) {
            List<Delivery> seen = deliveries.get(index);
            if (seen == null || seen.stream().allMatch(d -> d.atNanos() >= restartAt)) {
                kept.add(index);
            }
        }
        return kept;
    }

    private void verifyKeptByTheDeadBroker(Map<Integer, List<Delivery>> deliveries, String who, long restartAt) {
        for (int index : keptByTheDeadBroker(deliveries, restartAt)) {
            assertTrue(who + ": message " + index + " stored on broker-b before the kill received after its restart",
                deliveredAfter(deliveries.get(index), restartAt));
        }
    }

    private void report(long killAt, long restartAt, long upAt, long doneAt, long firstReceiveFromB, int storedBeforeKill,
        long failuresAtKill, long failuresWhileDown, long skipsWhileDown) {
        long windowEnd = killAt + TimeUnit.MILLISECONDS.toNanos(DOWN_MILLIS);
        Map<Integer, Long> perConsumerGap = new HashMap<>();
        for (int c = 0; c < HTTP_CONSUMERS; c++) {
            List<Receive> own = new ArrayList<>();
            for (Receive r : receives) {
                if (r.consumer() == c) {
                    own.add(r);
                }
            }
            perConsumerGap.put(c, longestGapMillis(own, killAt, restartAt));
        }
        long pushWhileDown = pushDeliveries.values().stream().flatMap(List::stream)
            .filter(d -> d.atNanos() > killAt && d.atNanos() < restartAt).count();
        StringBuilder figures = new StringBuilder("broker death figures:\n");
        figures.append("  sends: ").append(stored.size()).append(" stored (").append(storedBeforeKill)
            .append(" before the kill), ").append(throttledSends.get())
            .append(" refused by the broker's flow control (429) and sent again, ").append(failedSends.size()).append(" failed\n");
        figures.append("  messages broker-b held at the kill: ").append(storedOnBAtKill.size())
            .append(" stored, of them not received before its restart and received after it: HTTP consumers ")
            .append(keptByTheDeadBroker(httpDeliveries, restartAt).size()).append(", push consumer ")
            .append(keptByTheDeadBroker(pushDeliveries, restartAt).size()).append('\n');
        long lateFromB = storedAtKill.stream().filter(i -> B.equals(lateDeliveries.get(i))).count();
        figures.append("  a group that began receiving after the restart received ")
            .append(storedAtKill.stream().filter(lateDeliveries::containsKey).count()).append(" of the ").append(storedAtKill.size())
            .append(" messages stored before the kill (").append(lateFromB).append(" from broker-b)\n");
        figures.append("  HTTP receives answered in the 20 s after the kill, by status: ")
            .append(statuses(receives, killAt, windowEnd)).append("; FIFO consumer: ").append(statuses(fifoReceives, killAt, windowEnd))
            .append('\n');
        figures.append("  HTTP receives over the whole run, by status: ").append(statuses(receives, origin, doneAt)).append('\n');
        figures.append("  longest stretch without a successful receive from the kill to the restart: ")
            .append(longestGapMillis(receives, killAt, restartAt)).append(" ms (per consumer ").append(perConsumerGap)
            .append(" ms)\n");
        List<String> slow = new ArrayList<>();
        for (Receive r : receives) {
            long took = TimeUnit.NANOSECONDS.toMillis(r.endNanos() - r.startNanos());
            if (r.endNanos() > killAt && r.startNanos() < restartAt && took > 2500) {
                slow.add("consumer " + r.consumer() + " at " + TimeUnit.NANOSECONDS.toMillis(r.startNanos() - killAt)
                    + " ms after the kill took " + took + " ms");
            }
        }
        figures.append("  receives of waitSeconds=2 around the kill that took longer than 2.5 s: ").append(slow).append('\n');
        figures.append("  acks in the 20 s after the kill: ").append(ackFigures(killAt, windowEnd)).append('\n');
        figures.append("  acks over the whole run: ").append(ackFigures(origin, doneAt)).append('\n');
        figures.append("  push consumer deliveries while broker-b was down: ").append(pushWhileDown).append('\n');
        figures.append("  proxy requests to brokers that failed while broker-b was down: ").append(failuresWhileDown)
            .append(" (").append(failuresAtKill).append(" of them in flight at the kill, failed within ")
            .append(IN_FLIGHT_SETTLED_MILLIS).append(" ms of the process's end; ").append(failuresWhileDown - failuresAtKill)
            .append(" later), requests that skipped a backing-off broker: ").append(skipsWhileDown).append('\n');
        figures.append("  broker-b: killed at ").append(millis(killAt)).append(" ms (its process ended ")
            .append(TimeUnit.NANOSECONDS.toMillis(deadAtNanos - killAt)).append(" ms later), restarted at ").append(millis(restartAt))
            .append(" ms, registered at ").append(millis(upAt)).append(" ms, first receive from it ")
            .append(TimeUnit.NANOSECONDS.toMillis(firstReceiveFromB - upAt)).append(" ms after registration; all consumed at ")
            .append(millis(doneAt)).append(" ms; ").append(viewFigures).append('\n');
        figures.append("  answers while broker-b was down: lease change ").append(leaseWhileDown).append("; queues ")
            .append(queuesWhileDown).append("; ack of held FIFO leases ").append(heldAck.get()).append('\n');
        figures.append("  FIFO deliveries: ").append(fifoDeliveries.size()).append(" of ").append(FIFO_GROUPS * FIFO_MESSAGES_PER_GROUP)
            .append(" messages; held-lease ack answered ").append(heldAck.get() == null ? "-" : heldAck.get().status);
        LOG.log(System.Logger.Level.INFO, figures.toString());
    }

    private void verify(long killAt, long restartAt, long laterFailures) {
        assertEquals("failed sends: " + failedSends, Collections.emptyList(), failedSends);

        List<Receive> notOk = new ArrayList<>();
        for (Receive r : receives) {
            if (r.status() != 200) {
                notOk.add(r);
            }
        }
        for (Receive r : fifoReceives) {
            if (r.status() != 200) {
                notOk.add(r);
            }
        }
        assertEquals("receives answered other than 200 while broker-a was up", Collections.emptyList(), notOk);
        assertEquals("no receive anywhere (SDK included) was answered 503", 0,
            LiveProxies.requests(proxy, "GET", "/v1/topics/{topic}/messages", 503));
        long gap = longestGapMillis(receives, killAt, restartAt);
        assertTrue("longest stretch without a successful receive after the kill: " + gap + " ms", gap <= MAX_GAP_MILLIS);

        for (AckAnswer a : acks) {
            assertTrue("an ack answered " + a.status(), a.status() == 200 || a.status() == 207);
            for (int i = 0; i < a.entries().size(); i++) {
                String entry = a.entries().get(i);
                // 50400 when an ack sent just before the kill waited for its timeout
                assertTrue("ack entry " + entry + " of " + a.brokers().get(i), entry.equals("OK")
                    || (entry.equals("50300") || entry.equals("50400")) && a.brokers().get(i).equals(B));
            }
        }
        HttpTestClient.Response held = heldAck.get();
        assertEquals(held.toString(), 207, held.status);
        JsonNode heldResults = held.json().get("results");
        for (int i = 0; i < heldResults.size(); i++) {
            JsonNode result = heldResults.get(i);
            if (heldAckBrokers.get(i).equals(A)) {
                assertEquals(result.toString(), "OK", result.get("status").asText());
            } else {
                assertEquals(result.toString(), 50300, result.get("error").get("code").asInt());
                assertEquals(result.toString(), "broker [broker-b] is unreachable; retry later",
                    result.get("error").get("message").asText());
            }
        }

        // while broker-b was down, nothing of it was handed out
        for (Receive r : receives) {
            if (r.startNanos() > killAt && r.endNanos() < restartAt) {
                assertTrue("a receive while broker-b was down: " + r, !r.brokers().contains(B));
            }
        }
        long fifoFromAWhileDown = 0;
        for (FifoDelivery d : fifoDeliveries) {
            if (d.startNanos() > killAt && d.endNanos() < restartAt) {
                assertEquals("FIFO delivery while broker-b was down: " + d, A, d.broker());
                fifoFromAWhileDown++;
            }
        }
        assertTrue("broker-a's FIFO queues went on while broker-b was down", fifoFromAWhileDown > 0);
        Map<Integer, Set<Integer>> seen = new HashMap<>();
        for (FifoDelivery d : fifoDeliveries) {
            Set<Integer> group = seen.computeIfAbsent(d.group(), k -> new HashSet<>());
            for (int earlier = 0; earlier < d.seq(); earlier++) {
                assertTrue("message group " + d.group() + ": " + d.seq() + " delivered before " + earlier, group.contains(earlier));
            }
            group.add(d.seq());
        }
        long pushWhileDown = pushDeliveries.values().stream().flatMap(List::stream)
            .filter(d -> d.atNanos() > killAt && d.atNanos() < restartAt).count();
        assertTrue("the push consumer went on consuming from broker-a", pushWhileDown > 0);
        assertTrue("requests to the dead broker after those in flight at the kill: " + laterFailures,
            laterFailures <= MAX_LATER_BROKER_FAILURES);
    }
}
