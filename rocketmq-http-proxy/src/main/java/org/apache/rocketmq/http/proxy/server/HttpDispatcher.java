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

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpContentException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.apache.rocketmq.http.proxy.auth.Access;
import org.apache.rocketmq.http.proxy.auth.AuthRequest;
import org.apache.rocketmq.http.proxy.auth.Authenticator;
import org.apache.rocketmq.http.proxy.auth.Caller;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics;
import org.apache.rocketmq.http.proxy.quota.Admission;
import org.apache.rocketmq.http.proxy.quota.QuotaEnforcer;
import org.apache.rocketmq.http.proxy.quota.RouteQuota;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of a connection's pipeline: routes each request, checks access control (the caller and
 * the permissions the route declares), runs its handler and writes the responses back in request
 * order (HTTP/1.1 pipelining), whatever order the handlers finish in.
 * One instance per connection; all its state is touched on the connection's event loop only.
 */
final class HttpDispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpDispatcher.class);

    private final Router router;
    private final RequestIds requestIds;
    private final ProxyMetrics metrics;
    private final int maxPipelined;
    private final BooleanSupplier draining;
    private final QuotaEnforcer quotas;
    private final int maxInFlight;
    /** The TCP peer's address, as quota rules name it. */
    private String clientAddress;
    private final Authenticator authenticator;
    /** Whether the connection is TLS: known from the first request on. */
    private Boolean tls;

    private long nextSeq;
    private long nextToWrite;
    private int pending;
    private boolean removed;
    private boolean closing;
    private final TreeMap<Long, Completed> completed = new TreeMap<>();

    HttpDispatcher(Router router, RequestIds requestIds, ProxyMetrics metrics, int maxPipelined) {
        this(router, requestIds, metrics, maxPipelined, () -> false);
    }

    /**
     * @param draining true once the proxy stops: a request read from then on is refused with 503 and
     *     its connection closed, so nothing new reaches a broker while the proxy waits for what is in flight
     */
    HttpDispatcher(Router router, RequestIds requestIds, ProxyMetrics metrics, int maxPipelined, BooleanSupplier draining) {
        this(router, requestIds, metrics, maxPipelined, draining, null, 0);
    }

    /**
     * @param quotas the quota rules a request is checked against once its route is known, or null for none
     * @param maxInFlight requests handled at once at most (this connection's and all others'), 0 for no limit
     */
    HttpDispatcher(Router router, RequestIds requestIds, ProxyMetrics metrics, int maxPipelined, BooleanSupplier draining,
        QuotaEnforcer quotas, int maxInFlight) {
        this(router, requestIds, metrics, maxPipelined, draining, quotas, maxInFlight, Authenticator.disabled());
    }

    /**
     * @param authenticator establishes callers and checks the permissions routes declare (ACL)
     */
    HttpDispatcher(Router router, RequestIds requestIds, ProxyMetrics metrics, int maxPipelined, BooleanSupplier draining,
        QuotaEnforcer quotas, int maxInFlight, Authenticator authenticator) {
        this.router = router;
        this.requestIds = requestIds;
        this.metrics = metrics;
        this.maxPipelined = maxPipelined;
        this.draining = draining;
        this.quotas = quotas;
        this.maxInFlight = maxInFlight;
        this.authenticator = authenticator;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        metrics.connections().incrementAndGet();
        clientAddress = addressOf(ctx.channel().remoteAddress());
        super.channelActive(ctx);
    }

    static String addressOf(SocketAddress address) {
        if (address instanceof InetSocketAddress && ((InetSocketAddress) address).getAddress() != null) {
            return NetUtil.toAddressString(((InetSocketAddress) address).getAddress());
        }
        return String.valueOf(address);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        metrics.connections().decrementAndGet();
        super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (closing) {
            // RFC 7230 6.6: nothing after a request that closes the connection is processed, it would never be answered
            return;
        }
        long startNanos = System.nanoTime();
        long seq = nextSeq++;
        pending++;
        metrics.inFlight().incrementAndGet();
        if (pending >= maxPipelined) {
            ctx.channel().config().setAutoRead(false);
        }
        String requestId = requestIds.from(request.headers().get(ResponseWriter.REQUEST_ID));
        String method = request.method().name();

        DecoderResult decoderResult = request.decoderResult();
        if (decoderResult.isFailure()) {
            // the aggregator skips the rest of an oversized body it refused, so the connection may stay usable;
            // after any other failure the decoder cannot tell where the next request starts: answer, then close
            boolean keepAlive = decoderResult.cause() instanceof TooLongHttpContentException && HttpUtil.isKeepAlive(request);
            refuse(ctx, seq, decodeFailure(decoderResult.cause()), requestId, keepAlive, method, startNanos);
            return;
        }
        if (!isSupported(request.protocolVersion())) {
            // HTTP/2 (its prior-knowledge preface reads as "PRI * HTTP/2.0") or a version from nowhere: the
            // rest of the connection may not be HTTP/1.x framing at all, so answer and close
            refuse(ctx, seq, new HttpProxyException(ErrorCode.HTTP_VERSION_NOT_SUPPORTED,
                "only HTTP/1.1 and HTTP/1.0 are supported"), requestId, false, method, startNanos);
            return;
        }
        if (draining.getAsBoolean()) {
            refuse(ctx, seq, new HttpProxyException(ErrorCode.BROKER_UNAVAILABLE,
                "the proxy is shutting down; send the request to another instance"), requestId, false, method, startNanos);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        closing = !keepAlive;
        QueryStringDecoder uri = new QueryStringDecoder(originForm(request.uri()));

        String routeName = "unmatched";
        Admission admission = Admission.NONE;
        CompletableFuture<HttpResult> future;
        try {
            Router.Match match = router.match(method, uri.rawPath());
            routeName = match.route().template();
            RouteQuota routeQuota = match.route().quota();
            if (maxInFlight > 0 && routeQuota != RouteQuota.EXEMPT && metrics.inFlight().get() > maxInFlight) {
                metrics.throttled("guard", "inFlight");
                throw new HttpProxyException(ErrorCode.BROKER_UNAVAILABLE, "the proxy is handling " + maxInFlight
                    + " requests at once already; retry later or send the request to another instance");
            }
            TreeMap<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (Map.Entry<String, String> e : request.headers()) {
                headers.putIfAbsent(e.getKey(), e.getValue());
            }
            Map<String, List<String>> query = queryParameters(uri);
            match.checkReservedNames(query);
            byte[] body = ByteBufUtil.getBytes(request.content());
            Caller caller = Caller.ANONYMOUS;
            if (authenticator.isEnabled() && !match.route().access().isOpen()) {
                caller = authenticate(match.route().access(), new AuthRequest(method, uri.rawPath(), uri.rawQuery(),
                    headers, body, clientAddress, isTls(ctx), match.pathParams(), query));
            }
            HttpRequestContext context = new HttpRequestContext(method, uri.rawPath(), query, headers, body, requestId);
            if (quotas != null) {
                match.bindPathParams(context);
                // the caller's access key with ACL; without it, the rules of the client address apply
                admission = quotas.admit(routeQuota, caller.accessKey(), clientAddress, context);
                if (admission.maxMessages() > 0) {
                    context.replaceQuery("max", Integer.toString(admission.maxMessages()));
                }
            }
            future = match.invoke(context);
            if (future == null) {
                future = CompletableFuture.failedFuture(new IllegalStateException("handler returned no future"));
            }
        } catch (Throwable t) {
            future = CompletableFuture.failedFuture(t);
        }

        String route = routeName;
        Admission admitted = admission;
        future.whenComplete((result, error) -> {
            HttpResult r = error == null && result != null ? result : ResponseWriter.errorResult(
                error != null ? error : new IllegalStateException("handler completed without a result"), requestId);
            admitted.complete(r);
            Completed c = new Completed(r, requestId, keepAlive, method, route, startNanos);
            if (ctx.executor().inEventLoop()) {
                complete(ctx, seq, c);
            } else {
                ctx.executor().execute(() -> complete(ctx, seq, c));
            }
            // after the write is queued, so a draining shutdown closes connections only behind it
            metrics.inFlight().decrementAndGet();
        });
    }

    private static boolean isSupported(HttpVersion version) {
        return "HTTP".equals(version.protocolName()) && version.majorVersion() == 1
            && (version.minorVersion() == 1 || version.minorVersion() == 0);
    }

    /**
     * Answers a request that is not handed to any handler.
     */
    private void refuse(ChannelHandlerContext ctx, long seq, HttpProxyException error, String requestId, boolean keepAlive,
        String method, long startNanos) {
        closing = !keepAlive;
        metrics.inFlight().decrementAndGet();
        complete(ctx, seq, new Completed(ResponseWriter.errorResult(error, requestId), requestId, keepAlive, method,
            "unmatched", startNanos));
    }

    private void complete(ChannelHandlerContext ctx, long seq, Completed c) {
        if (removed) {
            return;
        }
        completed.put(seq, c);
        Map.Entry<Long, Completed> head;
        boolean wrote = false;
        while ((head = completed.firstEntry()) != null && head.getKey() == nextToWrite) {
            completed.pollFirstEntry();
            nextToWrite++;
            pending--;
            Completed done = head.getValue();
            metrics.requestDone(done.method, done.route, done.result.status(), System.nanoTime() - done.startNanos);
            ChannelFuture write = ctx.write(ResponseWriter.toResponse(done.result, done.requestId, done.keepAlive));
            wrote = true;
            if (!done.keepAlive) {
                // closing at once would drop whatever part of the response the socket has not taken yet
                write.addListener(ChannelFutureListener.CLOSE);
                ctx.flush();
                return;
            }
        }
        if (wrote) {
            ctx.flush();
        }
        if (pending < maxPipelined && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /**
     * An address that failed to authenticate too often is refused before its credentials are looked at
     * ({@code aclMaxFailuresPerSecond}).
     */
    private Caller authenticate(Access access, AuthRequest request) {
        if (quotas != null) {
            quotas.authFailures().check(clientAddress);
        }
        try {
            return authenticator.check(access, request);
        } catch (HttpProxyException e) {
            if (quotas != null && e.getErrorCode() == ErrorCode.UNAUTHORIZED) {
                quotas.authFailures().failed(clientAddress);
            }
            throw e;
        }
    }

    private boolean isTls(ChannelHandlerContext ctx) {
        if (tls == null) {
            // a permissive port has replaced its sniffing handler by the time a request is decoded
            tls = ctx.pipeline().get(SslHandler.class) != null;
        }
        return tls;
    }

    /**
     * Servers must accept the absolute form ({@code GET http://host/health}); routing needs the path.
     */
    static String originForm(String uri) {
        int scheme = uri.indexOf("://");
        if (scheme <= 0 || uri.startsWith("/")) {
            return uri;
        }
        int path = uri.indexOf('/', scheme + 3);
        int query = uri.indexOf('?', scheme + 3);
        if (path < 0 || query >= 0 && query < path) {
            return query < 0 ? "/" : "/" + uri.substring(query);
        }
        return uri.substring(path);
    }

    private static Map<String, List<String>> queryParameters(QueryStringDecoder uri) {
        try {
            return uri.parameters();
        } catch (IllegalArgumentException e) {
            throw new HttpProxyException(ErrorCode.BAD_REQUEST, "malformed percent-encoding in query string");
        }
    }

    private static HttpProxyException decodeFailure(Throwable cause) {
        if (cause instanceof TooLongHttpContentException) {
            return new HttpProxyException(ErrorCode.PAYLOAD_TOO_LARGE, cause.getMessage());
        }
        if (cause instanceof TooLongHttpLineException) {
            return new HttpProxyException(ErrorCode.URI_TOO_LONG, "request line is too long");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return new HttpProxyException(ErrorCode.REQUEST_HEADER_FIELDS_TOO_LARGE, "request headers are too large");
        }
        if (cause instanceof TooLongFrameException) {
            return new HttpProxyException(ErrorCode.BAD_REQUEST, "request is too large to parse");
        }
        return new HttpProxyException(ErrorCode.BAD_REQUEST, "malformed HTTP request");
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            // a connection waiting on a long poll is quiet but busy: only close idle ones
            if (pending == 0) {
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("connection {} failed, closing it", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        removed = true;
        completed.clear();
    }

    private static final class Completed {
        final HttpResult result;
        final String requestId;
        final boolean keepAlive;
        final String method;
        final String route;
        final long startNanos;

        Completed(HttpResult result, String requestId, boolean keepAlive, String method, String route,
            long startNanos) {
            this.result = result;
            this.requestId = requestId;
            this.keepAlive = keepAlive;
            this.method = method;
            this.route = route;
            this.startNanos = startNanos;
        }
    }
}
