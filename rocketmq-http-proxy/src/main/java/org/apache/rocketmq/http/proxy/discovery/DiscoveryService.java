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
package org.apache.rocketmq.http.proxy.discovery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.rocketmq.common.utils.ThreadUtils;
import org.apache.rocketmq.http.namesrv.protocol.HttpProxyInfo;
import org.apache.rocketmq.http.namesrv.protocol.HttpProxyList;
import org.apache.rocketmq.http.proxy.config.DiscoveryConfig;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.http.proxy.discovery.ProxyRegistryClient.Answer;
import org.apache.rocketmq.http.proxy.discovery.ProxyRegistryClient.Mode;
import org.apache.rocketmq.remoting.RemotingClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's part in proxy discovery. Every {@code proxyHeartbeatSeconds} it registers itself with
 * every nameserver of {@code namesrvAddr} (when {@code proxyRegister}) and reads back each one's list
 * of its cluster, in parallel, on threads of its own; the merged list is what {@link #current()} and
 * {@code GET /v1/proxies} answer, without any nameserver call per request. A graceful stop deregisters
 * from every nameserver.
 *
 * <p>Merging: the union over the nameservers that answered within the TTL, one entry per id (the
 * latest heartbeat) and per URL (a proxy restarted on the same address under a new id), KV entries
 * whose heartbeat is older than the TTL left out, this proxy's own entry always in. Entries of a KV
 * store carry their writers' clocks, so proxies that use stock nameservers need roughly synchronized
 * clocks; the plugin stamps heartbeats with its own clock.
 *
 * <p>For components that depend on the size of the cluster (quotas of {@code scope: cluster}):
 * {@link #liveProxyCount()} and {@link #addListener(Consumer)}.
 */
public class DiscoveryService {
    private static final Logger log = LoggerFactory.getLogger(DiscoveryService.class);
    /** KV entries this many TTLs without a heartbeat belong to proxies that died: they are deleted. */
    static final int KV_PURGE_TTLS = 10;

    private final HttpProxyConfig config;
    private final DiscoveryConfig discovery;
    private final Supplier<RemotingClient> remoting;
    private final String proxyId;
    private final String version;
    private final LongSupplier clock;
    private final List<Consumer<LiveProxies>> listeners = new CopyOnWriteArrayList<>();
    /** The last answer of each nameserver; older than the TTL, it is no longer used. */
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, Boolean> failing = new ConcurrentHashMap<>();
    private ProxyRegistryClient client;
    private ScheduledExecutorService scheduler;
    private ExecutorService rpcExecutor;
    private volatile HttpProxyInfo self;
    private volatile long lastRegistered;
    private volatile LiveProxies current;
    private volatile boolean stopped;

    /**
     * @param remoting the remoting client to reach the nameservers with, available once the proxy's
     *     cluster service started
     */
    public DiscoveryService(HttpProxyConfig config, Supplier<RemotingClient> remoting, String proxyId, String version) {
        this(config, remoting, proxyId, version, System::currentTimeMillis);
    }

    DiscoveryService(HttpProxyConfig config, Supplier<RemotingClient> remoting, String proxyId, String version,
        LongSupplier clock) {
        this.config = config;
        this.discovery = config.getDiscovery();
        this.remoting = remoting;
        this.proxyId = proxyId;
        this.version = version;
        this.clock = clock;
        this.current = new LiveProxies(new ArrayList<>(), HttpProxyList.SOURCE_STATIC, clock.getAsLong());
    }

    /**
     * Checks the settings, registers at once and then every heartbeat period.
     *
     * @param port the port the HTTP server is bound to
     * @param scheme of the default advertised URL: {@code http}, or {@code https} when the server only speaks TLS
     * @throws IllegalArgumentException when a discovery setting is not valid
     */
    public void start(int port, String scheme) {
        if (discovery.getProxyHeartbeatSeconds() <= 0 || discovery.getProxyTtlSeconds() <= discovery.getProxyHeartbeatSeconds()) {
            throw new IllegalArgumentException("proxyHeartbeatSeconds must be positive and less than proxyTtlSeconds, got "
                + discovery.getProxyHeartbeatSeconds() + " and " + discovery.getProxyTtlSeconds());
        }
        String url = discovery.getAdvertisedUrl() == null || discovery.getAdvertisedUrl().isBlank()
            ? AdvertisedUrl.defaultUrl(scheme, config.getBindAddress(), port) : discovery.getAdvertisedUrl().trim();
        long now = clock.getAsLong();
        HttpProxyInfo record = new HttpProxyInfo(proxyId, discovery.getProxyClusterName(), url,
            discovery.getProxyZone() == null ? "" : discovery.getProxyZone().trim(), version, now, now);
        String problem = record.problem();
        if (problem != null) {
            throw new IllegalArgumentException("invalid discovery settings (advertisedUrl, proxyZone, proxyClusterName): " + problem);
        }
        self = record;
        current = merge(discovery.isProxyRegister() ? record : null, new HashMap<>(), now, ttlMillis());
        client = new ProxyRegistryClient(remoting.get(), config.getRocketmq().getAdminTimeoutMillis());
        rpcExecutor = Executors.newCachedThreadPool(ThreadUtils.newGenericThreadFactory("HttpProxyDiscoveryRpc", true));
        scheduler = Executors.newSingleThreadScheduledExecutor(ThreadUtils.newGenericThreadFactory("HttpProxyDiscovery", true));
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, 0, discovery.getProxyHeartbeatSeconds(), TimeUnit.SECONDS);
        log.info("proxy discovery: {} as {} in cluster {} (zone '{}'), heartbeat every {} s, TTL {} s",
            discovery.isProxyRegister() ? "registering " + url : "not registering, listing", proxyId,
            record.getCluster(), record.getZone(), discovery.getProxyHeartbeatSeconds(), discovery.getProxyTtlSeconds());
    }

    /**
     * Stops the heartbeats and deregisters from every nameserver, so the proxy leaves the lists at once.
     */
    public void shutdown() {
        if (stopped || scheduler == null) {
            stopped = true;
            return;
        }
        stopped = true;
        scheduler.shutdownNow();
        rpcExecutor.shutdown();
        try {
            long wait = config.getRocketmq().getAdminTimeoutMillis() * 2L;
            scheduler.awaitTermination(wait, TimeUnit.MILLISECONDS);
            rpcExecutor.awaitTermination(wait, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        rpcExecutor.shutdownNow();
        if (!discovery.isProxyRegister()) {
            return;
        }
        for (String addr : namesrvAddrs()) {
            try {
                client.unregister(addr, self);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                log.warn("could not deregister from nameserver {}: {}", addr, e.getMessage());
            }
        }
        log.info("proxy discovery: {} deregistered", self.getUrl());
    }

    /**
     * @return the live proxies as last refreshed
     */
    public LiveProxies current() {
        return current;
    }

    /**
     * @return how many proxies of the cluster are live, this one included while it registers; at least 1
     */
    public int liveProxyCount() {
        return Math.max(1, current.size());
    }

    /**
     * Calls the listener, on the discovery thread, whenever the set of live proxies changed. It must not block.
     */
    public void addListener(Consumer<LiveProxies> listener) {
        listeners.add(listener);
    }

    /**
     * @return this proxy's record (its advertised URL, id, zone), null before {@link #start}
     */
    public HttpProxyInfo self() {
        return self;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            if (!stopped) {
                log.warn("proxy discovery round failed", e);
            }
        }
    }

    /**
     * One round: register with (and list at) every nameserver in parallel, then merge.
     */
    void refresh() {
        List<String> addrs = namesrvAddrs();
        Map<String, CompletableFuture<Answer>> round = new LinkedHashMap<>();
        for (String addr : addrs) {
            round.put(addr, CompletableFuture.supplyAsync(() -> exchange(addr), rpcExecutor));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.getRocketmq().getAdminTimeoutMillis() * 3L);
        for (Map.Entry<String, CompletableFuture<Answer>> e : round.entrySet()) {
            String addr = e.getKey();
            try {
                Answer answer = e.getValue().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                answers.put(addr, answer);
                if (failing.remove(addr) != null) {
                    log.info("proxy discovery: nameserver {} answers again ({})", addr, answer.mode.source());
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception failure) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                if (failing.put(addr, Boolean.TRUE) == null) {
                    log.warn("proxy discovery: nameserver {} does not answer: {}", addr, cause.toString());
                }
            }
        }
        answers.keySet().retainAll(addrs);
        long now = clock.getAsLong();
        LiveProxies next = merge(discovery.isProxyRegister() ? self.withLastHeartbeat(Math.max(lastRegistered, self.getStartTime())) : null,
            answers, now, ttlMillis());
        LiveProxies previous = current;
        current = next;
        if (!next.ids().equals(previous.ids())) {
            log.info("proxy discovery: {} live proxies ({}): {}", next.size(), next.source(), urls(next));
            for (Consumer<LiveProxies> listener : listeners) {
                try {
                    listener.accept(next);
                } catch (RuntimeException ex) {
                    log.warn("a listener of the live proxies failed", ex);
                }
            }
        }
    }

    private Answer exchange(String addr) {
        try {
            Mode mode = null;
            if (discovery.isProxyRegister() && !stopped) {
                long now = clock.getAsLong();
                mode = client.register(addr, self.withLastHeartbeat(now));
                lastRegistered = now;
            }
            Answer answer = client.list(addr, mode, self.getCluster(), clock.getAsLong());
            if (answer.mode == Mode.KV) {
                purgeKv(addr, answer);
            }
            return answer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * A KV store keeps entries until someone deletes them: those of this proxy's earlier life (same URL,
     * another id) and those of proxies long dead go.
     */
    private void purgeKv(String addr, Answer answer) throws Exception {
        long now = clock.getAsLong();
        for (HttpProxyInfo p : answer.proxies) {
            boolean myOldSelf = discovery.isProxyRegister() && !p.getId().equals(self.getId()) && p.getUrl().equals(self.getUrl());
            boolean longDead = now - p.getLastHeartbeat() > KV_PURGE_TTLS * ttlMillis();
            if (myOldSelf || longDead) {
                client.deleteKv(addr, p.getId());
                log.info("proxy discovery: deleted the KV entry of {} ({}) at {}", p.getId(), p.getUrl(), addr);
            }
        }
    }

    /**
     * The merge described in the class comment.
     *
     * @param self this proxy's entry, or null when it does not register
     */
    static LiveProxies merge(HttpProxyInfo self, Map<String, Answer> answers, long now, long ttlMillis) {
        Map<String, HttpProxyInfo> byId = new HashMap<>();
        boolean plugin = false;
        boolean kv = false;
        for (Answer answer : answers.values()) {
            if (now - answer.answeredAt >= ttlMillis) {
                continue;
            }
            plugin |= answer.mode == Mode.PLUGIN;
            kv |= answer.mode == Mode.KV;
            for (HttpProxyInfo p : answer.proxies) {
                if (answer.mode == Mode.KV && now - p.getLastHeartbeat() >= ttlMillis) {
                    continue;
                }
                byId.merge(p.getId(), p, (a, b) -> a.getLastHeartbeat() >= b.getLastHeartbeat() ? a : b);
            }
        }
        Map<String, HttpProxyInfo> byUrl = new HashMap<>();
        if (self != null) {
            byId.remove(self.getId());
            byUrl.put(self.getUrl(), self);
        }
        for (HttpProxyInfo p : byId.values()) {
            byUrl.merge(p.getUrl(), p, (a, b) -> a == self || a.getLastHeartbeat() >= b.getLastHeartbeat() ? a : b);
        }
        List<HttpProxyInfo> merged = new ArrayList<>(byUrl.values());
        merged.sort(Comparator.comparing(HttpProxyInfo::getUrl).thenComparing(HttpProxyInfo::getId));
        String source = plugin ? HttpProxyList.SOURCE_NAMESRV_PLUGIN : kv ? HttpProxyList.SOURCE_NAMESRV_KV
            : HttpProxyList.SOURCE_STATIC;
        return new LiveProxies(merged, source, now);
    }

    private long ttlMillis() {
        return TimeUnit.SECONDS.toMillis(discovery.getProxyTtlSeconds());
    }

    private List<String> namesrvAddrs() {
        List<String> addrs = new ArrayList<>();
        String list = config.getNamesrvAddr();
        if (list != null) {
            for (String a : list.split(";")) {
                if (!a.isBlank() && !addrs.contains(a.trim())) {
                    addrs.add(a.trim());
                }
            }
        }
        return addrs;
    }

    private static List<String> urls(LiveProxies live) {
        List<String> urls = new ArrayList<>();
        for (HttpProxyInfo p : live.proxies()) {
            urls.add(p.getUrl());
        }
        return urls;
    }
}
