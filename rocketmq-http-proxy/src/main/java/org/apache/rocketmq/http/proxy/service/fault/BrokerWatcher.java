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
package org.apache.rocketmq.http.proxy.service.fault;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.utils.ThreadUtils;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows which brokers are registered at the nameserver: it asks every interval, and soon after a
 * broker failed (the nameserver may know already). When the set changed it tells its listeners (which
 * reload routes), gives a broker that (re)registered its next request at once, and remembers a broker
 * that left, with the topics it served then, so that it can still be named as unreachable after the
 * routes forgot it. A broker killed outright leaves the nameserver's view as soon as its connection to
 * the nameserver breaks; one that is cut off without a broken connection stays for up to two minutes
 * (the nameserver's own expiry), during which the {@link BrokerFaultTolerance} keeps requests away.
 */
public final class BrokerWatcher {
    private static final Logger log = LoggerFactory.getLogger(BrokerWatcher.class);
    /** How long a broker that left is still named as unreachable for its topics. */
    static final long DEPARTED_MEMORY_MILLIS = TimeUnit.MINUTES.toMillis(10);

    /**
     * A broker that left the nameserver's view: when, and the topics it served then.
     */
    private record Departure(long at, Set<String> topics) {
    }

    private final Callable<ClusterInfo> clusterInfo;
    private final BrokerFaultTolerance faults;
    private final Function<String, Set<String>> topicsOfBroker;
    private final long intervalMillis;
    private final LongSupplier clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Departure> departed = new ConcurrentHashMap<>();
    private final AtomicBoolean checkQueued = new AtomicBoolean();
    /** Broker name to master address, as the nameserver listed them at the last check; touched by the watcher's thread only. */
    private Map<String, String> registered;
    private volatile ScheduledExecutorService executor;

    /**
     * @param clusterInfo asks the nameserver for the registered brokers (a blocking call)
     * @param topicsOfBroker the cached topics whose route names the given broker
     * @param clock the current time in milliseconds
     */
    public BrokerWatcher(Callable<ClusterInfo> clusterInfo, BrokerFaultTolerance faults,
        Function<String, Set<String>> topicsOfBroker, long intervalMillis, LongSupplier clock) {
        this.clusterInfo = clusterInfo;
        this.faults = faults;
        this.topicsOfBroker = topicsOfBroker;
        this.intervalMillis = intervalMillis;
        this.clock = clock;
    }

    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(ThreadUtils.newGenericThreadFactory("HttpProxyBrokerWatch", true));
        executor.scheduleWithFixedDelay(this::check, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    public void shutdown() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /**
     * Registers a task run on the watcher's thread whenever the registered brokers changed.
     */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * Asks for a check soon, e.g. because a broker failed.
     */
    public void checkSoon() {
        ScheduledExecutorService e = executor;
        if (e != null && checkQueued.compareAndSet(false, true)) {
            try {
                e.execute(this::check);
            } catch (RejectedExecutionException stopping) {
                checkQueued.set(false);
            }
        }
    }

    /**
     * @return the names of the brokers that served the topic when they left the nameserver's view and
     *     have not registered again, sorted
     */
    public List<String> departedBrokers(String topic) {
        List<String> names = new ArrayList<>();
        departed.forEach((name, departure) -> {
            if (departure.topics().contains(topic)) {
                names.add(name);
            }
        });
        names.sort(null);
        return names;
    }

    /**
     * Compares the registered brokers with those of the last check; runs on the watcher's thread.
     */
    void check() {
        checkQueued.set(false);
        Map<String, String> now;
        try {
            now = masters(clusterInfo.call());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            log.debug("broker check: the nameserver did not answer ({})", e.toString());
            return;
        }
        long at = clock.getAsLong();
        departed.values().removeIf(d -> at - d.at() > DEPARTED_MEMORY_MILLIS);
        Map<String, String> before = registered;
        registered = now;
        if (before == null || before.equals(now)) {
            return;
        }
        before.forEach((name, addr) -> {
            if (!addr.equals(now.get(name))) {
                Set<String> topics = topicsOfBroker.apply(name);
                departed.put(name, new Departure(at, topics));
                log.warn("broker {} at {} left the nameserver's view; it served {} of the cached topics", name, addr,
                    topics.size());
            }
        });
        now.forEach((name, addr) -> {
            if (!addr.equals(before.get(name))) {
                departed.remove(name);
                faults.retryNow(addr);
                log.info("broker {} at {} is registered at the nameserver", name, addr);
            }
        });
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.warn("a listener of broker changes failed", e);
            }
        }
    }

    private static Map<String, String> masters(ClusterInfo info) {
        Map<String, String> masters = new HashMap<>();
        if (info != null && info.getBrokerAddrTable() != null) {
            for (BrokerData bd : info.getBrokerAddrTable().values()) {
                String addr = bd.getBrokerAddrs().get(MixAll.MASTER_ID);
                if (addr != null) {
                    masters.put(bd.getBrokerName(), addr);
                }
            }
        }
        return masters;
    }
}
