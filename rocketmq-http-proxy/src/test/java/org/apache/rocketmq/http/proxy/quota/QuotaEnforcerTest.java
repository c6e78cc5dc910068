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

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics;
import org.apache.rocketmq.http.proxy.config.FlowControlConfig;
import org.apache.rocketmq.http.proxy.server.HttpRequestContext;
import org.apache.rocketmq.http.proxy.server.HttpResult;
import org.apache.rocketmq.http.proxy.server.Router;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class QuotaEnforcerTest {
    private static final Router ROUTER = new Router()
        .post("/v1/topics/{topic}/messages", r -> CompletableFuture.completedFuture(null))
        .get("/v1/topics/{topic}/messages", r -> CompletableFuture.completedFuture(null))
        .get("/v1/topics/{topic}/queues/{brokerName}/{queueId}/messages", r -> CompletableFuture.completedFuture(null));
    private static final String CLIENT = "10.0.0.7";

    private final ManualClock clock = new ManualClock();
    private final ProxyMetrics metrics = new ProxyMetrics();
    private final FlowControlConfig config = new FlowControlConfig();
    private final QuotaEnforcer quotas = new QuotaEnforcer(config, "DEFAULT_PRODUCER", metrics, clock, clock);

    private void rules(String yaml) {
        quotas.rules(QuotaRules.parse(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpRequestContext request(String method, String path, String query, String contentType, byte[] body) {
        Map<String, String> headers = contentType == null ? Collections.emptyMap() : Map.of("Content-Type", contentType);
        HttpRequestContext request = new HttpRequestContext(method, path, new QueryStringDecoder("?" + query).parameters(),
            headers, body, "test");
        try {
            ROUTER.match(method, path).invoke(request);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return request;
    }

    private static HttpRequestContext batch(String topic, String query, int messages) {
        StringBuilder json = new StringBuilder("{\"messages\": [");
        for (int i = 0; i < messages; i++) {
            json.append(i == 0 ? "" : ", ").append("{\"body\": \"m").append(i).append("\"}");
        }
        return request("POST", "/v1/topics/" + topic + "/messages", query, "application/json",
            json.append("]}").toString().getBytes(StandardCharsets.UTF_8));
    }

    private static HttpRequestContext raw(String topic, int bytes) {
        return request("POST", "/v1/topics/" + topic + "/messages", "", "application/octet-stream", new byte[bytes]);
    }

    private static HttpRequestContext receive(String topic, String group, String query) {
        return request("GET", "/v1/topics/" + topic + "/messages", "group=" + group + query, null, new byte[0]);
    }

    private static HttpResult answer(int messages) {
        List<Map<String, String>> list = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            list.add(Map.of("body", "m" + i));
        }
        return HttpResult.ok(Map.of("messages", list));
    }

    private Admission produce(HttpRequestContext request) {
        return quotas.admit(RouteQuota.PRODUCE, null, CLIENT, request);
    }

    private QuotaExceededException refusedProduce(HttpRequestContext request) {
        try {
            produce(request);
        } catch (QuotaExceededException e) {
            return e;
        }
        throw new AssertionError("admitted");
    }

    private QuotaExceededException refusedReceive(HttpRequestContext request) {
        try {
            quotas.admit(RouteQuota.RECEIVE, null, CLIENT, request);
        } catch (QuotaExceededException e) {
            return e;
        }
        throw new AssertionError("admitted");
    }

    @Test
    public void withoutRulesNothingIsChecked() {
        assertSame(Admission.NONE, produce(batch("Orders", "", 1000)));
        rules("rules:\n  - topic: Audit\n    messagesPerSecond: 1\n");
        assertSame(Admission.NONE, produce(batch("Orders", "", 1000)));
        assertSame(Admission.NONE, quotas.admit(RouteQuota.REQUEST, null, CLIENT, batch("Audit", "", 5)));
    }

    @Test
    public void aBatchTakesItsMessagesFromEveryMatchingRuleOrIsRefusedWhole() {
        rules("rules:\n  - topic: Orders\n    messagesPerSecond: 10\n  - clientAddress: '*'\n    messagesPerSecond: 100\n"
            + "  - producerGroup: P\n    messagesPerSecond: 1000\n");
        produce(batch("Orders", "producerGroup=P", 6));
        QuotaExceededException e = refusedProduce(batch("Orders", "producerGroup=P", 5));
        assertEquals(429, e.getErrorCode().httpStatus());
        assertTrue(e.getMessage(), e.getMessage().contains("topic [Orders] allows 10 messages per second"));
        assertEquals("10", e.headers().get("RateLimit-Limit"));
        assertEquals("4", e.headers().get("RateLimit-Remaining"));
        assertEquals("1", e.headers().get("Retry-After"));
        assertEquals("1", e.headers().get("RateLimit-Reset"));
        // the refused batch took nothing from the caller's and the group's buckets: 94 are left for the caller
        produce(batch("Audit", "producerGroup=P", 94));
        QuotaExceededException caller = refusedProduce(batch("Audit", "producerGroup=P", 1));
        assertTrue(caller.getMessage(), caller.getMessage().contains("clientAddress [10.0.0.7]"));
    }

    @Test
    public void retryAfterIsTheTimeUntilTheTokensAreThere() {
        rules("rules:\n  - topic: Slow\n    messagesPerSecond: 1\n    burstSeconds: 5\n");
        produce(batch("Slow", "", 5));
        QuotaExceededException e = refusedProduce(batch("Slow", "", 3));
        assertEquals("3", e.headers().get("Retry-After"));
        assertEquals("5", e.headers().get("RateLimit-Limit"));
        assertEquals("0", e.headers().get("RateLimit-Remaining"));
        clock.advance(2900, TimeUnit.MILLISECONDS);
        refusedProduce(batch("Slow", "", 3));
        clock.advance(100, TimeUnit.MILLISECONDS);
        produce(batch("Slow", "", 3));
    }

    @Test
    public void bytesAreTheBodyOfTheRequest() {
        rules("rules:\n  - producerGroup: DEFAULT_PRODUCER\n    bytesPerSecond: 1000\n");
        produce(raw("Orders", 600));
        QuotaExceededException e = refusedProduce(raw("Orders", 600));
        assertTrue(e.getMessage(), e.getMessage().contains("producerGroup [DEFAULT_PRODUCER] allows 1000 bytes per second"));
        assertEquals("400", e.headers().get("RateLimit-Remaining"));
        produce(raw("Orders", 400));
        String scrape = metrics.scrape();
        assertTrue(scrape, scrape.contains("rocketmq_http_throttled_requests_total{reason=\"bytes\",rule=\"producerGroup\"} 1.0"));
    }

    @Test
    public void aRequestLargerThanTheBurstSaysSo() {
        rules("rules:\n  - topic: Orders\n    messagesPerSecond: 10\n    burstSeconds: 2\n");
        QuotaExceededException e = refusedProduce(batch("Orders", "", 21));
        assertTrue(e.getMessage(), e.getMessage().contains("a request of 21 messages is more than topic [Orders] allows at "
            + "once (20)"));
        assertEquals("2", e.headers().get("Retry-After"));
        produce(batch("Orders", "", 20));
    }

    @Test
    public void answersRefusedBeforeTheBrokerGiveTheTokensBack() {
        rules("rules:\n  - topic: Orders\n    messagesPerSecond: 10\n");
        produce(batch("Orders", "", 10)).complete(HttpResult.json(400, Map.of()));
        produce(batch("Orders", "", 10)).complete(HttpResult.ok(Map.of()));
        refusedProduce(batch("Orders", "", 1));
    }

    @Test
    public void eachValueOfAWildcardRuleHasItsOwnBucket() {
        rules("rules:\n  - topic: '*'\n    messagesPerSecond: 2\n  - topic: Big\n    messagesPerSecond: 100\n");
        produce(batch("A", "", 2));
        produce(batch("B", "", 2));
        refusedProduce(batch("A", "", 1));
        produce(batch("Big", "", 50));
    }

    @Test
    public void theHighestRatesAFileMayGiveMakeWorkingBuckets() {
        rules("rules:\n  - topic: Orders\n    messagesPerSecond: " + QuotaRules.MAX_RATE + "\n    bytesPerSecond: "
            + QuotaRules.MAX_RATE + "\n    burstSeconds: 3600\n");
        produce(batch("Orders", "", 50));
        produce(batch("Orders", "", 50));
    }

    @Test
    public void aClusterRuleIsSharedByTheLiveProxies() {
        rules("rules:\n  - topic: Orders\n    messagesPerSecond: 90\n    scope: cluster\n");
        AtomicInteger proxies = new AtomicInteger(3);
        quotas.liveProxies(proxies::get);
        produce(batch("Orders", "", 30));
        QuotaExceededException e = refusedProduce(batch("Orders", "", 1));
        assertTrue(e.getMessage(), e.getMessage().contains("for the cluster (3 proxies share it)"));
        clock.advance(1, TimeUnit.SECONDS);
        produce(batch("Orders", "", 30));
        proxies.set(1);
        produce(batch("Orders", "", 90));
    }

    @Test
    public void aReceiveIsAdmittedWithMaxLoweredToTheTokensLeftAndPaysForWhatItReturned() {
        rules("rules:\n  - consumerGroup: G\n    messagesPerSecond: 10\n");
        assertEquals("the default max, 16, is more than is left", 10,
            quotas.admit(RouteQuota.RECEIVE, null, CLIENT, receive("Orders", "G", "")).maxMessages());
        Admission first = quotas.admit(RouteQuota.RECEIVE, null, CLIENT, receive("Orders", "G", "&max=5"));
        assertEquals(-1, first.maxMessages());
        first.complete(answer(3));
        Admission second = quotas.admit(RouteQuota.RECEIVE, null, CLIENT, receive("Orders", "G", "&max=8"));
        assertEquals(7, second.maxMessages());
        second.complete(answer(7));
        QuotaExceededException e = refusedReceive(receive("Orders", "G", ""));
        assertTrue(e.getMessage(), e.getMessage().contains("consumerGroup [G] allows 10 messages per second"));
        assertEquals("1", e.headers().get("Retry-After"));
        clock.advance(300, TimeUnit.MILLISECONDS);
        assertEquals(3, quotas.admit(RouteQuota.RECEIVE, null, CLIENT, receive("Orders", "G", "&max=32")).maxMessages());
        // an empty answer and an error cost nothing
        clock.advance(700, TimeUnit.MILLISECONDS);
        quotas.admit(RouteQuota.RECEIVE, null, CLIENT, receive("Orders", "G", "")).complete(answer(0));
        quotas.admit(RouteQuota.RECEIVE, null, CLIENT, receive("Orders", "G", "")).complete(HttpResult.json(503, Map.of()));
        assertEquals(-1, quotas.admit(RouteQuota.RECEIVE, null, CLIENT, receive("Orders", "G", "&max=10")).maxMessages());
    }

    @Test
    public void anInvalidMaxIsLeftForTheHandlerToRefuse() {
        rules("rules:\n  - consumerGroup: G\n    messagesPerSecond: 10\n");
        assertEquals(-1, quotas.admit(RouteQuota.RECEIVE, null, CLIENT, receive("Orders", "G", "&max=abc")).maxMessages());
        assertEquals(-1, quotas.admit(RouteQuota.RECEIVE, null, CLIENT, receive("Orders", "G", "&max=0")).maxMessages());
    }

    @Test
    public void concurrentAnswersBecomeADebtTheNextRequestsWaitFor() {
        rules("rules:\n  - topic: Orders\n    messagesPerSecond: 10\n");
        Admission a = quotas.admit(RouteQuota.REPLAY, null, CLIENT, request("GET",
            "/v1/topics/Orders/queues/b/0/messages", "offset=0", null, new byte[0]));
        Admission b = quotas.admit(RouteQuota.REPLAY, null, CLIENT, request("GET",
            "/v1/topics/Orders/queues/b/0/messages", "offset=0", null, new byte[0]));
        assertEquals(10, a.maxMessages());
        a.complete(answer(10));
        b.complete(answer(10));
        // 10 owed: after 0.9 s one token is still missing, after 1.1 s one is there
        clock.advance(900, TimeUnit.MILLISECONDS);
        QuotaExceededException e = refusedProduce(batch("Orders", "", 1));
        assertEquals("1", e.headers().get("Retry-After"));
        clock.advance(200, TimeUnit.MILLISECONDS);
        produce(batch("Orders", "", 1));
    }

    @Test
    public void longPollsAreLimitedWhileTheyWait() {
        rules("rules:\n  - clientAddress: 10.0.0.7\n    maxLongPolls: 2\n");
        Admission first = quotas.admit(RouteQuota.RECEIVE, null, CLIENT, receive("A", "G", ""));
        Admission second = quotas.admit(RouteQuota.RECEIVE, null, CLIENT, receive("B", "H", ""));
        QuotaExceededException e = refusedReceive(receive("A", "G", ""));
        assertTrue(e.getMessage(), e.getMessage().contains("clientAddress [10.0.0.7] allows 2 at once"));
        assertEquals("2", e.headers().get("RateLimit-Limit"));
        assertEquals("0", e.headers().get("RateLimit-Remaining"));
        quotas.admit(RouteQuota.RECEIVE, null, "10.0.0.8", receive("A", "G", "")).complete(answer(0));
        first.complete(answer(0));
        quotas.admit(RouteQuota.RECEIVE, null, CLIENT, receive("A", "G", ""));
        refusedReceive(receive("A", "G", ""));
        second.complete(null);
        quotas.admit(RouteQuota.RECEIVE, null, CLIENT, receive("A", "G", ""));
    }

    @Test
    public void aRefusedReceiveGivesItsLongPollSlotBack() {
        rules("rules:\n  - consumerGroup: G\n    maxLongPolls: 1\n    messagesPerSecond: 1\n");
        quotas.admit(RouteQuota.RECEIVE, null, CLIENT, receive("A", "G", "")).complete(answer(1));
        refusedReceive(receive("A", "G", ""));
        clock.advance(1, TimeUnit.SECONDS);
        quotas.admit(RouteQuota.RECEIVE, null, CLIENT, receive("A", "G", ""));
    }

    @Test
    public void accessKeyRulesApplyToAuthenticatedCallersAndAddressRulesToTheOthers() {
        rules("rules:\n  - accessKey: app\n    messagesPerSecond: 1\n  - clientAddress: 10.0.0.7\n    messagesPerSecond: 5\n");
        quotas.admit(RouteQuota.PRODUCE, "app", CLIENT, batch("A", "", 1));
        try {
            quotas.admit(RouteQuota.PRODUCE, "app", CLIENT, batch("A", "", 1));
            fail("admitted beyond the access key's rule");
        } catch (QuotaExceededException expected) {
            assertTrue(expected.getMessage().contains("accessKey [app]"));
        }
        produce(batch("A", "", 5));
        refusedProduce(batch("A", "", 1));
        quotas.admit(RouteQuota.PRODUCE, "other", CLIENT, batch("A", "", 1000));
    }

    @Test
    public void aReloadKeepsTheTokensOfUnchangedRulesAndAppliesChangedOnesAtOnce() {
        String orders = "  - topic: Orders\n    messagesPerSecond: 10\n";
        rules("rules:\n" + orders + "  - topic: Audit\n    messagesPerSecond: 10\n");
        produce(batch("Orders", "", 10));
        produce(batch("Audit", "", 10));
        rules("rules:\n" + orders + "  - topic: Audit\n    messagesPerSecond: 100\n");
        refusedProduce(batch("Orders", "", 1));
        produce(batch("Audit", "", 100));
        rules("rules:\n" + orders + "  - topic: Audit\n    messagesPerSecond: 1\n");
        produce(batch("Audit", "", 1));
        refusedProduce(batch("Audit", "", 1));
        rules("rules: []\n");
        produce(batch("Audit", "", 1000));
    }

    @Test
    public void idleBucketsExpire() {
        rules("rules:\n  - clientAddress: '*'\n    messagesPerSecond: 10\n");
        for (int i = 0; i < 1000; i++) {
            quotas.admit(RouteQuota.PRODUCE, null, "10.1." + (i / 250) + "." + (i % 250), batch("A", "", 1));
        }
        assertEquals(1000, quotas.trackedBuckets());
        clock.advance(61, TimeUnit.SECONDS);
        assertEquals(0, quotas.trackedBuckets());
    }

    @Test
    public void concurrentBatchesNeverTakeMoreThanARuleAllowsAndRefusedOnesKeepNothing() throws Exception {
        rules("rules:\n  - topic: Orders\n    messagesPerSecond: 100\n  - producerGroup: DEFAULT_PRODUCER\n"
            + "    messagesPerSecond: 1000\n");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> tasks = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            tasks.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 200; i++) {
                    try {
                        produce(batch("Orders", "", 3));
                        admitted.addAndGet(3);
                    } catch (QuotaExceededException refused) {
                        // expected once the topic's 100 are gone
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> task : tasks) {
            task.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(99, admitted.get());
        // the group's bucket was charged for exactly what was admitted: 1000 - 99 are left
        produce(batch("Audit", "", 901));
        QuotaExceededException e = refusedProduce(batch("Audit", "", 1));
        assertNotSame(null, e);
    }

    @Test
    public void aQuotaFileThatDoesNotLoadStopsTheStartAndNamesTheReason() throws Exception {
        Path file = Files.createTempFile("quota", ".yml");
        try {
            Files.writeString(file, "rules:\n  - topic: A\n    messagesPerSecond: -1\n");
            config.setQuotaFile(file.toString());
            try {
                quotas.start();
                fail("started with a broken quota file");
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains(file.getFileName().toString())
                    && expected.getMessage().contains("rule 1: messagesPerSecond must be positive"));
            }
        } finally {
            quotas.shutdown();
            Files.deleteIfExists(file);
        }
    }

    @Test
    public void aReloadThatDoesNotLoadKeepsTheRulesInForce() throws Exception {
        Path file = Files.createTempFile("quota", ".yml");
        try {
            Files.writeString(file, "rules:\n  - topic: Orders\n    messagesPerSecond: 1\n");
            config.setQuotaFile(file.toString());
            quotas.start();
            Files.writeString(file, "rules:\n  - topic: Orders\n    messagesPerSecond: [\n");
            quotas.reload(file);
            Files.writeString(file, "");
            quotas.reload(file);
            assertEquals(1, quotas.rules().rules().get(0).messagesPerSecond());
            Files.writeString(file, "rules: []\n");
            quotas.reload(file);
            assertTrue(quotas.rules().isEmpty());
        } finally {
            quotas.shutdown();
            Files.deleteIfExists(file);
        }
    }
}
