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
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.http.client.internal.ScriptedHttpServer.Answer;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

public class Http1ConnectionTest {
    private static final long TEN_SECONDS = TimeUnit.SECONDS.toNanos(10);

    private ScriptedHttpServer server;
    private Http1Connection connection;

    @Before
    public void start() throws IOException {
        server = new ScriptedHttpServer();
    }

    @After
    public void stop() throws IOException {
        if (connection != null) {
            connection.close();
        }
        server.close();
    }

    private Http1Connection connect() throws IOException {
        connection = Http1Connection.open("test", "127.0.0.1", server.endpoint().getPort(), null, 2000);
        return connection;
    }

    private static byte[] get(String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] post(String path, int length) {
        return ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + length + "\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static long in(long nanos) {
        return System.nanoTime() + nanos;
    }

    private static String text(Http1Response response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    public void contentLengthAnswersAreReadWholeAndTheConnectionCarriesTheNextRequest() throws Exception {
        server.script((head, body) -> Answer.keep("HTTP/1.1 201 Created\r\nX-Request-Id: r-1\r\nContent-Length: "
            + (body.length + 5) + "\r\n\r\nhello" + new String(body, StandardCharsets.ISO_8859_1)));
        Http1Connection c = connect();

        Http1Response first = c.exchange(get("/a"), null, in(TEN_SECONDS));
        Http1Response second = c.exchange(post("/b", 3), "abc".getBytes(StandardCharsets.ISO_8859_1), in(TEN_SECONDS));

        assertEquals(201, first.status());
        assertEquals("hello", text(first));
        assertEquals("r-1", first.headers().firstValue("x-request-id").orElse(null));
        assertEquals("helloabc", text(second));
        assertTrue(c.isReusable());
        assertEquals("both requests on one connection", 1, server.connections());
        assertTrue(server.heads.take().startsWith("GET /a "));
        assertTrue(server.heads.take().startsWith("POST /b "));
    }

    @Test
    public void chunkedAnswersAreReassembledPastExtensionsAndTrailers() throws Exception {
        server.script((head, body) -> head.startsWith("GET /chunked")
            ? Answer.keep("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n")
            : Answer.keep("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext"));
        Http1Connection c = connect();

        assertEquals("hello world", text(c.exchange(get("/chunked"), null, in(TEN_SECONDS))));
        assertEquals("the chunked answer was consumed exactly", "next", text(c.exchange(get("/next"), null, in(TEN_SECONDS))));
        assertTrue(c.isReusable());
    }

    @Test
    public void anAnswerWithoutLengthEndsWithTheConnectionAndIsNotReused() throws Exception {
        server.script((head, body) -> Answer.thenClose("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end"));
        Http1Connection c = connect();

        assertEquals("until the end", text(c.exchange(get("/"), null, in(TEN_SECONDS))));
        assertFalse(c.isReusable());
    }

    @Test
    public void connectionCloseAndHttp10AnswersAreNotReused() throws Exception {
        server.script((head, body) -> head.startsWith("GET /close")
            ? Answer.keep("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok")
            : Answer.keep("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        Http1Connection c = connect();
        c.exchange(get("/close"), null, in(TEN_SECONDS));
        assertFalse(c.isReusable());
        c.close();

        Http1Connection old = connect();
        assertEquals("ok", text(old.exchange(get("/old"), null, in(TEN_SECONDS))));
        assertFalse(old.isReusable());
    }

    @Test
    public void interimAnswersAreSkipped() throws Exception {
        server.script((head, body) -> Answer.keep("HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal"));
        Http1Connection c = connect();

        Http1Response response = c.exchange(get("/"), null, in(TEN_SECONDS));

        assertEquals(200, response.status());
        assertEquals("final", text(response));
    }

    @Test
    public void largeBodiesTravelIntactBothWays() throws Exception {
        byte[] large = new byte[300 * 1024 + 7];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i * 31);
        }
        server.script((head, body) -> Answer.keep("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n"
            + new String(body, StandardCharsets.ISO_8859_1)));
        Http1Connection c = connect();

        Http1Response response = c.exchange(post("/echo", large.length), large, in(TEN_SECONDS));

        assertArrayEquals(large, response.body());
        assertTrue(c.isReusable());
    }

    @Test
    public void anAnswerLaterThanTheDeadlineFailsWithATimeoutAndClosesTheConnection() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.script((head, body) -> {
            release.await();
            return Answer.keep("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        });
        Http1Connection c = connect();
        try {
            assertThrows(HttpTimeoutException.class, () -> c.exchange(get("/slow"), null, in(TimeUnit.MILLISECONDS.toNanos(300))));
            assertFalse(c.isReusable());
        } finally {
            release.countDown();
        }
        assertEquals("the late answer finds the connection closed", 1, server.awaitEnd());
    }

    @Test
    public void aWriteThePeerDoesNotReadIsBoundedByTheDeadline() throws Exception {
        try (ServerSocket deaf = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return deaf.accept();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            connection = Http1Connection.open("deaf", "127.0.0.1", deaf.getLocalPort(), null, 2000);
            // far more than the socket buffers of both sides hold
            byte[] body = new byte[64 * 1024 * 1024];
            try (Socket peer = accepted.get(10, TimeUnit.SECONDS)) {
                Http1Connection c = connection;
                assertThrows(HttpTimeoutException.class,
                    () -> c.exchange(post("/big", body.length), body, in(TimeUnit.MILLISECONDS.toNanos(500))));
                assertFalse(c.isReusable());
                assertEquals("the peer sees the connection end", -1, readToEnd(peer));
            }
        }
    }

    private static int readToEnd(Socket peer) throws IOException {
        peer.setSoTimeout(30_000);
        byte[] sink = new byte[1 << 16];
        int n;
        while ((n = peer.getInputStream().read(sink)) > 0) {
            continue;
        }
        return n;
    }

    @Test
    public void aConnectionClosedBeforeTheAnswerFailsTheRequest() throws Exception {
        server.script((head, body) -> ScriptedHttpServer.NO_ANSWER);
        Http1Connection c = connect();

        assertThrows(IOException.class, () -> c.exchange(get("/"), null, in(TEN_SECONDS)));
        assertFalse(c.isReusable());
    }

    @Test
    public void somethingOtherThanHttpIsAProtocolError() throws Exception {
        server.script((head, body) -> Answer.keep("220 mail.example.com ESMTP\r\n"));
        Http1Connection c = connect();

        assertThrows(ProtocolException.class, () -> c.exchange(get("/"), null, in(TEN_SECONDS)));
        assertFalse(c.isReusable());
    }

    @Test
    public void closingFromAnotherThreadEndsARequestInProgress() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.script((head, body) -> {
            release.await();
            return ScriptedHttpServer.NO_ANSWER;
        });
        Http1Connection c = connect();
        try {
            CompletableFuture<Http1Response> inProgress = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.exchange(get("/long-poll"), null, in(TimeUnit.SECONDS.toNanos(60)));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            server.heads.take();

            c.close();

            ExecutionException failure = assertThrows(ExecutionException.class, () -> inProgress.get(10, TimeUnit.SECONDS));
            assertTrue(String.valueOf(failure.getCause()), failure.getCause().getCause() instanceof IOException);
            assertFalse(c.isReusable());
        } finally {
            release.countDown();
        }
    }

    @Test
    public void aHeaderBeyondTheLimitIsAProtocolError() throws Exception {
        // just past the limit, so the line ends in the last buffer read
        char[] huge = new char[64 * 1024 + 1];
        Arrays.fill(huge, 'a');
        server.script((head, body) -> Answer.keep("HTTP/1.1 200 OK\r\nX-Huge: " + new String(huge) + "\r\n\r\n"));
        Http1Connection c = connect();

        assertThrows(ProtocolException.class, () -> c.exchange(get("/"), null, in(TEN_SECONDS)));
    }
}
