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
package org.apache.rocketmq.http.namesrv;

import com.alibaba.fastjson.JSON;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.http.namesrv.protocol.HttpProxyList;
import org.apache.rocketmq.http.namesrv.protocol.HttpProxyRequestCode;

/**
 * The one resource of the plugin's HTTP listener: {@code GET /v1/proxies[?cluster=C]}, answered with
 * the JSON of the HTTP API's {@code GET /v1/proxies}. Any other path is 404, another method 405, and a
 * request that is not HTTP/1.x is 505, each with the API's error JSON. Answers from memory only, so it
 * runs on the event loop.
 */
final class ProxyListHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String PATH = "/v1/proxies";
    static final String REQUEST_ID = "X-Request-Id";
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final int MAX_REQUEST_ID = 128;
    private static final String ID_PREFIX = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    private static final AtomicLong ID_COUNTER = new AtomicLong();

    private final HttpProxyTable table;

    ProxyListHttpHandler(HttpProxyTable table) {
        this.table = table;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String requestId = requestId(request.headers().get(REQUEST_ID));
        if (request.decoderResult().isFailure()) {
            write(ctx, error(HttpResponseStatus.BAD_REQUEST, 40000, "BAD_REQUEST", "malformed HTTP request", requestId), false);
            return;
        }
        if (request.protocolVersion().majorVersion() != 1) {
            write(ctx, error(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, 50500, "HTTP_VERSION_NOT_SUPPORTED",
                "only HTTP/1.0 and HTTP/1.1 are supported", requestId), false);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        QueryStringDecoder uri;
        try {
            uri = new QueryStringDecoder(request.uri());
            uri.parameters();
        } catch (IllegalArgumentException e) {
            write(ctx, error(HttpResponseStatus.BAD_REQUEST, 40000, "BAD_REQUEST", "malformed percent-encoding", requestId),
                keepAlive);
            return;
        }
        String path = uri.rawPath();
        if (!PATH.equals(path) && !(PATH + "/").equals(path)) {
            write(ctx, error(HttpResponseStatus.NOT_FOUND, 40401, "NOT_FOUND",
                "no route for " + request.method().name() + " " + printable(path) + "; this listener serves GET " + PATH,
                requestId), keepAlive);
            return;
        }
        if (!HttpMethod.GET.equals(request.method())) {
            FullHttpResponse response = error(HttpResponseStatus.METHOD_NOT_ALLOWED, 40500, "METHOD_NOT_ALLOWED",
                "method " + printable(request.method().name()) + " is not allowed here; allowed: GET", requestId);
            response.headers().set(HttpHeaderNames.ALLOW, "GET");
            write(ctx, response, keepAlive);
            return;
        }
        List<String> clusters = uri.parameters().get(HttpProxyRequestCode.CLUSTER_FIELD);
        String cluster = clusters == null || clusters.isEmpty() || clusters.get(0).isEmpty() ? null : clusters.get(0);
        Map<String, Object> body = HttpProxyList.toApiBody(table.list(cluster), HttpProxyList.SOURCE_NAMESRV_PLUGIN);
        write(ctx, json(HttpResponseStatus.OK, body, requestId), keepAlive);
    }

    private static FullHttpResponse error(HttpResponseStatus status, int code, String name, String message, String requestId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("error", name);
        body.put("message", message);
        body.put("requestId", requestId);
        return json(status, body, requestId);
    }

    private static FullHttpResponse json(HttpResponseStatus status, Map<String, Object> body, String requestId) {
        byte[] bytes = JSON.toJSONString(body).getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, JSON_TYPE);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        response.headers().set(REQUEST_ID, requestId);
        return response;
    }

    private static void write(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        response.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        if (keepAlive) {
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    static String requestId(String clientValue) {
        if (clientValue != null && !clientValue.isEmpty() && clientValue.length() <= MAX_REQUEST_ID
            && clientValue.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
            || c == '-' || c == '_' || c == '.' || c == ':')) {
            return clientValue;
        }
        return ID_PREFIX + '-' + Long.toHexString(ID_COUNTER.incrementAndGet());
    }

    private static String printable(String s) {
        String p = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        return p.replaceAll("\\p{Cntrl}", "?");
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
