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
package org.apache.rocketmq.http.proxy.service;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A small cache of asynchronously loaded values: one load in flight per key, values kept for a
 * while and then refreshed in the background (the stale value is served meanwhile), "does not exist"
 * answers kept briefly so a flood of requests for a missing name does not reach the nameserver or
 * broker each time, and other failures not kept at all. Bounded: it starts afresh when full.
 */
final class AsyncLoadingCache<V> {
    private final Function<String, CompletableFuture<V>> loader;
    private final Predicate<Throwable> isNotFound;
    private final long ttlMillis;
    private final long notFoundTtlMillis;
    private final int maxEntries;
    private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();

    AsyncLoadingCache(Function<String, CompletableFuture<V>> loader, Predicate<Throwable> isNotFound, long ttlMillis,
        long notFoundTtlMillis, int maxEntries) {
        this.loader = loader;
        this.isNotFound = isNotFound;
        this.ttlMillis = ttlMillis;
        this.notFoundTtlMillis = notFoundTtlMillis;
        this.maxEntries = maxEntries;
    }

    CompletableFuture<V> get(String key) {
        long now = System.currentTimeMillis();
        Entry<V> entry = entries.get(key);
        if (entry != null) {
            if (!entry.future.isDone()) {
                return entry.future;
            }
            boolean found = !entry.future.isCompletedExceptionally();
            if (now - entry.loadedAt < (found ? ttlMillis : notFoundTtlMillis)) {
                return entry.future;
            }
            if (found) {
                if (entry.refreshing.compareAndSet(false, true)) {
                    refresh(key, entry);
                }
                return entry.future;
            }
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        Entry<V> fresh = new Entry<>(loader.apply(key), now);
        Entry<V> winner = entries.merge(key, fresh, (old, neu) -> old == entry ? neu : old);
        winner.future.whenComplete((v, t) -> {
            if (t != null && !isNotFound.test(t)) {
                entries.remove(key, winner);
            }
        });
        return winner.future;
    }

    void invalidate(String key) {
        entries.remove(key);
    }

    /**
     * Reloads every value now, in the background; the current values are served until their new ones
     * are there.
     */
    void refreshAll() {
        entries.forEach((key, entry) -> {
            if (isLoaded(entry) && entry.refreshing.compareAndSet(false, true)) {
                refresh(key, entry);
            }
        });
    }

    /**
     * Passes every loaded value, as it is now, to {@code action}.
     */
    void forEachLoaded(BiConsumer<String, V> action) {
        entries.forEach((key, entry) -> {
            if (isLoaded(entry)) {
                action.accept(key, entry.future.join());
            }
        });
    }

    private static boolean isLoaded(Entry<?> entry) {
        return entry.future.isDone() && !entry.future.isCompletedExceptionally();
    }

    private void refresh(String key, Entry<V> stale) {
        CompletableFuture<V> next;
        try {
            next = loader.apply(key);
        } catch (RuntimeException e) {
            // e.g. the loading pool is full: the stale value stays and the next request tries again
            stale.refreshing.set(false);
            return;
        }
        next.whenComplete((v, t) -> {
            if (t == null) {
                entries.replace(key, stale, new Entry<>(CompletableFuture.completedFuture(v), System.currentTimeMillis()));
            } else if (isNotFound.test(t)) {
                entries.replace(key, stale, new Entry<>(next, System.currentTimeMillis()));
            } else {
                stale.refreshing.set(false);
            }
        });
    }

    private static final class Entry<V> {
        final CompletableFuture<V> future;
        final long loadedAt;
        final AtomicBoolean refreshing = new AtomicBoolean();

        Entry(CompletableFuture<V> future, long loadedAt) {
            this.future = future;
            this.loadedAt = loadedAt;
        }
    }
}
