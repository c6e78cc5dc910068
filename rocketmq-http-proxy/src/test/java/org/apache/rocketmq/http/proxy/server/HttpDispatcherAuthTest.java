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

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.http.proxy.auth.Access;
import org.apache.rocketmq.http.proxy.auth.AclFileWatcher;
import org.apache.rocketmq.http.proxy.auth.Authenticator;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics;
import org.apache.rocketmq.http.proxy.config.AuthConfig;
import org.apache.rocketmq.http.proxy.test.RequestSigner;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/**
 * The dispatcher checks access before any handler runs: a refused request never reaches its handler,
 * carries the challenge, and leaves the connection usable.
 */
public class HttpDispatcherAuthTest {
    private final AtomicInteger produced = new AtomicInteger();
    private final Router router = new Router()
        .get("/health", Access.OPEN, request -> CompletableFuture.completedFuture(HttpResult.ok(Map.of("status", "UP"))))
        .post("/v1/topics/{topic}/messages", Access.TOPIC_PUB, request -> {
            produced.incrementAndGet();
            return CompletableFuture.completedFuture(HttpResult.ok(Map.of("topic", request.pathParam("topic"))));
        });
    private Path dir;
    private AclFileWatcher acl;
    private EmbeddedChannel channel;

    @Before
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("dispatcher-acl");
        Path file = dir.resolve("plain_acl.yml");
        Files.writeString(file, "accounts:\n  - accessKey: producerKey\n    secretKey: producerSecret\n"
            + "    defaultTopicPerm: PUB\n", StandardCharsets.UTF_8);
        acl = new AclFileWatcher(file.toFile());
        acl.start();
        AuthConfig config = new AuthConfig();
        config.setAclEnable(true);
        Authenticator authenticator = Authenticator.create(config, acl, new ProxyMetrics(), System::currentTimeMillis);
        channel = new EmbeddedChannel(new HttpServerKeepAliveHandler(),
            new HttpDispatcher(router, new RequestIds(), new ProxyMetrics(), 64, () -> false, null, 0, authenticator));
    }

    @After
    public void tearDown() throws Exception {
        channel.finishAndReleaseAll();
        acl.shutdown();
        Files.deleteIfExists(dir.resolve("plain_acl.yml"));
        Files.deleteIfExists(dir);
    }

    private FullHttpResponse exchange(FullHttpRequest request) {
        channel.writeInbound(request);
        channel.runPendingTasks();
        return channel.readOutbound();
    }

    private static FullHttpRequest produce(Map<String, String> headers) {
        byte[] body = "{\"body\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/topics/Orders/messages",
            Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        headers.forEach(r.headers()::set);
        return r;
    }

    @Test
    public void aRefusedRequestNeverReachesItsHandlerAndTheConnectionStaysUsable() {
        FullHttpResponse refused = exchange(produce(Map.of()));
        assertEquals(401, refused.status().code());
        assertEquals("RMQ-HMAC-SHA256", refused.headers().get("WWW-Authenticate"));
        assertEquals("keep-alive", refused.headers().get("Connection"));
        assertEquals(0, produced.get());
        refused.release();

        Map<String, String> signed = new RequestSigner("producerKey", "producerSecret").sign("POST",
            "/v1/topics/Orders/messages", "application/json", "{\"body\":\"x\"}".getBytes(StandardCharsets.UTF_8), Map.of());
        FullHttpResponse accepted = exchange(produce(signed));
        assertEquals(accepted.content().toString(StandardCharsets.UTF_8), 200, accepted.status().code());
        assertNull(accepted.headers().get("WWW-Authenticate"));
        assertEquals(1, produced.get());
        accepted.release();
    }

    @Test
    public void openRoutesAnswerWithoutCredentials() {
        FullHttpResponse health = exchange(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/health"));
        assertEquals(200, health.status().code());
        assertTrue(health.content().toString(StandardCharsets.UTF_8).contains("UP"));
        health.release();
    }

    @Test
    public void aRouteThatDeclaresNothingIsForAdminsOnly() {
        Router undeclared = new Router().get("/x", request -> CompletableFuture.completedFuture(HttpResult.ok(Map.of())));
        assertEquals(Access.ADMIN, undeclared.routes().get(0).access());
    }
}
