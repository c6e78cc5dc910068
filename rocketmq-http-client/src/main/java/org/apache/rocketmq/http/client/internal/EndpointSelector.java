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
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Round-robin over the endpoints, skipping those marked down until their time is up. When every
 * candidate is down, the one that comes back first is used, so that a cluster-wide outage is noticed
 * to end as soon as possible. With a preferred zone, the endpoints of that zone take turns first and
 * the others are used only while none of them can be.
 *
 * <p>The set of endpoints can be replaced at any time ({@link #update}): an endpoint that stays keeps
 * its mark-down, one that goes is no longer chosen, and calls in flight are not touched (they hold
 * their URI). Thread-safe; {@link #select} returns null only while no endpoint is known.
 */
public final class EndpointSelector {
    private static final long UP = Long.MIN_VALUE;

    /** One endpoint and its mark-down; shared between snapshots while it stays. */
    private static final class Endpoint {
        final URI uri;
        final String zone;
        final AtomicLong downUntil;

        Endpoint(URI uri, String zone, long downUntil) {
            this.uri = uri;
            this.zone = zone;
            this.downUntil = new AtomicLong(downUntil);
        }
    }

    /** An immutable set of endpoints, all and those of the preferred zone. */
    private static final class Snapshot {
        final List<Endpoint> all;
        final List<Endpoint> preferred;
        final Map<URI, Endpoint> byUri;

        Snapshot(List<Endpoint> all, String zone) {
            this.all = all;
            List<Endpoint> inZone = new ArrayList<>();
            Map<URI, Endpoint> map = new HashMap<>();
            for (Endpoint e : all) {
                map.put(e.uri, e);
                if (zone != null && zone.equals(e.zone)) {
                    inZone.add(e);
                }
            }
            this.preferred = inZone;
            this.byUri = map;
        }
    }

    private final String zone;
    private final AtomicInteger next = new AtomicInteger();
    private final long markDownNanos;
    private final LongSupplier nanoClock;
    private volatile Snapshot snapshot;

    /**
     * A fixed set of endpoints, no zone preferred.
     */
    public EndpointSelector(List<URI> endpoints, Duration markDown, LongSupplier nanoClock) {
        this(endpoints, null, markDown, nanoClock);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no endpoints");
        }
    }

    /**
     * @param seeds the first endpoints, zone unknown; may be empty when a discovery fills them in
     * @param zone the zone to prefer, or null
     */
    public EndpointSelector(List<URI> seeds, String zone, Duration markDown, LongSupplier nanoClock) {
        this.zone = zone;
        this.markDownNanos = markDown.toNanos();
        this.nanoClock = nanoClock;
        List<Endpoint> all = new ArrayList<>();
        for (URI uri : seeds) {
            all.add(new Endpoint(uri, null, UP));
        }
        this.snapshot = new Snapshot(Collections.unmodifiableList(all), zone);
    }

    /**
     * Replaces the endpoints, in the order given, each with its zone (null when unknown).
     */
    public synchronized void update(Map<URI, String> endpointsWithZones) {
        Snapshot current = snapshot;
        List<Endpoint> all = new ArrayList<>();
        for (Map.Entry<URI, String> e : endpointsWithZones.entrySet()) {
            Endpoint known = current.byUri.get(e.getKey());
            if (known != null && Objects.equals(known.zone, e.getValue())) {
                all.add(known);
            } else {
                all.add(new Endpoint(e.getKey(), e.getValue(), known != null ? known.downUntil.get() : UP));
            }
        }
        snapshot = new Snapshot(Collections.unmodifiableList(all), zone);
    }

    /**
     * @return the current endpoints with their zones, in order
     */
    public Map<URI, String> endpoints() {
        Map<URI, String> map = new LinkedHashMap<>();
        for (Endpoint e : snapshot.all) {
            map.put(e.uri, e.zone);
        }
        return map;
    }

    /**
     * The next endpoint in turn that is up and not in {@code avoid}, of the preferred zone if one of
     * those is; else the one of those not in {@code avoid} that comes back first; else, when all are
     * to be avoided, the one that comes back first overall; null when there is no endpoint.
     */
    public URI select(Set<URI> avoid) {
        Snapshot s = snapshot;
        if (s.all.isEmpty()) {
            return null;
        }
        int turn = next.getAndIncrement();
        long now = nanoClock.getAsLong();
        if (!s.preferred.isEmpty()) {
            Endpoint e = firstUp(s.preferred, Math.floorMod(turn, s.preferred.size()), avoid, now);
            if (e != null) {
                return e.uri;
            }
        }
        int size = s.all.size();
        int start = Math.floorMod(turn, size);
        Endpoint up = firstUp(s.all, start, avoid, now);
        if (up != null) {
            return up.uri;
        }
        Endpoint fallback = null;
        for (int i = 0; i < size; i++) {
            Endpoint e = s.all.get((start + i) % size);
            if (!avoid.contains(e.uri) && (fallback == null || e.downUntil.get() - fallback.downUntil.get() < 0)) {
                fallback = e;
            }
        }
        if (fallback != null) {
            return fallback.uri;
        }
        Endpoint earliest = s.all.get(start);
        for (int i = 0; i < size; i++) {
            Endpoint e = s.all.get((start + i) % size);
            if (e.downUntil.get() - earliest.downUntil.get() < 0) {
                earliest = e;
            }
        }
        return earliest.uri;
    }

    private Endpoint firstUp(List<Endpoint> list, int start, Set<URI> avoid, long now) {
        int size = list.size();
        for (int i = 0; i < size; i++) {
            Endpoint e = list.get((start + i) % size);
            if (!avoid.contains(e.uri) && isUp(e, now)) {
                return e;
            }
        }
        return null;
    }

    private static boolean isUp(Endpoint e, long now) {
        long until = e.downUntil.get();
        return until == UP || now - until >= 0;
    }

    public void markDown(URI endpoint) {
        Endpoint e = endpoint == null ? null : snapshot.byUri.get(endpoint);
        if (e != null) {
            long until = nanoClock.getAsLong() + markDownNanos;
            e.downUntil.set(until == UP ? until + 1 : until);
        }
    }

    public boolean isDown(URI endpoint) {
        Endpoint e = endpoint == null ? null : snapshot.byUri.get(endpoint);
        return e != null && !isUp(e, nanoClock.getAsLong());
    }

    /** Whether some endpoint is up now. */
    public boolean anyUp() {
        long now = nanoClock.getAsLong();
        for (Endpoint e : snapshot.all) {
            if (isUp(e, now)) {
                return true;
            }
        }
        return false;
    }

    /** Whether some endpoint is not in {@code tried}. */
    public boolean hasUntried(Set<URI> tried) {
        for (Endpoint e : snapshot.all) {
            if (!tried.contains(e.uri)) {
                return true;
            }
        }
        return false;
    }
}
