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
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.http.client.internal.ScriptedHttpServer.Answer;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

public class ConnectionPoolTest {
    private static final byte[] GET = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private ScriptedHttpServer server;
    private ConnectionPool pool;

    @Before
    public void start() throws IOException {
        server = new ScriptedHttpServer();
        pool = new ConnectionPool(null, 2000);
    }

    @After
    public void stop() throws IOException {
        pool.close();
        server.close();
    }

    private Http1Response exchange(Http1Connection c) throws IOException {
        return c.exchange(GET, null, System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    public void aReleasedConnectionCarriesTheNextRequest() throws Exception {
        Http1Connection first = pool.acquire(server.endpoint());
        exchange(first);
        pool.release(first);

        Http1Connection second = pool.acquire(server.endpoint());
        exchange(second);
        pool.release(second);

        assertSame(first, second);
        assertEquals(1, server.connections());
    }

    @Test
    public void requestsInFlightTogetherGetAConnectionEach() throws Exception {
        Http1Connection a = pool.acquire(server.endpoint());
        Http1Connection b = pool.acquire(server.endpoint());
        exchange(a);
        exchange(b);
        pool.release(a);
        pool.release(b);

        assertNotSame(a, b);
        assertEquals(2, server.connections());
        assertSame("the connection used last goes first", b, pool.acquire(server.endpoint()));
    }

    @Test
    public void aConnectionTheAnswerClosesIsClosedOnReleaseAndReplaced() throws Exception {
        server.script((head, body) -> Answer.keep("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"));
        Http1Connection first = pool.acquire(server.endpoint());
        exchange(first);
        pool.release(first);

        assertEquals("the client closed it", 1, server.awaitEnd());
        Http1Connection second = pool.acquire(server.endpoint());
        exchange(second);
        assertNotSame(first, second);
        assertEquals(2, server.connections());
    }

    @Test
    public void anIdleConnectionTheProxyClosedIsNotUsedAgain() throws Exception {
        // keep-alive as far as the answer says, but the proxy closes the connection right after it
        server.script((head, body) -> Answer.thenClose("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        Http1Connection first = pool.acquire(server.endpoint());
        exchange(first);
        pool.release(first);
        server.awaitEnd();
        // past the moment after an answer in which a connection is trusted without a look
        TimeUnit.NANOSECONDS.sleep(ConnectionPool.CHECK_AFTER_NANOS + TimeUnit.MILLISECONDS.toNanos(100));

        Http1Connection second = pool.acquire(server.endpoint());

        assertNotSame(first, second);
        assertEquals("ok", new String(exchange(second).body(), StandardCharsets.UTF_8));
    }

    @Test
    public void closeEndsIdleAndBusyConnectionsAndRefusesNewRequests() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.script((head, body) -> {
            if (head.startsWith("GET /hold")) {
                release.await();
                return Answer.keep("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nlate");
            }
            return Answer.keep("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        });
        try {
            Http1Connection busy = pool.acquire(server.endpoint());
            Http1Connection idle = pool.acquire(server.endpoint());
            exchange(idle);
            pool.release(idle);
            CompletableFuture<Http1Response> held = CompletableFuture.supplyAsync(() -> {
                try {
                    return busy.exchange("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), null,
                        System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            server.heads.take();
            server.heads.take();

            pool.close();

            assertThrows(ExecutionException.class, () -> held.get(10, TimeUnit.SECONDS));
            assertThrows(IOException.class, () -> pool.acquire(server.endpoint()));
        } finally {
            release.countDown();
        }
        int ends = server.awaitEnd() + server.awaitEnd();
        assertEquals("both connections ended, with the two requests they carried", 2, ends);
    }
}
