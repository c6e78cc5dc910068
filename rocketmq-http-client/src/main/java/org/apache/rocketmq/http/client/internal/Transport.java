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

import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
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
 */
public final class Transport implements AutoCloseable {
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private static final System.Logger LOG = System.getLogger(Transport.class.getName());
    /** Beyond the JDK's own timeouts, which stop at the response headers, an attempt may take this long. */
    private static final long ATTEMPT_MARGIN_MILLIS = 1000;

    private final ClientConfig config;
    private final EndpointSelector selector;
    private final ExecutorService executor;
    private final HttpClient http;
    private final ProxyDiscovery discovery;
    private final RequestSigner signer;
    private final Set<Call> active = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public Transport(ClientConfig config, String threadNamePrefix) {
        this(config, threadNamePrefix, System::nanoTime);
    }

    Transport(ClientConfig config, String threadNamePrefix, LongSupplier nanoClock) {
        this.config = config;
        this.selector = new EndpointSelector(config.endpoints(), config.zone().orElse(null), config.markDownDuration(), nanoClock);
        this.executor = Executors.newCachedThreadPool(new NamedThreadFactory(threadNamePrefix));
        HttpClient.Builder http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor);
        config.sslContext().ifPresent(http::sslContext);
        this.http = http.build();
        this.signer = config.accessKey().isPresent()
            ? new RequestSigner(config.accessKey().get(), config.secretKey().orElseThrow()) : null;
        this.discovery = config.discovery().isPresent() ? new ProxyDiscovery(config, this.http, selector, threadNamePrefix)
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
     * Sends the request, retrying as allowed. The future completes with a 2xx answer, or
     * exceptionally with an {@link HttpProxyClientException}, or an {@link IllegalStateException}
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
        call.start();
        return call.promise;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Stops retries and new calls, waits up to {@code drainTimeout} for the calls in flight, fails
     * those still running, and releases the threads.
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
        executor.shutdownNow();
        shutdownHttpClient();
    }

    @Override
    public void close() {
        close(config.requestTimeout());
    }

    /** Java 21 can stop the client's selector thread at once; on older runtimes it ends with the client. */
    private void shutdownHttpClient() {
        try {
            Method shutdownNow = HttpClient.class.getMethod("shutdownNow");
            shutdownNow.invoke(http);
        } catch (NoSuchMethodException olderRuntime) {
            LOG.log(System.Logger.Level.TRACE, "HttpClient.shutdownNow() needs Java 21");
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not shut the HTTP client down", e);
        }
    }

    private final class Call {
        private final ApiRequest request;
        private final CompletableFuture<ApiResponse> promise = new CompletableFuture<>();
        private final String requestId = UUID.randomUUID().toString();
        /** Endpoints that refused a connection in this call; they get no free failover again. */
        private final Set<URI> refused = new HashSet<>();
        /** Attempts that count against the policy: all but the free failovers after a refused connection. */
        private int attempts;
        private boolean mayHaveReachedProxy;
        private HttpProxyClientException previousFailure;

        Call(ApiRequest request) {
            this.request = request;
        }

        void start() {
            active.add(this);
            promise.whenComplete((response, failure) -> active.remove(this));
            attempt();
        }

        private void attempt() {
            if (promise.isDone()) {
                return;
            }
            URI endpoint = selector.select(refused);
            if (endpoint == null) {
                onAnswer(null, null, new NetworkException("no proxy is known yet: discovery through "
                    + config.discovery().map(URI::toString).orElse("?") + " has found none", requestId, false, false, null));
                return;
            }
            try {
                long deadline = config.connectTimeout().toMillis() + request.timeout().toMillis() + ATTEMPT_MARGIN_MILLIS;
                http.sendAsync(toHttpRequest(endpoint), HttpResponse.BodyHandlers.ofByteArray())
                    .orTimeout(deadline, TimeUnit.MILLISECONDS)
                    .whenCompleteAsync((response, failure) -> onAnswer(endpoint, response, failure), executor);
            } catch (RuntimeException e) {
                promise.completeExceptionally(closed ? new IllegalStateException("the client is closed", e)
                    : ErrorMapper.fromTransportFailure(e, requestId, endpoint));
            }
        }

        /** A new request each attempt: signed afresh, so a retry is not a replay. */
        private HttpRequest toHttpRequest(URI endpoint) {
            URI uri = URI.create(endpoint + request.pathAndQuery());
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(request.timeout())
                .header(REQUEST_ID_HEADER, requestId)
                .header("User-Agent", config.userAgent())
                .header("Accept", "application/json");
            request.headers().forEach(builder::header);
            String contentType = request.body() != null ? request.contentType() : null;
            if (signer != null) {
                signer.sign(request.method(), uri.getRawPath(), uri.getRawQuery(), contentType, request.body(),
                    request.headers()).forEach(builder::header);
            }
            if (request.body() != null) {
                builder.header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
            } else {
                builder.GET();
            }
            return builder.build();
        }

        private void onAnswer(URI endpoint, HttpResponse<byte[]> response, Throwable error) {
            HttpProxyClientException failure;
            if (error == null) {
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    String answeredId = response.headers().firstValue(REQUEST_ID_HEADER).orElse(requestId);
                    promise.complete(new ApiResponse(status, response.headers(), response.body(), answeredId, endpoint));
                    return;
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
                return;
            }
            if (connectFailed && refused.add(endpoint) && selector.hasUntried(refused)) {
                attempt();
                return;
            }
            attempts++;
            Duration delay = retryDelay(failure);
            if (delay == null) {
                fail(failure);
                return;
            }
            LOG.log(System.Logger.Level.DEBUG, "retrying {0} [{1}] in {2} after {3}", request, requestId, delay, failure.getMessage());
            try {
                if (delay.isZero()) {
                    executor.execute(this::attempt);
                } else {
                    CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS, executor).execute(this::attempt);
                }
            } catch (RejectedExecutionException e) {
                fail(failure);
            }
        }

        private void fail(HttpProxyClientException failure) {
            if (mayHaveReachedProxy && failure instanceof NetworkException && !((NetworkException) failure).mayHaveReachedProxy()) {
                failure = new NetworkException(failure.proxyMessage() + "; an earlier attempt may have reached a proxy",
                    requestId, true, false, failure);
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
