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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.rocketmq.http.client.ClientConfig;
import org.apache.rocketmq.http.client.HttpProxyClientException;
import org.apache.rocketmq.http.client.NetworkException;
import org.apache.rocketmq.http.client.RetryPolicy;
import org.apache.rocketmq.http.client.TooManyRequestsException;

/**
 * Sends {@link ApiRequest}s to the proxies: picks an endpoint, adds the common headers, maps
 * failures to exceptions, marks endpoints down and retries as the {@link RetryPolicy} and the
 * request's {@link ApiRequest.Kind} allow. One per client; thread-safe.
 *
 * <p>Requests travel over the client's own pool of keep-alive HTTP/1.1 connections ({@link ConnectionPool}),
 * one request at a time on each: {@link #call} runs on the caller's thread, which writes the request and reads
 * the answer itself; {@link #execute} runs the same on one of the client's threads, one for each call in flight.
 */
public final class Transport implements AutoCloseable {
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private static final System.Logger LOG = System.getLogger(Transport.class.getName());

    private final ClientConfig config;
    private final EndpointSelector selector;
    private final ExecutorService executor;
    private final ConnectionPool connections;
    private final ProxyDiscovery discovery;
    private final RequestSigner signer;
    /** The headers every request carries, ready to append. */
    private final String commonHeaders;
    private final String requestIdPrefix;
    private final AtomicLong requestIds = new AtomicLong();
    private final Set<Call> active = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public Transport(ClientConfig config, String threadNamePrefix) {
        this(config, threadNamePrefix, System::nanoTime);
    }

    Transport(ClientConfig config, String threadNamePrefix, LongSupplier nanoClock) {
        this.config = config;
        this.selector = new EndpointSelector(config.endpoints(), config.zone().orElse(null), config.markDownDuration(), nanoClock);
        this.executor = Executors.newCachedThreadPool(new NamedThreadFactory(threadNamePrefix));
        this.connections = new ConnectionPool(config.sslContext().orElse(null), config.connectTimeout().toMillis());
        this.commonHeaders = "User-Agent: " + headerValue(config.userAgent()) + "\r\nAccept: application/json\r\n";
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        StringBuilder prefix = new StringBuilder(17);
        for (byte b : random) {
            prefix.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        this.requestIdPrefix = prefix.append('-').toString();
        this.signer = config.accessKey().isPresent()
            ? new RequestSigner(config.accessKey().get(), config.secretKey().orElseThrow()) : null;
        this.discovery = config.discovery().isPresent() ? new ProxyDiscovery(config, this::getOnce, selector, threadNamePrefix)
            : null;
        if (discovery != null) {
            discovery.start();
        }
    }

    public ClientConfig config() {
        return config;
    }

    public EndpointSelector endpoints() {
        return selector;
    }

    /**
     * @return the discovery of this client's proxies, or null when it uses fixed endpoints only
     */
    public ProxyDiscovery discovery() {
        return discovery;
    }

    /**
     * Sends the request on the caller's thread, retrying as allowed, and returns the 2xx answer.
     *
     * @throws HttpProxyClientException for an error answer or when no answer came
     * @throws IllegalStateException once closed
     */
    public ApiResponse call(ApiRequest request) {
        awaitFirstDiscovery();
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
        Call call = new Call(request);
        active.add(call);
        try {
            Duration delay;
            while ((delay = call.attempt()) != null) {
                if (!delay.isZero() && !sleep(delay)) {
                    call.fail(call.previousFailure);
                    Thread.currentThread().interrupt();
                }
            }
        } finally {
            active.remove(call);
        }
        return Futures.await(call.promise);
    }

    /**
     * Sends the request on one of the client's threads, retrying as allowed. The future completes with a 2xx
     * answer, or exceptionally with an {@link HttpProxyClientException}, or an {@link IllegalStateException}
     * once closed. It always completes: every attempt has a deadline.
     */
    public CompletableFuture<ApiResponse> execute(ApiRequest request) {
        if (discovery != null && !discovery.firstRound().isDone()) {
            // no endpoint is known before the first list: wait for it (it ends within its own timeouts)
            return discovery.firstRound().thenCompose(ignored -> executeNow(request));
        }
        return executeNow(request);
    }

    private CompletableFuture<ApiResponse> executeNow(ApiRequest request) {
        if (closed) {
            return Futures.failed(new IllegalStateException("the client is closed"));
        }
        Call call = new Call(request);
        active.add(call);
        call.promise.whenComplete((response, failure) -> active.remove(call));
        run(call::runAsync, call);
        return call.promise;
    }

    private void run(Runnable task, Call call) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            call.fail(call.previousFailure != null ? call.previousFailure
                : new NetworkException("the client was closed before the request was sent", call.requestId, false, false, e));
        }
    }

    private void awaitFirstDiscovery() {
        if (discovery != null && !discovery.firstRound().isDone()) {
            // no endpoint is known before the first list: wait for it (it ends within its own timeouts)
            discovery.firstRound().join();
        }
    }

    /**
     * One GET of {@code path} at the given base URL, without endpoint selection or retries, on the client's
     * threads; fails with the SDK's exceptions.
     */
    CompletableFuture<ApiResponse> getOnce(URI base, String path) {
        String requestId = nextRequestId();
        CompletableFuture<ApiResponse> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    Http1Response response = exchange(base, head("GET", base, path, null, requestId, Map.of(), null, null),
                        null, config.requestTimeout());
                    String answeredId = response.headers().firstValue(REQUEST_ID_HEADER).orElse(requestId);
                    if (response.status() / 100 != 2) {
                        result.completeExceptionally(ErrorMapper.fromResponse(response.status(), response.headers(),
                            response.body(), requestId));
                    } else {
                        result.complete(new ApiResponse(response.status(), response.headers(), response.body(), answeredId,
                            base));
                    }
                } catch (IOException | RuntimeException e) {
                    result.completeExceptionally(ErrorMapper.fromTransportFailure(e, requestId, base));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(ErrorMapper.fromTransportFailure(e, requestId, base));
        }
        return result;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Stops retries and new calls, waits up to {@code drainTimeout} for the calls in flight, fails
     * those still running, and releases the connections and threads.
     */
    public void close(Duration drainTimeout) {
        if (closed) {
            return;
        }
        closed = true;
        if (discovery != null) {
            discovery.close();
        }
        List<CompletableFuture<ApiResponse>> running = new ArrayList<>();
        for (Call call : active) {
            running.add(call.promise);
        }
        try {
            CompletableFuture.allOf(running.toArray(new CompletableFuture<?>[0]))
                .get(drainTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception ignored) {
            // timed out or some failed: both are settled below
        }
        for (Call call : active) {
            call.promise.completeExceptionally(new NetworkException("the client was closed before an answer arrived",
                call.requestId, true, false, null));
        }
        // a request still in progress fails as its connection closes, and its thread is free again
        connections.close();
        executor.shutdownNow();
    }

    @Override
    public void close() {
        close(config.requestTimeout());
    }

    private String nextRequestId() {
        return requestIdPrefix + Long.toString(requestIds.incrementAndGet(), 36);
    }

    /**
     * Runs one request on a pooled connection to the endpoint, within the connect timeout and then the
     * request's timeout.
     */
    private Http1Response exchange(URI endpoint, byte[] head, byte[] body, Duration timeout) throws IOException {
        Http1Connection connection = connections.acquire(endpoint);
        try {
            return connection.exchange(head, body, System.nanoTime() + timeout.toNanos());
        } finally {
            connections.release(connection);
        }
    }

    /**
     * The request line and headers; a signed request is signed afresh (new date and nonce), so a retry is not a
     * replay.
     */
    private byte[] head(String method, URI endpoint, String pathAndQuery, String contentType, String requestId,
        Map<String, String> headers, byte[] body, RequestSigner signer) {
        String endpointPath = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        String target = endpointPath + pathAndQuery;
        StringBuilder sb = new StringBuilder(256 + 64 * headers.size());
        sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: ").append(endpoint.getHost());
        if (endpoint.getPort() >= 0) {
            sb.append(':').append(endpoint.getPort());
        }
        sb.append("\r\n").append(REQUEST_ID_HEADER).append(": ").append(requestId).append("\r\n").append(commonHeaders);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            header(sb, h.getKey(), h.getValue());
        }
        if (body != null) {
            header(sb, "Content-Type", contentType);
            sb.append("Content-Length: ").append(body.length).append("\r\n");
        }
        if (signer != null) {
            int q = target.indexOf('?');
            for (Map.Entry<String, String> h : signer.sign(method, q < 0 ? target : target.substring(0, q),
                q < 0 ? null : target.substring(q + 1), contentType, body, headers).entrySet()) {
                header(sb, h.getKey(), h.getValue());
            }
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void header(StringBuilder sb, String name, String value) {
        sb.append(name).append(": ").append(headerValue(value)).append("\r\n");
    }

    /** A header value as it may be sent: no line breaks or other control characters, nothing beyond Latin-1. */
    private static String headerValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7F || c > 0xFF) {
                throw new IllegalArgumentException("a header value holds a character that cannot be sent: U+"
                    + String.format("%04X", (int) c));
            }
        }
        return value;
    }

    /** Sleeps; false when interrupted. */
    private static boolean sleep(Duration delay) {
        try {
            TimeUnit.NANOSECONDS.sleep(delay.toNanos());
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private final class Call {
        private final ApiRequest request;
        private final CompletableFuture<ApiResponse> promise = new CompletableFuture<>();
        private final String requestId = nextRequestId();
        /** Endpoints that refused a connection in this call; they get no free failover again. */
        private Set<URI> refused = Set.of();
        /** Attempts that count against the policy: all but the free failovers after a refused connection. */
        private int attempts;
        private boolean mayHaveReachedProxy;
        private HttpProxyClientException previousFailure;

        Call(ApiRequest request) {
            this.request = request;
        }

        /** Attempts on the client's threads, waiting for retries without holding one. */
        void runAsync() {
            Duration delay;
            while ((delay = attempt()) != null) {
                if (!delay.isZero()) {
                    try {
                        CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS)
                            .execute(() -> run(this::runAsync, this));
                    } catch (RejectedExecutionException e) {
                        fail(previousFailure);
                    }
                    return;
                }
            }
        }

        /**
         * One attempt, on the calling thread.
         *
         * @return null when the call is over (its promise completed), else the wait before the next attempt
         */
        Duration attempt() {
            if (promise.isDone()) {
                return null;
            }
            if (closed && previousFailure != null) {
                fail(previousFailure);
                return null;
            }
            URI endpoint = selector.select(refused);
            if (endpoint == null) {
                fail(new NetworkException("no proxy is known yet: discovery through "
                    + config.discovery().map(URI::toString).orElse("?") + " has found none", requestId, false, false, null));
                return null;
            }
            Http1Response response;
            try {
                byte[] body = request.body();
                String contentType = body != null ? request.contentType() : null;
                byte[] head = head(request.method(), endpoint, request.pathAndQuery(), contentType, requestId,
                    request.headers(), body, signer);
                response = exchange(endpoint, head, body, request.timeout());
            } catch (IOException e) {
                return onAnswer(endpoint, null, e);
            } catch (RuntimeException e) {
                fail(closed ? new IllegalStateException("the client is closed", e)
                    : ErrorMapper.fromTransportFailure(e, requestId, endpoint));
                return null;
            }
            return onAnswer(endpoint, response, null);
        }

        private Duration onAnswer(URI endpoint, Http1Response response, Throwable error) {
            HttpProxyClientException failure;
            if (error == null) {
                int status = response.status();
                if (status >= 200 && status < 300) {
                    String answeredId = response.headers().firstValue(REQUEST_ID_HEADER).orElse(requestId);
                    promise.complete(new ApiResponse(status, response.headers(), response.body(), answeredId, endpoint));
                    return null;
                }
                failure = ErrorMapper.fromResponse(status, response.headers(), response.body(), requestId);
            } else {
                failure = ErrorMapper.fromTransportFailure(error, requestId, endpoint);
            }
            boolean connectFailed = failure instanceof NetworkException && !((NetworkException) failure).mayHaveReachedProxy();
            if ((connectFailed || failure.status() == 503) && endpoint != null) {
                boolean wasDown = selector.isDown(endpoint);
                selector.markDown(endpoint);
                if (!wasDown) {
                    LOG.log(System.Logger.Level.INFO, "proxy {0} marked down for {1}: {2}", endpoint, config.markDownDuration(),
                        failure.getMessage());
                }
            }
            mayHaveReachedProxy |= !connectFailed;
            if (previousFailure != null && previousFailure != failure) {
                failure.addSuppressed(previousFailure);
            }
            previousFailure = failure;
            if (closed) {
                fail(failure);
                return null;
            }
            if (connectFailed && !refused.contains(endpoint)) {
                Set<URI> tried = new HashSet<>(refused);
                tried.add(endpoint);
                refused = tried;
                if (selector.hasUntried(refused)) {
                    return Duration.ZERO;
                }
            }
            attempts++;
            Duration delay = retryDelay(failure);
            if (delay == null) {
                fail(failure);
                return null;
            }
            LOG.log(System.Logger.Level.DEBUG, "retrying {0} [{1}] in {2} after {3}", request, requestId, delay, failure.getMessage());
            return delay;
        }

        private void fail(Throwable failure) {
            if (failure instanceof NetworkException && mayHaveReachedProxy && !((NetworkException) failure).mayHaveReachedProxy()) {
                failure = new NetworkException(((NetworkException) failure).proxyMessage()
                    + "; an earlier attempt may have reached a proxy", requestId, true, false, failure);
            }
            promise.completeExceptionally(failure);
        }

        /** The wait before the next attempt, or {@code null} when the failure is final. */
        private Duration retryDelay(HttpProxyClientException failure) {
            RetryPolicy policy = config.retryPolicy();
            if (attempts >= policy.maxAttempts() || !isRetried(failure, policy)) {
                return null;
            }
            Duration delay = policy.backoff(attempts);
            Optional<Duration> retryAfter = ErrorMapper.retryAfterOf(failure);
            // a proxy answering 503 is marked down: while another one is up, the retry goes there without waiting
            boolean elsewhere = failure.status() == 503 && selector.anyUp();
            if (retryAfter.isPresent() && !elsewhere) {
                if (retryAfter.get().compareTo(policy.maxBackoff()) > 0) {
                    return null;
                }
                delay = retryAfter.get().compareTo(delay) > 0 ? retryAfter.get() : delay;
            }
            return delay;
        }

        private boolean isRetried(HttpProxyClientException failure, RetryPolicy policy) {
            if (failure instanceof NetworkException && !((NetworkException) failure).mayHaveReachedProxy()) {
                return true;
            }
            if (failure instanceof TooManyRequestsException) {
                return true;
            }
            if (request.kind() == ApiRequest.Kind.SAFE) {
                return failure.isRetryable();
            }
            return policy.retryAmbiguousSends() && failure.isRetryable();
        }
    }
}
