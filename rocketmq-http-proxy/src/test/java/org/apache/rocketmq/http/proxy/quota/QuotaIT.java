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
package org.apache.rocketmq.http.proxy.quota;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.http.proxy.test.HttpTestClient;
import org.apache.rocketmq.http.proxy.test.NativeConsumers;
import org.apache.rocketmq.http.proxy.test.RawHttpConnection;
import org.apache.rocketmq.http.proxy.test.TestCluster;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.After;
import org.junit.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * Quotas and global guards of a real proxy in front of a real broker.
 */
public class QuotaIT {
    private static final Logger log = LoggerFactory.getLogger(QuotaIT.class);
    private HttpProxyController proxy;
    private Path quotaFile;

    @After
    public void stop() throws IOException {
        if (proxy != null) {
            proxy.shutdown();
        }
        if (quotaFile != null) {
            Files.deleteIfExists(quotaFile);
        }
    }

    private HttpTestClient start(String yaml) throws IOException {
        return start(yaml, c -> { });
    }

    private HttpTestClient start(String yaml, Consumer<HttpProxyConfig> customizer) throws IOException {
        quotaFile = Files.createTempFile("quota", ".yml");
        Files.writeString(quotaFile, yaml);
        proxy = TestCluster.startProxy(c -> {
            c.getFlowControl().setQuotaFile(quotaFile.toString());
            customizer.accept(c);
        });
        return new HttpTestClient(proxy.port());
    }

    /**
     * Replaces the quota file the way an editor that saves atomically does.
     */
    private void rewrite(String yaml) throws IOException {
        Path next = Files.createTempFile(quotaFile.getParent(), "quota", ".next");
        Files.writeString(next, yaml);
        Files.move(next, quotaFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String batch(int messages, String body) {
        StringBuilder json = new StringBuilder("{\"messages\": [");
        for (int i = 0; i < messages; i++) {
            json.append(i == 0 ? "" : ", ").append("{\"body\": \"").append(body).append(i).append("\"}");
        }
        return json.append("]}").toString();
    }

    /**
     * Waits until the topic's queues hold {@code expected} messages (a broker makes what it stored
     * visible in its queues a moment later), and returns what they hold then.
     */
    private static long awaitStored(HttpTestClient http, String topic, long expected) {
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> storedMessages(http, topic) >= expected);
        } catch (ConditionTimeoutException e) {
            // the assertion of the caller tells what was there
        }
        return storedMessages(http, topic);
    }

    private static long storedMessages(HttpTestClient http, String topic) {
        long total = 0;
        for (JsonNode q : http.get("/v1/topics/" + topic + "/queues").json().get("queues")) {
            total += q.get("maxOffset").asLong() - q.get("minOffset").asLong();
        }
        return total;
    }

    private static void assertThrottled(HttpTestClient.Response r) {
        assertEquals(r.toString(), 429, r.status);
        assertEquals(42900, r.json().get("code").asInt());
        assertEquals("TOO_MANY_REQUESTS", r.json().get("error").asText());
        long retryAfter = Long.parseLong(r.header("Retry-After"));
        assertTrue(r.header("Retry-After"), retryAfter >= 1);
        assertEquals(r.header("Retry-After"), r.header("RateLimit-Reset"));
        assertTrue(Long.parseLong(r.header("RateLimit-Limit")) >= 1);
        assertTrue(Long.parseLong(r.header("RateLimit-Remaining")) >= 0);
    }

    private static double metric(HttpTestClient http, String series) {
        for (String line : http.get("/metrics").text().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1));
            }
        }
        return 0;
    }

    @Test
    public void aBatchOverTheTokensLeftIsRefusedWholeAndNothingOfItIsStored() throws Exception {
        String topic = TestCluster.newTopic("QuotaBatch");
        // one token a second, a hundred at most: the test's own pace cannot refill what it checks
        HttpTestClient http = start("rules:\n  - topic: " + topic + "\n    messagesPerSecond: 1\n    burstSeconds: 100\n");
        String path = "/v1/topics/" + topic + "/messages";
        HttpTestClient.Response first = http.postJson(path, batch(60, "first-"));
        assertEquals(first.toString(), 200, first.status);

        HttpTestClient.Response second = http.postJson(path, batch(60, "second-"));
        assertThrottled(second);
        long remaining = Long.parseLong(second.header("RateLimit-Remaining"));
        assertTrue(second.toString(), remaining >= 40 && remaining < 60);
        assertEquals("100", second.header("RateLimit-Limit"));
        assertEquals("Retry-After is the time until 60 tokens are there, at one a second", 60 - remaining,
            Long.parseLong(second.header("Retry-After")), 1);
        assertTrue(second.json().get("message").asText(), second.json().get("message").asText()
            .contains("topic [" + topic + "] allows 1 messages per second"));

        assertEquals(60, awaitStored(http, topic, 60));
        List<String> bodies = new ArrayList<>();
        NativeConsumers.readFromStart(topic, 61, 3000).forEach(m -> bodies.add(new String(m.getBody(), StandardCharsets.UTF_8)));
        assertEquals(60, bodies.size());
        assertTrue(bodies.stream().allMatch(b -> b.startsWith("first-")));
        assertEquals(1.0, metric(http, "rocketmq_http_throttled_requests_total{reason=\"messages\",rule=\"topic\"}"), 0.0);

        HttpTestClient.Response small = http.postJson(path, batch(remaining > 40 ? 40 : (int) remaining, "third-"));
        assertEquals(small.toString(), 200, small.status);
    }

    @Test
    public void bytesPerSecondCountsTheRequestBodies() throws Exception {
        String topic = TestCluster.newTopic("QuotaBytes");
        HttpTestClient http = start("rules:\n  - producerGroup: GID_bytes\n    bytesPerSecond: 10\n    burstSeconds: 100\n");
        String path = "/v1/topics/" + topic + "/messages?producerGroup=GID_bytes";
        Map<String, String> raw = Map.of("Content-Type", "application/octet-stream");
        assertEquals(200, http.postRaw(path, new byte[600], raw).status);
        HttpTestClient.Response refused = http.postRaw(path, new byte[600], raw);
        assertThrottled(refused);
        assertEquals("1000", refused.header("RateLimit-Limit"));
        assertTrue(refused.json().get("message").asText().contains("producerGroup [GID_bytes] allows 10 bytes per second"));
        assertEquals("another group is not limited", 200, http.postRaw("/v1/topics/" + topic + "/messages",
            new byte[600], raw).status);
        assertEquals(2, awaitStored(http, topic, 2));
    }

    @Test
    public void aReceiveReturnsNoMoreThanTheGroupsTokensAndIsRefusedWhenNoneAreLeft() throws Exception {
        String topic = TestCluster.newTopic("QuotaReceive");
        String group = TestCluster.newGroup("GID_quota");
        HttpTestClient http = start("rules:\n  - consumerGroup: " + group + "\n    messagesPerSecond: 1\n    burstSeconds: 5\n");
        assertEquals(200, http.postJson("/v1/topics/" + topic + "/messages", batch(20, "m")).status);
        long start = System.nanoTime();
        int received = 0;
        HttpTestClient.Response refused = null;
        while (refused == null && System.nanoTime() - start < 30_000_000_000L) {
            HttpTestClient.Response r = http.get("/v1/topics/" + topic + "/messages?group=" + group
                + "&max=16&waitSeconds=2");
            if (r.status == 429) {
                refused = r;
            } else {
                assertEquals(r.toString(), 200, r.status);
                int n = r.json().get("messages").size();
                assertTrue("a receive returned " + n + " messages; the group has 5 tokens at most", n <= 5);
                received += n;
            }
        }
        long elapsedSeconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertTrue("no receive was refused", refused != null);
        assertThrottled(refused);
        assertEquals("5", refused.header("RateLimit-Limit"));
        assertTrue(refused.json().get("message").asText().contains("consumerGroup [" + group + "]"));
        assertTrue("received " + received + " in " + elapsedSeconds + " s at 1 a second, 5 at once",
            received >= 5 && received <= 5 + elapsedSeconds + 1);
    }

    @Test
    public void longPollsBeyondTheRuleAreRefusedWhileTheOthersWait() throws Exception {
        String topic = TestCluster.newTopic("QuotaPolls");
        String group = TestCluster.newGroup("GID_polls");
        HttpTestClient http = start("rules:\n  - consumerGroup: " + group + "\n    maxLongPolls: 2\n");
        HttpClient client = HttpClient.newHttpClient();
        String receive = http.baseUrl() + "/v1/topics/" + topic + "/messages?group=" + group + "&waitSeconds=20";
        List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            polls.add(client.sendAsync(HttpRequest.newBuilder(URI.create(receive)).GET().build(),
                HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> metric(http, "rocketmq_http_long_polls_waiting") == 2.0);
        HttpTestClient.Response third = http.get("/v1/topics/" + topic + "/messages?group=" + group + "&waitSeconds=1");
        assertThrottled(third);
        assertEquals("2", third.header("RateLimit-Limit"));
        assertEquals("0", third.header("RateLimit-Remaining"));
        assertTrue(third.json().get("message").asText().contains("allows 2 at once"));
        assertEquals(1.0, metric(http, "rocketmq_http_throttled_requests_total{reason=\"longPolls\",rule=\"consumerGroup\"}"),
            0.0);
        assertTrue("the waiting polls go on", polls.stream().noneMatch(CompletableFuture::isDone));

        assertEquals(200, http.postJson("/v1/topics/" + topic + "/messages", Map.of("body", "wake up")).status);
        await().atMost(Duration.ofSeconds(10)).until(() -> polls.stream().anyMatch(CompletableFuture::isDone));
        HttpTestClient.Response admitted = http.get("/v1/topics/" + topic + "/messages?group=" + group + "&waitSeconds=0");
        assertEquals(admitted.toString(), 200, admitted.status);
    }

    @Test
    public void editsOfTheQuotaFileTakeEffectWithinSecondsAndABrokenFileKeepsTheRulesInForce() throws Exception {
        String topic = TestCluster.newTopic("QuotaReload");
        String rule = "rules:\n  - topic: " + topic + "\n    messagesPerSecond: 1\n    burstSeconds: %d\n";
        HttpTestClient http = start(String.format(rule, 3));
        String path = "/v1/topics/" + topic + "/messages";
        assertEquals(200, http.postJson(path, batch(3, "a")).status);
        assertThrottled(http.postJson(path, batch(3, "b")));

        rewrite("rules:\n  - topic: " + topic + "\n    messagesPerSecond: 1000\n");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
            .until(() -> http.postJson(path, batch(100, "up")).status == 200);
        for (int i = 0; i < 5; i++) {
            assertEquals("raised to 1000 a second", 200, http.postJson(path, batch(100, "up")).status);
        }

        rewrite(String.format(rule, 2));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
            .until(() -> http.postJson(path, batch(3, "down")).status == 429);

        rewrite("rules:\n  - topic: " + topic + "\n    messagesPerSecond: oops\n");
        Thread.sleep(2000);
        assertThrottled(http.postJson(path, batch(3, "still limited")));
        rewrite("rules: []\n");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
            .until(() -> http.postJson(path, batch(200, "free")).status == 200);
    }

    @Test
    public void connectionsBeyondMaxConnectionsAreClosedAtOnceAndCounted() throws Exception {
        start("rules: []\n", c -> c.getFlowControl().setMaxConnections(2));
        RawHttpConnection a = new RawHttpConnection(proxy.port());
        RawHttpConnection b = new RawHttpConnection(proxy.port());
        assertEquals(200, a.exchange("GET", "/health", Map.of(), null).status);
        assertEquals(200, b.exchange("GET", "/health", Map.of(), null).status);
        try (RawHttpConnection c = new RawHttpConnection(proxy.port())) {
            c.send("GET", "/health", Map.of(), null);
            assertTrue("the third connection is closed", c.isClosedByServer());
        }
        assertEquals("the others are served", 200, a.exchange("GET", "/health", Map.of(), null).status);
        b.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (RawHttpConnection again = new RawHttpConnection(proxy.port())) {
                return again.exchange("GET", "/health", Map.of(), null).status == 200;
            } catch (IOException closed) {
                return false;
            }
        });
        String metrics = a.exchange("GET", "/metrics", Map.of(), null).text();
        assertTrue(metrics, metrics.contains("rocketmq_http_connections_refused_total "));
        assertFalse(metrics, metrics.contains("rocketmq_http_connections_refused_total 0.0"));
        a.close();
    }

    @Test
    public void requestsBeyondMaxInFlightRequestsAre503WithRetryAfterAndOperationsStayOpen() throws Exception {
        String topic = TestCluster.newTopic("QuotaInFlight");
        String group = TestCluster.newGroup("GID_inflight");
        HttpTestClient http = start("rules: []\n", c -> c.getFlowControl().setMaxInFlightRequests(2));
        HttpClient client = HttpClient.newHttpClient();
        String receive = http.baseUrl() + "/v1/topics/" + topic + "/messages?group=" + group + "&waitSeconds=20";
        for (int i = 0; i < 2; i++) {
            client.sendAsync(HttpRequest.newBuilder(URI.create(receive)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> metric(http, "rocketmq_http_long_polls_waiting") == 2.0);
        HttpTestClient.Response refused = http.get("/v1/topics/" + topic + "/queues");
        assertEquals(refused.toString(), 503, refused.status);
        assertEquals("1", refused.header("Retry-After"));
        assertTrue(refused.json().get("message").asText().contains("requests at once"));
        assertEquals(200, http.get("/health").status);
        assertEquals(1.0, metric(http, "rocketmq_http_throttled_requests_total{reason=\"inFlight\",rule=\"guard\"}"), 0.0);
    }

    @Test
    public void aClusterRuleIsSharedByTheLiveProxiesOfTheCluster() throws Exception {
        String topic = TestCluster.newTopic("QuotaCluster");
        // 10 a second for the cluster, 100 s of burst: 1000 at once, 500 for each of two proxies
        HttpTestClient first = start("rules:\n  - topic: " + topic + "\n    messagesPerSecond: 10\n    burstSeconds: 100\n"
            + "    scope: cluster\n", cluster -> discoveryOf(cluster, TestCluster.uniqueName("quota")));
        HttpProxyController second = startSecondProxyOfTheCluster();
        try {
            long start = System.nanoTime();
            int accepted = 0;
            HttpTestClient.Response refused = null;
            while (refused == null && accepted < 1100) {
                HttpTestClient.Response r = first.postJson("/v1/topics/" + topic + "/messages", batch(50, "c"));
                if (r.status == 429) {
                    refused = r;
                } else {
                    assertEquals(r.toString(), 200, r.status);
                    accepted += 50;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue("no request was refused", refused != null);
            assertThrottled(refused);
            assertEquals("500", refused.header("RateLimit-Limit"));
            assertTrue(refused.json().get("message").asText(), refused.json().get("message").asText()
                .contains("for the cluster (2 proxies share it)"));
            assertTrue("one of two proxies took " + accepted + " in " + seconds + " s: half the burst and 5 a second",
                accepted >= 500 && accepted <= 500 + 5 * seconds + 50);
            HttpTestClient other = new HttpTestClient(second.port());
            assertEquals("the other proxy has its own half", 200,
                other.postJson("/v1/topics/" + topic + "/messages", batch(50, "d")).status);
        } finally {
            second.shutdown();
        }
    }

    @Test
    public void aCallerHittingBothProxiesGetsTheClusterRateInTotal() throws Exception {
        String topic = TestCluster.newTopic("QuotaClusterRate");
        start("rules:\n  - topic: " + topic + "\n    messagesPerSecond: 200\n    burstSeconds: 1\n"
            + "    scope: cluster\n", cluster -> discoveryOf(cluster, TestCluster.uniqueName("quota")));
        HttpProxyController second = startSecondProxyOfTheCluster();
        try {
            // one caller, a connection to each proxy, always more than the rule allows: a second to use up
            // the buckets' bursts, then ten seconds measured
            long measureFrom = System.nanoTime() + 1_000_000_000L;
            long until = measureFrom + 10_000_000_000L;
            List<CompletableFuture<long[]>> callers = new ArrayList<>();
            for (int port : List.of(proxy.port(), second.port())) {
                callers.add(CompletableFuture.supplyAsync(() -> {
                    HttpTestClient http = new HttpTestClient(port);
                    long[] acceptedAllAndMeasured = new long[2];
                    for (long now = System.nanoTime(); now < until; now = System.nanoTime()) {
                        HttpTestClient.Response r = http.postJson("/v1/topics/" + topic + "/messages", batch(5, "r"));
                        if (r.status == 200) {
                            acceptedAllAndMeasured[0] += 5;
                            if (now >= measureFrom) {
                                acceptedAllAndMeasured[1] += 5;
                            }
                        } else {
                            assertThrottled(r);
                            sleepQuietly(10);
                        }
                    }
                    return acceptedAllAndMeasured;
                }));
            }
            long accepted = 0;
            long measured = 0;
            for (CompletableFuture<long[]> caller : callers) {
                accepted += caller.get()[0];
                measured += caller.get()[1];
            }
            double rate = measured / 10.0;
            log.info("a cluster rule of 200 msg/s on two proxies: {} msg/s accepted in total over 10 s", rate);
            assertTrue("accepted " + rate + " msg/s in total through two proxies, the cluster's rule is 200",
                rate >= 170 && rate <= 230);
            assertEquals("every accepted message is stored", accepted, awaitStored(new HttpTestClient(second.port()),
                topic, accepted));
        } finally {
            second.shutdown();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A second proxy with the first one's quota file in its discovery cluster, once each lists both.
     */
    private HttpProxyController startSecondProxyOfTheCluster() {
        String proxyCluster = proxy.config().getDiscovery().getProxyClusterName();
        HttpProxyController second = TestCluster.startProxy(c -> {
            c.getFlowControl().setQuotaFile(quotaFile.toString());
            discoveryOf(c, proxyCluster);
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> proxy.discovery().liveProxyCount() == 2
            && second.discovery().liveProxyCount() == 2);
        return second;
    }

    /**
     * Proxies of their own discovery cluster on the stock nameserver, with short heartbeats.
     */
    private static void discoveryOf(HttpProxyConfig config, String proxyCluster) {
        config.getDiscovery().setProxyClusterName(proxyCluster);
        config.getDiscovery().setProxyHeartbeatSeconds(1);
        config.getDiscovery().setProxyTtlSeconds(5);
    }
}
