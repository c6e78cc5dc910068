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
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

public class LimitedHttpObjectAggregatorTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int LIMIT = 1024;

    private final AtomicInteger counted = new AtomicInteger();
    private final CompletableFuture<HttpResult> slow = new CompletableFuture<>();
    private final Router router = new Router()
        .post("/echo", request -> CompletableFuture.completedFuture(
            HttpResult.of(200, "application/octet-stream", request.body())))
        .get("/count", request -> {
            counted.incrementAndGet();
            return CompletableFuture.completedFuture(HttpResult.ok(Map.of()));
        })
        .get("/slow", request -> slow);

    private EmbeddedChannel server;
    /** Decodes what the server wrote, as a client would. */
    private EmbeddedChannel client;

    @Before
    public void openChannel() {
        RequestIds ids = new RequestIds();
        server = new EmbeddedChannel(new HttpServerCodec(), new HttpServerKeepAliveHandler(),
            new LimitedHttpObjectAggregator(LIMIT, ids), new HttpDispatcher(router, ids, new ProxyMetrics(), 64));
        client = new EmbeddedChannel(new HttpResponseDecoder(), new HttpObjectAggregator(1 << 20));
    }

    @After
    public void closeChannels() {
        server.finishAndReleaseAll();
        client.finishAndReleaseAll();
    }

    private void send(String ascii) {
        server.writeInbound(Unpooled.copiedBuffer(ascii, StandardCharsets.ISO_8859_1));
    }

    private void send(byte[] bytes) {
        server.writeInbound(Unpooled.wrappedBuffer(bytes));
    }

    private List<FullHttpResponse> responses() {
        server.runPendingTasks();
        ByteBuf bytes;
        while ((bytes = server.readOutbound()) != null) {
            client.writeInbound(bytes);
        }
        List<FullHttpResponse> responses = new ArrayList<>();
        FullHttpResponse r;
        while ((r = client.readInbound()) != null) {
            responses.add(r);
        }
        return responses;
    }

    private FullHttpResponse onlyResponse() {
        List<FullHttpResponse> responses = responses();
        assertEquals(1, responses.size());
        return responses.get(0);
    }

    private static String body(FullHttpResponse response) {
        return response.content().toString(StandardCharsets.UTF_8);
    }

    private static byte[] filled(int size, char c) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }

    private static void assertTooLarge(FullHttpResponse response, String requestId) throws IOException {
        assertEquals(413, response.status().code());
        assertTrue(response.headers().get("Content-Type").startsWith("application/json"));
        JsonNode json = MAPPER.readTree(body(response));
        assertEquals(41300, json.get("code").asInt());
        assertEquals("PAYLOAD_TOO_LARGE", json.get("error").asText());
        assertTrue(json.get("message").asText(), json.get("message").asText().contains(String.valueOf(LIMIT)));
        assertEquals(requestId, response.headers().get("X-Request-Id"));
        assertEquals(requestId, json.get("requestId").asText());
    }

    private static String post(String path, int contentLength, String... extraHeaders) {
        StringBuilder sb = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: x\r\n");
        for (String h : extraHeaders) {
            sb.append(h).append("\r\n");
        }
        return sb.append("Content-Length: ").append(contentLength).append("\r\n\r\n").toString();
    }

    @Test
    public void bodyAtTheLimitIsAggregated() {
        send(post("/echo", LIMIT));
        send(filled(LIMIT, 'a'));
        FullHttpResponse response = onlyResponse();
        assertEquals(200, response.status().code());
        assertEquals(LIMIT, response.content().readableBytes());
    }

    @Test
    public void announcedLengthOverTheLimitIs413WithTheContractError() throws Exception {
        send(post("/echo", LIMIT + 1, "X-Request-Id: big-1"));
        FullHttpResponse response = onlyResponse();
        assertTooLarge(response, "big-1");
        assertEquals("keep-alive", response.headers().get("Connection"));
        assertTrue(server.isActive());
    }

    @Test
    public void restOfAnOversizedBodyIsSkippedAndTheNextRequestIsServed() throws Exception {
        send(post("/echo", 3000, "X-Request-Id: big-2"));
        assertTooLarge(onlyResponse(), "big-2");
        // the skipped body looks like a request: it must not be taken for one
        byte[] body = filled(3000, 'x');
        byte[] fake = "GET /count HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(fake, 0, body, 100, fake.length);
        send(Arrays.copyOfRange(body, 0, 1000));
        send(Arrays.copyOfRange(body, 1000, 3000));
        send(post("/echo", 3, "X-Request-Id: next") + "abc");
        FullHttpResponse next = onlyResponse();
        assertEquals(200, next.status().code());
        assertEquals("next", next.headers().get("X-Request-Id"));
        assertEquals("abc", body(next));
        assertEquals(0, counted.get());
        assertTrue(server.isActive());
    }

    @Test
    public void oversizedRequestWithoutKeepAliveIsAnsweredThenClosed() throws Exception {
        send(post("/echo", LIMIT + 1, "Connection: close", "X-Request-Id: big-3"));
        FullHttpResponse response = onlyResponse();
        assertTooLarge(response, "big-3");
        assertEquals("close", response.headers().get("Connection"));
        assertFalse(server.isActive());
    }

    @Test
    public void oversizedHttp10RequestIsAnsweredThenClosed() throws Exception {
        send("POST /echo HTTP/1.0\r\nX-Request-Id: big-4\r\nContent-Length: 5000\r\n\r\n");
        assertTooLarge(onlyResponse(), "big-4");
        assertFalse(server.isActive());
    }

    @Test
    public void chunkedBodyGrowingOverTheLimitIs413AndClosed() throws Exception {
        send("POST /echo HTTP/1.1\r\nHost: x\r\nX-Request-Id: big-5\r\nTransfer-Encoding: chunked\r\n\r\n");
        send("400\r\n" + new String(filled(LIMIT, 'c'), StandardCharsets.ISO_8859_1) + "\r\n");
        send("1\r\nc\r\n");
        FullHttpResponse response = onlyResponse();
        assertTooLarge(response, "big-5");
        assertFalse("part of the body was read already: the connection cannot be reused", server.isActive());
    }

    @Test
    public void oversizedRequestIsAnsweredInOrderBehindEarlierPipelinedRequests() throws Exception {
        send("GET /slow HTTP/1.1\r\nHost: x\r\nX-Request-Id: first\r\n\r\n" + post("/echo", 5000, "X-Request-Id: big-6"));
        assertTrue("the 413 must wait for the response to the request before it", responses().isEmpty());
        slow.complete(HttpResult.ok(Map.of("n", 1)));
        List<FullHttpResponse> responses = responses();
        assertEquals(2, responses.size());
        assertEquals("first", responses.get(0).headers().get("X-Request-Id"));
        assertEquals(200, responses.get(0).status().code());
        assertTooLarge(responses.get(1), "big-6");
        assertTrue(server.isActive());
    }

    @Test
    public void expectContinueWithinTheLimitGetsContinueAndIsServed() {
        send(post("/echo", 3, "Expect: 100-continue"));
        FullHttpResponse interim = onlyResponse();
        assertEquals(100, interim.status().code());
        send("abc");
        FullHttpResponse response = onlyResponse();
        assertEquals(200, response.status().code());
        assertEquals("abc", body(response));
    }

    @Test
    public void expectContinueOverTheLimitGetsTheContractErrorAndTheConnectionStaysUsable() throws Exception {
        // curl asks for 100-continue on large uploads: the refusal must still be the API's error
        send(post("/echo", 5000, "Expect: 100-continue", "X-Request-Id: big-7"));
        FullHttpResponse response = onlyResponse();
        assertTooLarge(response, "big-7");
        assertTrue(server.isActive());
        // the client did not send the body; its next request is read as one
        send(post("/echo", 2, "X-Request-Id: after") + "ok");
        FullHttpResponse next = onlyResponse();
        assertEquals(200, next.status().code());
        assertEquals("after", next.headers().get("X-Request-Id"));
        assertEquals("ok", body(next));
    }
}
