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

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.http.client.ClientConfig;
import org.apache.rocketmq.http.client.ProxyInfo;
import org.apache.rocketmq.http.client.ProxyList;

/**
 * Keeps an {@link EndpointSelector} filled with the live proxies: fetches {@code GET /v1/proxies} from
 * the discovery URL at once and then every discovery interval, on a thread of its own. When the
 * discovery URL fails (or lists nothing), a proxy already known is asked instead; when that fails
 * too, the selector gets the last good list plus the seed endpoints. While no endpoint is known at
 * all, it tries again every {@link #RETRY_WHILE_EMPTY} at most.
 */
public final class ProxyDiscovery implements AutoCloseable {
    static final Duration RETRY_WHILE_EMPTY = Duration.ofSeconds(2);
    private static final String PATH = "/v1/proxies";
    private static final System.Logger LOG = System.getLogger(ProxyDiscovery.class.getName());

    private final ClientConfig config;
    private final URI discovery;
    private final Fetcher http;
    private final EndpointSelector selector;
    private final ScheduledExecutorService scheduler;
    private final CompletableFuture<Void> firstRound = new CompletableFuture<>();
    private volatile Map<URI, String> lastGood = Collections.emptyMap();
    private volatile boolean failing;
    private volatile boolean closed;

    /**
     * One GET at a base URL, without endpoint selection or retries.
     */
    @FunctionalInterface
    public interface Fetcher {
        /**
         * @return the 2xx answer, or a failure with the SDK's exceptions
         */
        CompletableFuture<ApiResponse> get(URI base, String path);
    }

    public ProxyDiscovery(ClientConfig config, Fetcher http, EndpointSelector selector, String threadNamePrefix) {
        this.config = config;
        this.discovery = config.discovery().orElseThrow(() -> new IllegalArgumentException("no discovery URL"));
        this.http = http;
        this.selector = selector;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(new NamedThreadFactory(threadNamePrefix + "-discovery"));
    }

    /** Starts the first round; with seed endpoints, requests need not wait for it. */
    public void start() {
        if (!config.endpoints().isEmpty()) {
            firstRound.complete(null);
        }
        schedule(Duration.ZERO);
    }

    /** Completes when the first round ended, whatever its outcome, or when closed. */
    public CompletableFuture<Void> firstRound() {
        return firstRound;
    }

    public URI discoveryUrl() {
        return discovery;
    }

    /**
     * One {@code GET /v1/proxies} at the given base URL, failing with the SDK's exceptions.
     */
    public CompletableFuture<ProxyList> fetch(URI base) {
        CompletableFuture<ProxyList> result = new CompletableFuture<>();
        http.get(base, PATH).whenComplete((response, failure) -> {
            try {
                if (failure != null) {
                    result.completeExceptionally(ErrorMapper.unwrap(failure));
                } else {
                    result.complete(JsonCodec.proxyList(response));
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private void schedule(Duration delay) {
        if (closed) {
            return;
        }
        try {
            scheduler.schedule(this::round, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closedMeanwhile) {
            firstRound.complete(null);
        }
    }

    private void round() {
        usableList(discovery)
            .handle((list, failure) -> failure == null ? CompletableFuture.completedFuture(list) : askKnownProxy(failure))
            .thenCompose(f -> f)
            .whenComplete((list, failure) -> {
                if (failure == null) {
                    apply(list);
                } else {
                    fallBack(failure);
                }
                firstRound.complete(null);
                Duration interval = config.discoveryInterval();
                schedule(selector.endpoints().isEmpty() && interval.compareTo(RETRY_WHILE_EMPTY) > 0 ? RETRY_WHILE_EMPTY : interval);
            });
    }

    /** The proxies a base URL lists, failing when it lists none a client can use. */
    private CompletableFuture<Map<URI, String>> usableList(URI base) {
        return fetch(base).thenApply(list -> {
            Map<URI, String> endpoints = new LinkedHashMap<>();
            for (ProxyInfo p : list.proxies()) {
                endpoints.putIfAbsent(p.url(), p.zone().isEmpty() ? null : p.zone());
            }
            if (endpoints.isEmpty()) {
                throw new IllegalStateException(base + PATH + " lists no proxy");
            }
            return endpoints;
        });
    }

    private CompletableFuture<Map<URI, String>> askKnownProxy(Throwable discoveryFailure) {
        URI known = selector.select(Collections.singleton(discovery));
        if (known == null || known.equals(discovery)) {
            return failed(discoveryFailure);
        }
        return usableList(known).handle((list, failure) -> list != null ? CompletableFuture.completedFuture(list)
            : ProxyDiscovery.<Map<URI, String>>failed(discoveryFailure)).thenCompose(f -> f);
    }

    private static <T> CompletableFuture<T> failed(Throwable t) {
        CompletableFuture<T> f = new CompletableFuture<>();
        f.completeExceptionally(t);
        return f;
    }

    private void apply(Map<URI, String> endpoints) {
        if (!endpoints.equals(lastGood)) {
            LOG.log(System.Logger.Level.INFO, "proxies discovered through {0}: {1}", discovery, endpoints.keySet());
        }
        lastGood = endpoints;
        selector.update(endpoints);
        if (failing) {
            failing = false;
            LOG.log(System.Logger.Level.INFO, "proxy discovery through {0} works again", discovery);
        }
    }

    private void fallBack(Throwable failure) {
        Map<URI, String> endpoints = new LinkedHashMap<>(lastGood);
        for (URI seed : config.endpoints()) {
            endpoints.putIfAbsent(seed, null);
        }
        if (!endpoints.isEmpty()) {
            selector.update(endpoints);
        }
        if (!failing) {
            failing = true;
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
            LOG.log(System.Logger.Level.WARNING, "proxy discovery through {0} failed ({1}); using the last list and the seeds: {2}",
                discovery, cause.getMessage(), endpoints.keySet());
        }
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        firstRound.complete(null);
    }
}
