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
package org.apache.rocketmq.http.proxy.handler;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.test.HttpTestClient;
import org.apache.rocketmq.http.proxy.test.TestCluster;
import org.junit.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * Long polls hold no thread: a thousand of them wait at once, answer when their time is up, and a
 * stopping proxy answers them all at once.
 */
public class LongPollIT {
    private static final Logger log = LoggerFactory.getLogger(LongPollIT.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static HttpClient client(ExecutorService executor) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
            .connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static List<CompletableFuture<HttpResponse<String>>> startPolls(HttpClient client, int port, String topic,
        String group, int count, int waitSeconds) {
        List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>(count);
        URI uri = URI.create("http://127.0.0.1:" + port + "/v1/topics/" + topic + "/messages?group=" + group
            + "&waitSeconds=" + waitSeconds);
        for (int i = 0; i < count; i++) {
            polls.add(client.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(90)).GET().build(),
                HttpResponse.BodyHandlers.ofString()));
        }
        return polls;
    }

    private static int waiting(HttpTestClient http) {
        for (String line : http.get("/metrics").text().split("\n")) {
            if (line.startsWith("rocketmq_http_long_polls_waiting ")) {
                return (int) Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
            }
        }
        throw new AssertionError("no long poll gauge");
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    public void aThousandConcurrentLongPollsWaitWithoutThreads() throws Exception {
        HttpProxyController proxy = TestCluster.startProxy();
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            HttpTestClient http = new HttpTestClient(proxy.port());
            String topic = TestCluster.newTopic("long_polls");
            String group = TestCluster.newGroup("GID_long_polls");
            // warm the route and group caches so every poll below goes straight to the broker
            http.receive(topic, group, "&waitSeconds=0");
            long heapBefore = usedHeapAfterGc();
            int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();

            // the longest wait there is, so that even a slow start of 1000 requests on a busy machine has
            // them all waiting at once before the first ones are answered
            long start = System.currentTimeMillis();
            List<CompletableFuture<HttpResponse<String>>> polls = startPolls(client(executor), proxy.port(), topic, group,
                1000, 30);
            long deadline = System.currentTimeMillis() + 25_000;
            int peak = 0;
            while (peak < 1000 && System.currentTimeMillis() < deadline) {
                peak = Math.max(peak, waiting(http));
                Thread.sleep(50);
            }
            int threadsDuring = ManagementFactory.getThreadMXBean().getThreadCount();
            long heapDuring = usedHeapAfterGc();
            assertEquals("all 1000 long polls waiting at once", 1000, peak);
            assertTrue("threads grew from " + threadsBefore + " to " + threadsDuring,
                threadsDuring - threadsBefore < 50);

            CompletableFuture.allOf(polls.toArray(new CompletableFuture[0])).get(90, TimeUnit.SECONDS);
            long elapsed = System.currentTimeMillis() - start;
            for (CompletableFuture<HttpResponse<String>> p : polls) {
                HttpResponse<String> r = p.get();
                assertEquals(r.body(), 200, r.statusCode());
                assertEquals(0, MAPPER.readTree(r.body()).get("messages").size());
            }
            assertTrue("answered after " + elapsed + " ms", elapsed >= 29_000);
            log.info("1000 idle long polls: threads {} -> {}, heap after GC {} KiB -> {} KiB (+{} KiB for proxy, broker "
                    + "and 1000 client connections together), all answered after {} ms", threadsBefore, threadsDuring,
                heapBefore / 1024, heapDuring / 1024, (heapDuring - heapBefore) / 1024, elapsed);
        } finally {
            executor.shutdownNow();
            proxy.shutdown();
        }
    }

    @Test
    public void shutdownAnswersEveryWaitingLongPollPromptly() throws Exception {
        HttpProxyController proxy = TestCluster.startProxy();
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            HttpTestClient http = new HttpTestClient(proxy.port());
            String topic = TestCluster.newTopic("long_poll_stop");
            String group = TestCluster.newGroup("GID_long_poll_stop");
            http.receive(topic, group, "&waitSeconds=0");
            // no poll reaches the proxy before this, so none of their 30 s waits ends before this + 30 s
            long pollsSent = System.currentTimeMillis();
            List<CompletableFuture<HttpResponse<String>>> polls = startPolls(client(executor), proxy.port(), topic, group,
                200, 30);
            long deadline = System.currentTimeMillis() + 20_000;
            while (waiting(http) < 200 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(200, waiting(http));

            long[] lastAnswer = new long[1];
            polls.forEach(p -> p.whenComplete((r, t) -> {
                synchronized (lastAnswer) {
                    lastAnswer[0] = Math.max(lastAnswer[0], System.currentTimeMillis());
                }
            }));
            proxy.shutdown();
            CompletableFuture.allOf(polls.toArray(new CompletableFuture[0])).get(40, TimeUnit.SECONDS);
            synchronized (lastAnswer) {
                assertTrue("answered " + (lastAnswer[0] - pollsSent) + " ms after they were sent: the shutdown released "
                    + "them before their 30 s wait was over", lastAnswer[0] - pollsSent < 30_000);
            }
            for (CompletableFuture<HttpResponse<String>> p : polls) {
                HttpResponse<String> r = p.get();
                assertEquals(r.body(), 200, r.statusCode());
                assertEquals(0, MAPPER.readTree(r.body()).get("messages").size());
            }
        } finally {
            executor.shutdownNow();
            proxy.shutdown();
        }
    }
}
