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
package org.apache.rocketmq.http.client.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.http.client.ClientConfig;
import org.apache.rocketmq.http.client.NetworkException;
import org.apache.rocketmq.http.client.RetryPolicy;
import org.apache.rocketmq.http.client.internal.ScriptedHttpServer.Answer;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

public class TransportTest {
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";

    private ScriptedHttpServer server;

    @Before
    public void start() throws IOException {
        server = new ScriptedHttpServer();
    }

    @After
    public void stop() throws IOException {
        server.close();
    }

    private static ClientConfig config(String endpoint) {
        return ClientConfig.builder()
            .endpoints(endpoint)
            .connectTimeout(Duration.ofSeconds(2))
            .requestTimeout(Duration.ofSeconds(10))
            .retryPolicy(RetryPolicy.builder().maxAttempts(1).build())
            .build();
    }

    private static ApiRequest get(String path) {
        return ApiRequest.get(path, Duration.ofSeconds(10));
    }

    @Test
    public void callsOneAfterAnotherShareOneKeepAliveConnection() throws Exception {
        server.script((head, body) -> Answer.keep(OK));
        try (Transport transport = new Transport(config(server.endpoint().toString()), "transport-test")) {
            transport.call(get("/v1/a"));
            transport.call(get("/v1/b"));
            transport.execute(get("/v1/c")).get(10, TimeUnit.SECONDS);
        }

        assertEquals(1, server.connections());
        Set<String> requestIds = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            String head = server.heads.take();
            assertTrue(head, head.contains("\r\nHost: 127.0.0.1:" + server.endpoint().getPort() + "\r\n"));
            assertTrue(head, head.contains("\r\nUser-Agent: rocketmq-http-client-java/"));
            requestIds.add(head.replaceAll("(?s).*\r\nX-Request-Id: ([^\r]+)\r\n.*", "$1"));
        }
        assertEquals("a request id of its own for each call", 3, requestIds.size());
    }

    @Test
    public void aConnectionTheProxyClosesIsReplacedForTheNextCall() throws Exception {
        server.script((head, body) -> Answer.keep(head.startsWith("GET /v1/last")
            ? "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}" : OK));
        try (Transport transport = new Transport(config(server.endpoint().toString()), "transport-test")) {
            transport.call(get("/v1/last"));
            transport.call(get("/v1/next"));
        }

        assertEquals(2, server.connections());
    }

    @Test
    public void anEndpointPathPrefixLeadsEveryRequestTarget() throws Exception {
        try (Transport transport = new Transport(config(server.endpoint() + "/rocketmq"), "transport-test")) {
            transport.call(get("/v1/topics/T/messages?group=G"));
        }

        assertTrue(server.heads.take().startsWith("GET /rocketmq/v1/topics/T/messages?group=G HTTP/1.1\r\n"));
    }

    @Test
    public void closeFailsACallInProgressAndLeavesNoConnectionOrThread() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.script((head, body) -> {
            release.await();
            return Answer.keep(OK);
        });
        Transport transport = new Transport(config(server.endpoint().toString()), "transport-close-test");
        try {
            CompletableFuture<ApiResponse> inProgress = transport.execute(get("/v1/long-poll"));
            server.heads.take();

            transport.close(Duration.ofMillis(100));

            ExecutionException failure = assertThrows(ExecutionException.class, () -> inProgress.get(10, TimeUnit.SECONDS));
            assertTrue(String.valueOf(failure.getCause()), failure.getCause() instanceof NetworkException);
            assertThrows(IllegalStateException.class, () -> transport.call(get("/v1/after")));
        } finally {
            release.countDown();
        }
        assertEquals("the late answer finds the connection closed", 1, server.awaitEnd());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (clientThreads() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        assertEquals("the client's threads end after close", 0, clientThreads());
        assertTrue(transport.isClosed());
    }

    private static long clientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("transport-close-test") && t.isAlive())
            .count();
    }
}
