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
package org.apache.rocketmq.http.proxy.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics;
import org.apache.rocketmq.http.proxy.config.FlowControlConfig;
import org.apache.rocketmq.http.proxy.quota.QuotaEnforcer;
import org.apache.rocketmq.http.proxy.quota.QuotaRules;
import org.apache.rocketmq.http.proxy.quota.RouteQuota;
import org.junit.After;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/**
 * The dispatcher consults the quotas once the route is known: a refused request never reaches its
 * handler, and a receive reaches it with {@code max} lowered.
 */
public class HttpDispatcherQuotaTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ProxyMetrics metrics = new ProxyMetrics();
    private final QuotaEnforcer quotas = new QuotaEnforcer(new FlowControlConfig(), "P", metrics);
    private final AtomicInteger produced = new AtomicInteger();
    private final AtomicReference<String> max = new AtomicReference<>();
    private final CompletableFuture<HttpResult> slow = new CompletableFuture<>();
    private final Router router = new Router()
        .post("/v1/topics/{topic}/messages", RouteQuota.PRODUCE, request -> {
            produced.incrementAndGet();
            return CompletableFuture.completedFuture(HttpResult.ok(Map.of()));
        })
        .get("/v1/topics/{topic}/messages", RouteQuota.RECEIVE, request -> {
            max.set(request.query("max"));
            List<Map<String, String>> messages = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                messages.add(Map.of("body", "m" + i));
            }
            return CompletableFuture.completedFuture(HttpResult.ok(Map.of("messages", messages)));
        })
        .get("/slow", request -> slow)
        .get("/health", RouteQuota.EXEMPT, request -> CompletableFuture.completedFuture(HttpResult.ok(Map.of())));
    private EmbeddedChannel channel;

    @After
    public void close() {
        channel.finishAndReleaseAll();
    }

    private void start(String yaml, int maxInFlight) {
        quotas.rules(QuotaRules.parse(yaml.getBytes(StandardCharsets.UTF_8)));
        channel = new EmbeddedChannel(new HttpServerKeepAliveHandler(),
            new HttpDispatcher(router, new RequestIds(), metrics, 64, () -> false, quotas, maxInFlight));
    }

    private FullHttpResponse exchange(HttpMethod method, String uri, String body) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri,
            Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        request.headers().set("Content-Type", "application/json");
        channel.writeInbound(request);
        channel.runPendingTasks();
        return channel.readOutbound();
    }

    private static JsonNode json(FullHttpResponse response) throws Exception {
        try {
            return MAPPER.readTree(response.content().toString(StandardCharsets.UTF_8));
        } finally {
            response.release();
        }
    }

    private static String batch(int n) {
        return "{\"messages\": [" + "{\"body\": \"x\"}, ".repeat(n - 1) + "{\"body\": \"x\"}]}";
    }

    @Test
    public void aProduceOverItsQuotaIsAnswered429WithItsHeadersAndNeverReachesTheHandler() throws Exception {
        start("rules:\n  - topic: Orders\n    messagesPerSecond: 1\n    burstSeconds: 100\n", 0);
        FullHttpResponse ok = exchange(HttpMethod.POST, "/v1/topics/Orders/messages", batch(60));
        assertEquals(200, ok.status().code());
        ok.release();
        FullHttpResponse refused = exchange(HttpMethod.POST, "/v1/topics/Orders/messages", batch(60));
        assertEquals(429, refused.status().code());
        assertEquals("100", refused.headers().get("RateLimit-Limit"));
        long remaining = Long.parseLong(refused.headers().get("RateLimit-Remaining"));
        assertEquals(60 - remaining, Long.parseLong(refused.headers().get("Retry-After")), 1);
        assertEquals(refused.headers().get("Retry-After"), refused.headers().get("RateLimit-Reset"));
        assertEquals(42900, json(refused).get("code").asInt());
        assertEquals("the refused batch never reached its handler", 1, produced.get());
    }

    @Test
    public void aReceiveReachesItsHandlerWithMaxLoweredToTheTokensLeft() throws Exception {
        start("rules:\n  - consumerGroup: G\n    messagesPerSecond: 1\n    burstSeconds: 100\n", 0);
        long begin = System.nanoTime();
        exchange(HttpMethod.GET, "/v1/topics/Orders/messages?group=G&max=8", "").release();
        assertEquals("enough tokens: max as asked", "8", max.get());
        // each answer has 3 messages: 32 receives leave 100 - 96 = 4 tokens, plus what came back meanwhile
        for (int i = 0; i < 31; i++) {
            exchange(HttpMethod.GET, "/v1/topics/Orders/messages?group=G&max=3", "").release();
        }
        exchange(HttpMethod.GET, "/v1/topics/Orders/messages?group=G&max=32", "").release();
        long elapsedSeconds = (System.nanoTime() - begin) / 1_000_000_000L;
        int lowered = Integer.parseInt(max.get());
        assertTrue("max lowered to " + lowered, lowered >= 4 && lowered <= 5 + elapsedSeconds);
    }

    @Test
    public void requestsBeyondMaxInFlightAre503ButOperationsAreServed() throws Exception {
        start("rules: []\n", 1);
        EmbeddedChannel busy = channel;
        busy.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/slow"));
        assertNull(busy.readOutbound());
        channel = new EmbeddedChannel(new HttpServerKeepAliveHandler(),
            new HttpDispatcher(router, new RequestIds(), metrics, 64, () -> false, quotas, 1));
        try {
            FullHttpResponse refused = exchange(HttpMethod.POST, "/v1/topics/Orders/messages", batch(1));
            assertEquals(503, refused.status().code());
            assertEquals("1", refused.headers().get("Retry-After"));
            assertEquals(50300, json(refused).get("code").asInt());
            assertEquals(0, produced.get());
            FullHttpResponse health = exchange(HttpMethod.GET, "/health", "");
            assertEquals(200, health.status().code());
            health.release();
            slow.complete(HttpResult.ok(Map.of()));
            busy.runPendingTasks();
            ((FullHttpResponse) busy.readOutbound()).release();
            FullHttpResponse served = exchange(HttpMethod.POST, "/v1/topics/Orders/messages", batch(1));
            assertEquals(200, served.status().code());
            served.release();
        } finally {
            busy.finishAndReleaseAll();
        }
    }
}
