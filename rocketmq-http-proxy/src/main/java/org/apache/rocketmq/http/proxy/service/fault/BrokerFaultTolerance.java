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

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which brokers the proxy may ask now. A broker that could not be reached or did not answer is left
 * alone for a back-off, doubled with each failed retry up to a maximum. When the back-off is over, one
 * request alone, the probe, asks the broker again while all others keep skipping it until the probe
 * has its answer. So a dead broker costs one request per back-off, however many clients are waiting,
 * and a broker that is back is used again as soon as a probe got through.
 *
 * <p>The idea of RocketMQ's {@code LatencyFaultToleranceImpl} (the producer's latency fault
 * tolerance), but driven by failures only: long polls are slow on purpose, so latency says nothing
 * here. Keyed by broker address; thread-safe. Every caller that was let through reports the outcome
 * with {@link #onSuccess} or {@link #onFailure}.
 */
public final class BrokerFaultTolerance {
    private static final Logger log = LoggerFactory.getLogger(BrokerFaultTolerance.class);
    /** A probe that has not reported after this long is taken as lost, so another one may go. */
    private static final long PROBE_LEASE_NANOS = TimeUnit.SECONDS.toNanos(60);

    /**
     * What a request to a broker may do now.
     */
    public enum Access {
        /** The broker is healthy: ask it. */
        ALLOWED,
        /** The broker failed and its back-off is over: this request alone asks it again, and should be quick. */
        PROBE,
        /** The broker is backing off or being probed by another request: do not ask it. */
        SKIPPED
    }

    /**
     * The state of a broker that failed: consecutive failures, when a probe may go, and whether one is
     * out (since when).
     */
    private record Fault(int failures, long retryAt, boolean probing, long probeSince) {
    }

    private final long initialBackoffNanos;
    private final long maxBackoffNanos;
    private final LongSupplier nanoClock;
    private final ProxyMetrics metrics;
    private final Runnable onNewFault;
    private final ConcurrentHashMap<String, Fault> faults = new ConcurrentHashMap<>();

    /**
     * @param onNewFault called when a healthy broker fails, e.g. to ask the nameserver whether it is gone
     */
    public BrokerFaultTolerance(long initialBackoffMillis, long maxBackoffMillis, LongSupplier nanoClock,
        ProxyMetrics metrics, Runnable onNewFault) {
        if (initialBackoffMillis <= 0 || maxBackoffMillis < initialBackoffMillis) {
            throw new IllegalArgumentException("need 0 < brokerFaultBackoffMillis <= brokerFaultMaxBackoffMillis: "
                + initialBackoffMillis + ", " + maxBackoffMillis);
        }
        this.initialBackoffNanos = TimeUnit.MILLISECONDS.toNanos(initialBackoffMillis);
        this.maxBackoffNanos = TimeUnit.MILLISECONDS.toNanos(maxBackoffMillis);
        this.nanoClock = nanoClock;
        this.metrics = metrics;
        this.onNewFault = onNewFault;
    }

    /**
     * Decides whether a request may go to the broker now. A caller answered {@link Access#PROBE} must
     * report the outcome, or no other request asks the broker until the probe's lease runs out.
     */
    public Access access(String addr) {
        if (faults.isEmpty() || !faults.containsKey(addr)) {
            return Access.ALLOWED;
        }
        Access[] access = {Access.SKIPPED};
        faults.computeIfPresent(addr, (k, f) -> {
            long now = nanoClock.getAsLong();
            if (now - f.retryAt >= 0 && (!f.probing || now - f.probeSince >= PROBE_LEASE_NANOS)) {
                access[0] = Access.PROBE;
                return new Fault(f.failures, f.retryAt, true, now);
            }
            return f;
        });
        if (access[0] == Access.SKIPPED) {
            metrics.brokerSkipped();
        }
        return access[0];
    }

    /**
     * The broker answered (whatever the answer said): it is healthy.
     */
    public void onSuccess(String addr) {
        if (!faults.isEmpty() && faults.remove(addr) != null) {
            log.info("broker {} answers again", addr);
        }
    }

    /**
     * The broker could not be reached or did not answer. A healthy broker starts backing off; a failed
     * probe doubles the back-off; a failure of a request sent before the broker was known to fail
     * changes nothing.
     */
    public void onFailure(String addr) {
        metrics.brokerFailed();
        boolean[] fresh = {false};
        Fault fault = faults.compute(addr, (k, f) -> {
            long now = nanoClock.getAsLong();
            if (f == null) {
                fresh[0] = true;
                return new Fault(1, now + initialBackoffNanos, false, 0);
            }
            if (f.probing) {
                return new Fault(f.failures + 1, now + backoffNanos(f.failures + 1), false, 0);
            }
            if (now - f.retryAt >= 0) {
                return new Fault(f.failures, now + backoffNanos(f.failures), false, 0);
            }
            return f;
        });
        if (fresh[0]) {
            log.warn("broker {} does not answer; skipped for {} ms, then tried again", addr,
                TimeUnit.NANOSECONDS.toMillis(initialBackoffNanos));
            onNewFault.run();
        } else if (log.isDebugEnabled()) {
            log.debug("broker {} still does not answer after {} attempts", addr, fault.failures);
        }
    }

    /**
     * Ends a broker's back-off at once, e.g. because it registered at the nameserver again: the next
     * request probes it.
     */
    public void retryNow(String addr) {
        faults.computeIfPresent(addr, (k, f) -> f.probing ? f : new Fault(f.failures, nanoClock.getAsLong(), false, 0));
    }

    /**
     * @return whether the broker failed and has not answered since
     */
    public boolean isFaulty(String addr) {
        return !faults.isEmpty() && faults.containsKey(addr);
    }

    /**
     * @return how many brokers failed and have not answered since
     */
    public int faultyBrokers() {
        return faults.size();
    }

    private long backoffNanos(int failures) {
        long backoff = initialBackoffNanos;
        for (int i = 1; i < failures && backoff < maxBackoffNanos; i++) {
            backoff *= 2;
        }
        return Math.min(backoff, maxBackoffNanos);
    }
}
