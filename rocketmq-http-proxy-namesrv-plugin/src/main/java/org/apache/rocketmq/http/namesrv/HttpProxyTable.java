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

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.rocketmq.http.namesrv.protocol.HttpProxyInfo;

/**
 * The live proxies, in memory: keyed by cluster and id, stamped with this nameserver's clock on every
 * heartbeat, gone once a heartbeat is {@code ttlMillis} overdue. Bounded: a new proxy beyond
 * {@code maxProxies} is refused. A registration replaces an entry of the same cluster and URL under
 * another id: a proxy that restarted on the same address. Thread-safe.
 */
public final class HttpProxyTable {
    private static final Comparator<HttpProxyInfo> ORDER = Comparator.comparing(HttpProxyInfo::getCluster)
        .thenComparing(HttpProxyInfo::getUrl).thenComparing(HttpProxyInfo::getId);

    private final long ttlMillis;
    private final int maxProxies;
    private final LongSupplier clock;
    private final Map<String, HttpProxyInfo> entries = new HashMap<>();

    public HttpProxyTable(long ttlMillis, int maxProxies, LongSupplier clock) {
        if (ttlMillis <= 0 || maxProxies <= 0) {
            throw new IllegalArgumentException("ttl and maximum size must be positive");
        }
        this.ttlMillis = ttlMillis;
        this.maxProxies = maxProxies;
        this.clock = clock;
    }

    /**
     * Adds the proxy or refreshes its heartbeat.
     *
     * @return false when the table is full and the proxy is not in it yet
     */
    public synchronized boolean register(HttpProxyInfo proxy) {
        long now = clock.getAsLong();
        expire(now);
        String key = key(proxy.getCluster(), proxy.getId());
        if (!entries.containsKey(key)) {
            entries.values().removeIf(e -> e.getCluster().equals(proxy.getCluster()) && e.getUrl().equals(proxy.getUrl()));
            if (entries.size() >= maxProxies) {
                return false;
            }
        }
        entries.put(key, proxy.withLastHeartbeat(now));
        return true;
    }

    /**
     * @return whether the proxy was in the table
     */
    public synchronized boolean unregister(String cluster, String id) {
        return entries.remove(key(cluster, id)) != null;
    }

    /**
     * @param cluster only proxies of this cluster, or all when null
     * @return the live proxies, ordered by cluster, URL and id
     */
    public synchronized List<HttpProxyInfo> list(String cluster) {
        expire(clock.getAsLong());
        List<HttpProxyInfo> live = new ArrayList<>();
        for (HttpProxyInfo e : entries.values()) {
            if (cluster == null || cluster.equals(e.getCluster())) {
                live.add(e);
            }
        }
        live.sort(ORDER);
        return live;
    }

    public synchronized int size() {
        return entries.size();
    }

    /**
     * Drops the entries whose heartbeat is overdue.
     *
     * @return how many were dropped
     */
    public synchronized int expire() {
        return expire(clock.getAsLong());
    }

    private int expire(long now) {
        int removed = 0;
        for (Iterator<HttpProxyInfo> it = entries.values().iterator(); it.hasNext(); ) {
            if (now - it.next().getLastHeartbeat() >= ttlMillis) {
                it.remove();
                removed++;
            }
        }
        return removed;
    }

    private static String key(String cluster, String id) {
        return cluster + '\n' + id;
    }
}
