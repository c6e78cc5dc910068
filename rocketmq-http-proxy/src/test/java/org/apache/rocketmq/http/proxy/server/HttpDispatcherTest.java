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
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.junit.After;
import org.junit.Test;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

public class HttpDispatcherTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ProxyMetrics metrics = new ProxyMetrics();
    /** Futures of {@code GET /slow/{n}}, completed by the tests in whatever order they like. */
    private final Map<String, CompletableFuture<HttpResult>> slow = new HashMap<>();
    private final AtomicReference<HttpRequestContext> seen = new AtomicReference<>();
    private final AtomicInteger posts = new AtomicInteger();
    private final Router router = new Router()
        .get("/health", request -> CompletableFuture.completedFuture(HttpResult.ok(Map.of("status", "UP"))))
        .get("/slow/{n}", request -> slow.computeIfAbsent(request.pathParam("n"), n -> new CompletableFuture<>()))
        .post("/echo/{name}", request -> {
            seen.set(request);
            return CompletableFuture.completedFuture(HttpResult.of(200, "application/octet-stream", request.body()));
        })
        .post("/count", request -> {
            posts.incrementAndGet();
            return CompletableFuture.completedFuture(HttpResult.ok(Map.of()));
        })
        .get("/throws/proxy", request -> {
            throw new HttpProxyException(ErrorCode.TOPIC_NOT_FOUND, "topic [orders] does not exist");
        })
        .get("/throws/unexpected", request -> {
            throw new IllegalStateException("secret internals");
        })
        .get("/fails/rejected", request -> CompletableFuture.failedFuture(new RejectedExecutionException("full")))
        .get("/fails/unavailable", request -> CompletableFuture.failedFuture(
            new HttpProxyException(ErrorCode.BROKER_UNAVAILABLE, "no broker")))
        .get("/returns/nothing", request -> null)
        .get("/returns/null", request -> CompletableFuture.completedFuture(null));

    private EmbeddedChannel channel;

    @After
    public void closeChannel() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private EmbeddedChannel objects(int maxPipelined) {
        channel = new EmbeddedChannel(new HttpServerKeepAliveHandler(),
            new HttpDispatcher(router, new RequestIds(), metrics, maxPipelined));
        return channel;
    }

    /**
     * The pipeline of {@code HttpProxyServer}, fed with bytes.
     */
    private EmbeddedChannel wire() {
        HttpProxyConfig config = new HttpProxyConfig();
        RequestIds ids = new RequestIds();
        channel = new EmbeddedChannel(
            new HttpServerCodec(config.getMaxInitialLineLength(), config.getMaxHeaderSize(), 8192),
            new HttpServerKeepAliveHandler(),
            new LimitedHttpObjectAggregator(config.getLimits().getMaxRequestBytes(), ids),
            new HttpDispatcher(router, ids, metrics, config.getMaxPipelinedRequests()));
        return channel;
    }

    private static FullHttpRequest request(HttpMethod method, String uri, String... headerPairs) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri);
        for (int i = 0; i < headerPairs.length; i += 2) {
            request.headers().add(headerPairs[i], headerPairs[i + 1]);
        }
        return request;
    }

    private static FullHttpRequest get(String uri, String... headerPairs) {
        return request(HttpMethod.GET, uri, headerPairs);
    }

    private FullHttpResponse next() {
        channel.runPendingTasks();
        return channel.readOutbound();
    }

    private static String body(FullHttpResponse response) {
        return response.content().toString(StandardCharsets.UTF_8);
    }

    private static JsonNode json(FullHttpResponse response) throws IOException {
        return MAPPER.readTree(body(response));
    }

    private static void assertError(FullHttpResponse response, int code, String error) throws IOException {
        assertEquals(body(response), code / 100, response.status().code());
        assertEquals("application/json; charset=utf-8", response.headers().get("Content-Type"));
        assertEquals(response.content().readableBytes(), response.headers().getInt("Content-Length").intValue());
        JsonNode json = json(response);
        assertEquals(code, json.get("code").asInt());
        assertEquals(error, json.get("error").asText());
        assertFalse(json.get("message").asText().isEmpty());
        assertNotNull(response.headers().get("X-Request-Id"));
        assertEquals(response.headers().get("X-Request-Id"), json.get("requestId").asText());
    }

    private static List<FullHttpResponse> decodeResponses(EmbeddedChannel server) {
        EmbeddedChannel client = new EmbeddedChannel(new HttpResponseDecoder(), new HttpObjectAggregator(1 << 20));
        ByteBuf bytes;
        while ((bytes = server.readOutbound()) != null) {
            client.writeInbound(bytes);
        }
        List<FullHttpResponse> responses = new ArrayList<>();
        FullHttpResponse r;
        while ((r = client.readInbound()) != null) {
            responses.add(r);
        }
        client.finishAndReleaseAll();
        return responses;
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    @Test
    public void requestsReadWhileDrainingAreRefusedWithoutReachingTheirHandler() throws Exception {
        AtomicBoolean draining = new AtomicBoolean();
        channel = new EmbeddedChannel(new HttpServerKeepAliveHandler(),
            new HttpDispatcher(router, new RequestIds(), metrics, 64, draining::get));
        channel.writeInbound(request(HttpMethod.POST, "/count"));
        FullHttpResponse before = next();
        assertEquals(200, before.status().code());
        before.release();
        assertTrue(channel.isActive());

        draining.set(true);
        channel.writeInbound(request(HttpMethod.POST, "/count"));
        FullHttpResponse refused = next();
        assertError(refused, 50300, "BROKER_UNAVAILABLE");
        assertEquals("close", refused.headers().get("Connection"));
        refused.release();
        assertEquals("the refused request never ran", 1, posts.get());
        assertFalse(channel.isActive());
        assertEquals(0, metrics.inFlight().get());
    }

    @Test
    public void pipelinedResponsesAreWrittenInRequestOrderWhenHandlersFinishOutOfOrder() throws Exception {
        objects(64);
        for (int i = 0; i < 3; i++) {
            channel.writeInbound(get("/slow/" + i, "X-Request-Id", "r" + i));
        }
        channel.writeInbound(get("/health", "X-Request-Id", "r3"));
        assertNull("nothing is written while the first request is pending", next());

        slow.get("2").complete(HttpResult.ok(Map.of("n", 2)));
        slow.get("1").complete(HttpResult.ok(Map.of("n", 1)));
        assertNull(next());

        slow.get("0").complete(HttpResult.ok(Map.of("n", 0)));
        for (int i = 0; i < 3; i++) {
            FullHttpResponse response = next();
            assertNotNull("response " + i, response);
            assertEquals("r" + i, response.headers().get("X-Request-Id"));
            assertEquals(i, json(response).get("n").asInt());
            response.release();
        }
        FullHttpResponse health = next();
        assertEquals("r3", health.headers().get("X-Request-Id"));
        assertEquals("UP", json(health).get("status").asText());
        health.release();
        assertTrue(channel.isActive());
    }

    @Test
    public void handlerCompletedOnAnotherThreadIsAnsweredInOrder() throws Exception {
        objects(64);
        channel.writeInbound(get("/slow/a", "X-Request-Id", "first"));
        channel.writeInbound(get("/health", "X-Request-Id", "second"));
        Thread worker = new Thread(() -> slow.get("a").complete(HttpResult.ok(Map.of("n", "a"))));
        worker.start();
        worker.join();
        FullHttpResponse first = next();
        assertEquals("first", first.headers().get("X-Request-Id"));
        assertEquals("second", next().headers().get("X-Request-Id"));
    }

    @Test
    public void responseCarriesTheClientRequestIdOrAGeneratedOne() throws Exception {
        objects(64);
        channel.writeInbound(get("/health", "X-Request-Id", "abc-123"));
        assertEquals("abc-123", next().headers().get("X-Request-Id"));

        channel.writeInbound(get("/health"));
        String generated = next().headers().get("X-Request-Id");
        assertNotNull(generated);
        assertTrue(generated, RequestIds.isSane(generated));

        channel.writeInbound(get("/health", "X-Request-Id", "bad id\u00e9"));
        String replaced = next().headers().get("X-Request-Id");
        assertTrue(replaced, RequestIds.isSane(replaced));
        assertFalse(replaced.contains(" "));
    }

    @Test
    public void unknownRouteIsTheContractErrorWithTheRequestId() throws Exception {
        objects(64);
        channel.writeInbound(get("/nothing/here", "X-Request-Id", "req-404"));
        FullHttpResponse response = next();
        assertError(response, 40401, "NOT_FOUND");
        assertEquals("req-404", json(response).get("requestId").asText());
        assertEquals(4, json(response).size());
        assertTrue(channel.isActive());
    }

    @Test
    public void wrongMethodIs405WithAllow() throws Exception {
        objects(64);
        channel.writeInbound(request(HttpMethod.DELETE, "/health"));
        FullHttpResponse response = next();
        assertError(response, 40500, "METHOD_NOT_ALLOWED");
        assertEquals("GET", response.headers().get("Allow"));
        assertTrue(channel.isActive());
    }

    @Test
    public void handlerThatThrowsSynchronouslyBecomesTheMappedError() throws Exception {
        objects(64);
        channel.writeInbound(get("/throws/proxy"));
        FullHttpResponse notFound = next();
        assertError(notFound, 40402, "TOPIC_NOT_FOUND");
        assertEquals("topic [orders] does not exist", json(notFound).get("message").asText());

        channel.writeInbound(get("/throws/unexpected"));
        FullHttpResponse internal = next();
        assertError(internal, 50000, "INTERNAL_ERROR");
        assertEquals("internal error", json(internal).get("message").asText());
        assertFalse(body(internal).contains("secret"));
        assertTrue("an error that leaves the connection usable keeps it", channel.isActive());
    }

    @Test
    public void failedFutureBecomesTheMappedErrorWithRetryAfterWhenRetryable() throws Exception {
        objects(64);
        channel.writeInbound(get("/fails/rejected"));
        FullHttpResponse rejected = next();
        assertError(rejected, 42900, "TOO_MANY_REQUESTS");
        assertEquals("1", rejected.headers().get("Retry-After"));

        channel.writeInbound(get("/fails/unavailable"));
        FullHttpResponse unavailable = next();
        assertError(unavailable, 50300, "BROKER_UNAVAILABLE");
        assertEquals("1", unavailable.headers().get("Retry-After"));

        channel.writeInbound(get("/throws/proxy"));
        assertNull(next().headers().get("Retry-After"));
    }

    @Test
    public void handlerWithoutFutureOrResultIsAnInternalErrorAndLaterRequestsStillGetTheirOwnResponses() throws Exception {
        objects(64);
        channel.writeInbound(get("/returns/nothing", "X-Request-Id", "a"));
        channel.writeInbound(get("/returns/null", "X-Request-Id", "b"));
        channel.writeInbound(get("/health", "X-Request-Id", "c"));
        FullHttpResponse a = next();
        assertEquals("a", a.headers().get("X-Request-Id"));
        assertError(a, 50000, "INTERNAL_ERROR");
        FullHttpResponse b = next();
        assertNotNull("a handler completing with null must still be answered", b);
        assertEquals("b", b.headers().get("X-Request-Id"));
        assertError(b, 50000, "INTERNAL_ERROR");
        FullHttpResponse c = next();
        assertEquals("c", c.headers().get("X-Request-Id"));
        assertEquals(200, c.status().code());
    }

    @Test
    public void handlerSeesTheRequestAsPlainValues() throws Exception {
        objects(64);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
            "/echo/caf%C3%A9?group=g1&group=g2&empty=&plus=a+b%2Bc", Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
        request.headers().add("X-RMQ-Tag", "TagA");
        request.headers().add("X-Request-Id", "req-echo");
        channel.writeInbound(request);
        FullHttpResponse response = next();
        assertEquals(200, response.status().code());
        byte[] echoed = new byte[response.content().readableBytes()];
        response.content().readBytes(echoed);
        assertArrayEquals(new byte[] {1, 2, 3}, echoed);
        assertEquals("application/octet-stream", response.headers().get("Content-Type"));

        HttpRequestContext context = seen.get();
        assertEquals("POST", context.method());
        assertEquals("/echo/caf%C3%A9", context.path());
        assertEquals("caf\u00e9", context.pathParam("name"));
        assertEquals("g1", context.query("group"));
        assertEquals("", context.query("empty"));
        assertEquals("a b+c", context.query("plus"));
        assertNull(context.query("missing"));
        assertEquals("TagA", context.header("x-rmq-tag"));
        assertEquals("req-echo", context.requestId());
    }

    @Test
    public void malformedPercentEncodingIsABadRequestNotAnInternalError() throws Exception {
        objects(64);
        channel.writeInbound(get("/health?x=%zz"));
        assertError(next(), 40000, "BAD_REQUEST");
        channel.writeInbound(request(HttpMethod.POST, "/echo/%zz"));
        assertError(next(), 40000, "BAD_REQUEST");
        assertTrue(channel.isActive());
    }

    @Test
    public void keepAliveRequestLeavesTheConnectionOpen() {
        objects(64);
        channel.writeInbound(get("/health"));
        FullHttpResponse response = next();
        assertEquals("keep-alive", response.headers().get("Connection"));
        assertTrue(channel.isActive());
    }

    @Test
    public void connectionCloseRequestIsAnsweredThenClosed() {
        objects(64);
        channel.writeInbound(get("/health", "Connection", "close"));
        FullHttpResponse response = next();
        assertEquals(200, response.status().code());
        assertEquals("close", response.headers().get("Connection"));
        assertFalse(channel.isActive());
    }

    @Test
    public void http10RequestWithoutKeepAliveIsAnsweredThenClosed() {
        objects(64);
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/health"));
        assertEquals(200, next().status().code());
        assertFalse(channel.isActive());
    }

    @Test
    public void connectionIsClosedOnlyAfterTheResponseIsWritten() {
        // a slow client: writes stay pending until the test completes them
        List<ChannelPromise> pendingWrites = new ArrayList<>();
        channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ReferenceCountUtil.release(msg);
                pendingWrites.add(promise);
            }
        }, new HttpServerKeepAliveHandler(), new HttpDispatcher(router, new RequestIds(), metrics, 64));
        channel.writeInbound(get("/health", "Connection", "close"));
        channel.runPendingTasks();
        assertEquals(1, pendingWrites.size());
        assertTrue("closing now would drop the response still being written", channel.isActive());
        pendingWrites.get(0).setSuccess();
        channel.runPendingTasks();
        assertFalse(channel.isActive());
    }

    @Test
    public void requestsPipelinedAfterAClosingRequestAreNotProcessed() {
        objects(64);
        channel.writeInbound(get("/slow/x", "Connection", "close"));
        channel.writeInbound(request(HttpMethod.POST, "/count"));
        assertEquals("a request the server will never answer must not take effect", 0, posts.get());
        slow.get("x").complete(HttpResult.ok(Map.of()));
        FullHttpResponse response = next();
        assertEquals("close", response.headers().get("Connection"));
        assertNull(next());
        assertFalse(channel.isActive());
        assertEquals(0, posts.get());
    }

    @Test
    public void decoderFailureIs400AndClosesTheConnection() throws Exception {
        objects(64);
        FullHttpRequest bad = get("/health", "X-Request-Id", "req-bad");
        bad.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("invalid version")));
        channel.writeInbound(bad);
        FullHttpResponse response = next();
        assertError(response, 40000, "BAD_REQUEST");
        assertEquals("req-bad", response.headers().get("X-Request-Id"));
        assertEquals("close", response.headers().get("Connection"));
        assertFalse(channel.isActive());
    }

    @Test
    public void decoderFailureIsAnsweredAfterTheResponsesBeforeIt() throws Exception {
        objects(64);
        channel.writeInbound(get("/slow/1", "X-Request-Id", "good"));
        FullHttpRequest bad = get("/health", "X-Request-Id", "bad");
        bad.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("garbage")));
        channel.writeInbound(bad);
        assertNull(next());
        assertTrue(channel.isActive());
        slow.get("1").complete(HttpResult.ok(Map.of()));
        FullHttpResponse good = next();
        assertEquals("good", good.headers().get("X-Request-Id"));
        assertEquals(200, good.status().code());
        FullHttpResponse error = next();
        assertEquals("bad", error.headers().get("X-Request-Id"));
        assertError(error, 40000, "BAD_REQUEST");
        assertFalse(channel.isActive());
    }

    @Test
    public void malformedHttpIs400AndClosed() throws Exception {
        wire();
        channel.writeInbound(ascii("THIS IS NOT HTTP\r\n\r\n"));
        List<FullHttpResponse> responses = decodeResponses(channel);
        assertEquals(1, responses.size());
        assertEquals(400, responses.get(0).status().code());
        assertEquals(40000, json(responses.get(0)).get("code").asInt());
        assertFalse(channel.isActive());
    }

    @Test
    public void tooLongRequestLineIs414AndClosed() throws Exception {
        wire();
        StringBuilder uri = new StringBuilder("/health?pad=");
        for (int i = 0; i < 9000; i++) {
            uri.append('a');
        }
        channel.writeInbound(ascii("GET " + uri + " HTTP/1.1\r\nHost: x\r\n\r\n"));
        List<FullHttpResponse> responses = decodeResponses(channel);
        assertEquals(1, responses.size());
        assertError(responses.get(0), 41400, "URI_TOO_LONG");
        assertFalse(channel.isActive());
    }

    @Test
    public void tooLargeHeadersAre431AndClosed() throws Exception {
        wire();
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            headers.append("X-Pad-").append(i).append(": ");
            for (int j = 0; j < 500; j++) {
                headers.append('h');
            }
            headers.append("\r\n");
        }
        channel.writeInbound(ascii("GET /health HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n"));
        List<FullHttpResponse> responses = decodeResponses(channel);
        assertEquals(1, responses.size());
        assertError(responses.get(0), 43100, "REQUEST_HEADER_FIELDS_TOO_LARGE");
        assertFalse(channel.isActive());
    }

    @Test
    public void otherHttpVersionsAre505AndClosed() throws Exception {
        for (String version : List.of("HTTP/9.9", "HTTP/1.2", "HTTP/2.0", "HTTP/0.9")) {
            wire();
            channel.writeInbound(ascii("GET /health " + version + "\r\nHost: x\r\nX-Request-Id: v\r\n\r\n"));
            List<FullHttpResponse> responses = decodeResponses(channel);
            assertEquals(version, 1, responses.size());
            assertError(responses.get(0), 50500, "HTTP_VERSION_NOT_SUPPORTED");
            assertEquals("HTTP Version Not Supported", responses.get(0).status().reasonPhrase());
            assertEquals("v", responses.get(0).headers().get("X-Request-Id"));
            assertEquals("close", responses.get(0).headers().get("Connection"));
            assertFalse(version, channel.isActive());
            channel.finishAndReleaseAll();
        }
    }

    @Test
    public void http2PriorKnowledgePrefaceIs505AndClosed() throws Exception {
        wire();
        // the connection preface of RFC 9113 3.4, then the start of a SETTINGS frame
        channel.writeInbound(ascii("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\u0000\u0000\u0000\u0004\u0000\u0000\u0000\u0000\u0000"));
        List<FullHttpResponse> responses = decodeResponses(channel);
        assertEquals(1, responses.size());
        assertError(responses.get(0), 50500, "HTTP_VERSION_NOT_SUPPORTED");
        assertFalse(channel.isActive());
        assertEquals(0, metrics.inFlight().get());
    }

    @Test
    public void unsupportedVersionIsAnsweredInPipelineOrderAndNothingAfterItRuns() throws Exception {
        wire();
        channel.writeInbound(ascii("GET /slow/v HTTP/1.1\r\nHost: x\r\nX-Request-Id: one\r\n\r\n"
            + "GET /health HTTP/2.0\r\nHost: x\r\nX-Request-Id: two\r\n\r\n"
            + "POST /count HTTP/1.1\r\nHost: x\r\nX-Request-Id: three\r\nContent-Length: 0\r\n\r\n"));
        assertTrue("the 505 waits for the response before it", decodeResponses(channel).isEmpty());
        assertTrue(channel.isActive());
        slow.get("v").complete(HttpResult.ok(Map.of()));
        channel.runPendingTasks();
        List<FullHttpResponse> responses = decodeResponses(channel);
        assertEquals(2, responses.size());
        assertEquals("one", responses.get(0).headers().get("X-Request-Id"));
        assertEquals(200, responses.get(0).status().code());
        assertEquals("two", responses.get(1).headers().get("X-Request-Id"));
        assertError(responses.get(1), 50500, "HTTP_VERSION_NOT_SUPPORTED");
        assertFalse(channel.isActive());
        assertEquals("a request behind the 505 is never processed", 0, posts.get());
    }

    @Test
    public void http10AndHttp11KeepWorkingThroughTheRealCodec() throws Exception {
        wire();
        channel.writeInbound(ascii("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
            + "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"));
        List<FullHttpResponse> responses = decodeResponses(channel);
        assertEquals(2, responses.size());
        assertEquals(200, responses.get(0).status().code());
        assertEquals("UP", json(responses.get(0)).get("status").asText());
        assertEquals(200, responses.get(1).status().code());
        assertTrue(channel.isActive());
        channel.writeInbound(ascii("GET /health HTTP/1.0\r\n\r\n"));
        responses = decodeResponses(channel);
        assertEquals(200, responses.get(0).status().code());
        assertFalse("HTTP/1.0 without keep-alive closes", channel.isActive());
    }

    @Test
    public void pipelinedBytesAreAnsweredInOrderThroughTheRealCodec() throws Exception {
        wire();
        channel.writeInbound(ascii("GET /slow/w HTTP/1.1\r\nHost: x\r\nX-Request-Id: one\r\n\r\n"
            + "POST /echo/e HTTP/1.1\r\nHost: x\r\nX-Request-Id: two\r\nContent-Length: 3\r\n\r\nabc"
            + "GET /health HTTP/1.1\r\nHost: x\r\nX-Request-Id: three\r\n\r\n"));
        assertTrue(decodeResponses(channel).isEmpty());
        slow.get("w").complete(HttpResult.ok(Map.of()));
        channel.runPendingTasks();
        List<FullHttpResponse> responses = decodeResponses(channel);
        assertEquals(3, responses.size());
        assertEquals("one", responses.get(0).headers().get("X-Request-Id"));
        assertEquals("two", responses.get(1).headers().get("X-Request-Id"));
        assertEquals("abc", body(responses.get(1)));
        assertEquals("three", responses.get(2).headers().get("X-Request-Id"));
        assertTrue(channel.isActive());
    }

    @Test
    public void autoReadIsSwitchedOffAtMaxPipelinedAndOnAgainWhenAnswered() {
        objects(3);
        channel.writeInbound(get("/slow/1"));
        channel.writeInbound(get("/slow/2"));
        assertTrue(channel.config().isAutoRead());
        channel.writeInbound(get("/slow/3"));
        assertFalse("3 requests in flight is the limit", channel.config().isAutoRead());

        slow.get("2").complete(HttpResult.ok(Map.of()));
        channel.runPendingTasks();
        assertFalse("the second response cannot be written before the first", channel.config().isAutoRead());

        slow.get("1").complete(HttpResult.ok(Map.of()));
        channel.runPendingTasks();
        assertTrue(channel.config().isAutoRead());
        assertNotNull(next());
        assertNotNull(next());
        assertNull(next());
    }

    @Test
    public void idleEventClosesOnlyAConnectionWithNothingPending() {
        objects(64);
        channel.writeInbound(get("/slow/poll"));
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertTrue("a long poll in progress keeps its connection", channel.isActive());

        slow.get("poll").complete(HttpResult.ok(Map.of()));
        assertNotNull(next());
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertFalse(channel.isActive());
    }

    @Test
    public void metricsCountConnectionsRequestsInFlightAndAnswersByRoute() {
        objects(64);
        assertEquals(1, metrics.connections().get());
        channel.writeInbound(get("/slow/m"));
        assertEquals(1, metrics.inFlight().get());
        slow.get("m").complete(HttpResult.ok(Map.of()));
        channel.runPendingTasks();
        assertEquals(0, metrics.inFlight().get());
        channel.writeInbound(get("/nothing"));
        channel.runPendingTasks();
        String scrape = metrics.scrape();
        assertTrue(scrape, scrape.contains("rocketmq_http_requests_total{method=\"GET\",route=\"/slow/{n}\",status=\"200\"} 1.0\n"));
        assertTrue(scrape, scrape.contains("rocketmq_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1.0\n"));
        channel.close();
        assertEquals(0, metrics.connections().get());
    }
}
