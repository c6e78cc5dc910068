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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Round-robin over the endpoints, skipping those marked down until their time is up. Never returns
 * nothing: when every candidate is down, the one that comes back first is used, so that a
 * cluster-wide outage is noticed to end as soon as possible. Thread-safe.
 */
public final class EndpointSelector {
    private static final long UP = Long.MIN_VALUE;

    private final List<URI> endpoints;
    private final AtomicLongArray downUntil;
    private final AtomicInteger next = new AtomicInteger();
    private final long markDownNanos;
    private final LongSupplier nanoClock;

    public EndpointSelector(List<URI> endpoints, Duration markDown, LongSupplier nanoClock) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no endpoints");
        }
        this.endpoints = new ArrayList<>(endpoints);
        this.downUntil = new AtomicLongArray(endpoints.size());
        for (int i = 0; i < endpoints.size(); i++) {
            downUntil.set(i, UP);
        }
        this.markDownNanos = markDown.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * The next endpoint in turn that is up and not in {@code avoid}; else the one of those not in
     * {@code avoid} that comes back first; else, when all are to be avoided, the one that comes
     * back first overall.
     */
    public URI select(Set<URI> avoid) {
        int size = endpoints.size();
        int start = Math.floorMod(next.getAndIncrement(), size);
        long now = nanoClock.getAsLong();
        int fallback = -1;
        for (int i = 0; i < size; i++) {
            int index = (start + i) % size;
            if (avoid.contains(endpoints.get(index))) {
                continue;
            }
            if (isUp(index, now)) {
                return endpoints.get(index);
            }
            if (fallback < 0 || downUntil.get(index) - downUntil.get(fallback) < 0) {
                fallback = index;
            }
        }
        if (fallback >= 0) {
            return endpoints.get(fallback);
        }
        int earliest = start;
        for (int i = 0; i < size; i++) {
            int index = (start + i) % size;
            if (isUp(index, now)) {
                return endpoints.get(index);
            }
            if (downUntil.get(index) - downUntil.get(earliest) < 0) {
                earliest = index;
            }
        }
        return endpoints.get(earliest);
    }

    private boolean isUp(int index, long now) {
        long until = downUntil.get(index);
        return until == UP || now - until >= 0;
    }

    public void markDown(URI endpoint) {
        int index = endpoints.indexOf(endpoint);
        if (index >= 0) {
            long until = nanoClock.getAsLong() + markDownNanos;
            downUntil.set(index, until == UP ? until + 1 : until);
        }
    }

    public boolean isDown(URI endpoint) {
        int index = endpoints.indexOf(endpoint);
        return index >= 0 && !isUp(index, nanoClock.getAsLong());
    }

    /** Whether some endpoint is not in {@code tried}. */
    public boolean hasUntried(Set<URI> tried) {
        for (URI endpoint : endpoints) {
            if (!tried.contains(endpoint)) {
                return true;
            }
        }
        return false;
    }
}
