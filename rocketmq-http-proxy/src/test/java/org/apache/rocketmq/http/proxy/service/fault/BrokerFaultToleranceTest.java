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

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics;
import org.apache.rocketmq.http.proxy.service.fault.BrokerFaultTolerance.Access;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

public class BrokerFaultToleranceTest {
    private static final String A = "127.0.0.1:10911";
    private static final String B = "127.0.0.1:10921";

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicInteger newFaults = new AtomicInteger();
    private final ProxyMetrics metrics = new ProxyMetrics();
    private final BrokerFaultTolerance faults = new BrokerFaultTolerance(1000, 8000, nanos::get, metrics,
        newFaults::incrementAndGet);

    private void advanceMillis(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private long metric(String name) {
        for (String line : metrics.scrape().split("\n")) {
            if (line.startsWith(name + " ")) {
                return (long) Double.parseDouble(line.substring(name.length() + 1));
            }
        }
        throw new AssertionError(name + " not exposed");
    }

    /** Milliseconds until the failed broker of a probe that just failed may be probed again. */
    private long backoffAfterFailedProbe() {
        long waited = 0;
        while (faults.access(A) != Access.PROBE) {
            advanceMillis(100);
            waited += 100;
        }
        faults.onFailure(A);
        long backoff = 0;
        while (faults.access(A) == Access.SKIPPED) {
            advanceMillis(100);
            backoff += 100;
        }
        faults.onFailure(A);
        return backoff;
    }

    @Test
    public void healthyBrokerIsAllowed() {
        assertEquals(Access.ALLOWED, faults.access(A));
        faults.onSuccess(A);
        assertEquals(Access.ALLOWED, faults.access(A));
        assertFalse(faults.isFaulty(A));
    }

    @Test
    public void failedBrokerIsSkippedDuringItsBackoffAndThenProbedByOneRequestAtATime() {
        faults.onFailure(A);
        assertTrue(faults.isFaulty(A));
        assertEquals("another broker is not affected", Access.ALLOWED, faults.access(B));
        for (int i = 0; i < 100; i++) {
            assertEquals(Access.SKIPPED, faults.access(A));
        }
        advanceMillis(999);
        assertEquals(Access.SKIPPED, faults.access(A));
        advanceMillis(1);
        assertEquals("the first request after the back-off probes", Access.PROBE, faults.access(A));
        for (int i = 0; i < 100; i++) {
            assertEquals("while the probe is out, the others keep skipping", Access.SKIPPED, faults.access(A));
        }
        assertEquals(201, metric("rocketmq_http_broker_skips_total"));
        assertEquals(1, metric("rocketmq_http_broker_failures_total"));
    }

    @Test
    public void successfulProbeMakesTheBrokerHealthyAgain() {
        faults.onFailure(A);
        advanceMillis(1000);
        assertEquals(Access.PROBE, faults.access(A));
        faults.onSuccess(A);
        assertFalse(faults.isFaulty(A));
        assertEquals(Access.ALLOWED, faults.access(A));
        assertEquals(Access.ALLOWED, faults.access(A));
        assertEquals(0, faults.faultyBrokers());
    }

    @Test
    public void eachFailedProbeDoublesTheBackoffUpToTheMaximum() {
        faults.onFailure(A);
        assertEquals(2000, backoffAfterFailedProbe());
        assertEquals(8000, backoffAfterFailedProbe());
        assertEquals(8000, backoffAfterFailedProbe());
    }

    @Test
    public void failuresOfRequestsSentBeforeTheFaultWasKnownDoNotLengthenTheBackoff() {
        // six long polls were waiting on the broker when it died: all six fail at once
        for (int i = 0; i < 6; i++) {
            faults.onFailure(A);
        }
        assertEquals("one new fault, however many requests saw it", 1, newFaults.get());
        advanceMillis(1000);
        assertEquals(Access.PROBE, faults.access(A));
    }

    @Test
    public void noRequestGoesToADeadBrokerMoreOftenThanItsBackoffAllows() {
        faults.onFailure(A);
        int asked = 0;
        // a busy proxy: a request every 10 ms for a minute, each probe failing at once
        for (int t = 0; t < 60_000; t += 10) {
            if (faults.access(A) != Access.SKIPPED) {
                asked++;
                faults.onFailure(A);
            }
            advanceMillis(10);
        }
        // probes after 1 s, 2 s, 4 s, then every 8 s: 1 + 2 + 4 + 8 * k <= 60
        assertTrue("asked " + asked + " times", asked >= 8 && asked <= 10);
    }

    @Test
    public void retryNowEndsTheBackoffForTheNextRequest() {
        faults.onFailure(A);
        faults.retryNow(A);
        assertEquals(Access.PROBE, faults.access(A));
        assertEquals(Access.SKIPPED, faults.access(A));
        faults.retryNow(B);
        assertEquals("a healthy broker stays healthy", Access.ALLOWED, faults.access(B));
    }

    @Test
    public void probeThatNeverReportsIsTakenAsLost() {
        faults.onFailure(A);
        advanceMillis(1000);
        assertEquals(Access.PROBE, faults.access(A));
        advanceMillis(59_000);
        assertEquals(Access.SKIPPED, faults.access(A));
        advanceMillis(1000);
        assertEquals(Access.PROBE, faults.access(A));
    }

    @Test
    public void newFaultIsReportedOncePerFailure() {
        faults.onFailure(A);
        faults.onFailure(B);
        assertEquals(2, newFaults.get());
        assertEquals(2, faults.faultyBrokers());
        faults.onSuccess(A);
        faults.onFailure(A);
        assertEquals(3, newFaults.get());
    }

    @Test(expected = IllegalArgumentException.class)
    public void backoffMustNotExceedItsMaximum() {
        new BrokerFaultTolerance(2000, 1000, nanos::get, metrics, () -> { });
    }
}
