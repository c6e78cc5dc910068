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
package org.apache.rocketmq.http.proxy.quota;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.test.RawHttpConnection;
import org.apache.rocketmq.http.proxy.test.TestCluster;
import org.junit.After;
import org.junit.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * A caller over its quota is refused while another caller, at the same time, is not touched.
 *
 * <p>The callers are told apart by address, as without ACL: the noisy one connects from 127.0.0.2 and
 * is capped at 100 messages a second; the quiet one connects from 127.0.0.1 and has no rule. On a
 * shared machine a timing assertion is only as good as its design, so:
 * <ul>
 *   <li>the quiet caller sends at a fixed pace (25 messages a second, catching up after a stall), so its
 *       throughput is the test's, and the proxy could only lower it by refusing or delaying it;</li>
 *   <li>the noisy caller offers twice its quota at a fixed pace too, so the proxy's refusals cost
 *       a bounded amount of CPU and the test measures isolation, not how a 2-core machine copes with a
 *       flood;</li>
 *   <li>the quiet caller runs all the time while the noisy one is switched on and off in alternating
 *       windows, and the quiet caller's samples are compared window kind against window kind, so a
 *       drift of the machine's load hits both sides alike.</li>
 * </ul>
 * The quiet caller must never be refused by a quota (and meet hardly any other failure), and its
 * throughput must stay within 10 % of its rate without the noisy caller; its p99 latency within 10 %, plus an allowance for the machine: the
 * larger of 5 ms and how far the quiet caller's own p99 moves between its rounds alone (one and the
 * same load, measured in the same run). On a quiet machine that is the 5 ms of scheduling jitter; on
 * a machine that other work keeps busy, every request waits for a core, and a p99 moves by more than
 * 10 % between two windows of the same load.
 */
public class QuotaIsolationIT {
    private static final Logger log = LoggerFactory.getLogger(QuotaIsolationIT.class);
    private static final String NOISY = "127.0.0.2";
    private static final int QUIET_RATE = 25;
    private static final int NOISY_CONNECTIONS = 2;
    private static final int NOISY_RATE_PER_CONNECTION = 100;
    private static final int ROUNDS = 6;
    private static final long WINDOW_MILLIS = 2000;
    private static final long WARM_UP_MILLIS = 3000;
    /** The least p99 allowance, for the scheduling jitter of a shared machine. */
    private static final double NOISE_FLOOR_MILLIS = 5;
    /** Samples sent this close after a switch are not counted for either side. */
    private static final long SETTLE_MILLIS = 300;

    private HttpProxyController proxy;
    private Path quotaFile;

    @After
    public void stop() throws IOException {
        if (proxy != null) {
            proxy.shutdown();
        }
        if (quotaFile != null) {
            Files.deleteIfExists(quotaFile);
        }
    }

    /**
     * One request of the quiet caller, in the window it was sent in: even windows without the noisy
     * caller, odd ones beside it.
     */
    private record Sample(int window, long nanos, int status, boolean quotaRefusal, String answer) {
        boolean beside() {
            return window % 2 == 1;
        }
    }

    @Test
    public void aCallerOverItsQuotaIsRefusedWhileAnotherCallerIsUntouched() throws Exception {
        String topic = TestCluster.newTopic("QuotaIsolation");
        quotaFile = Files.createTempFile("quota", ".yml");
        Files.writeString(quotaFile, "rules:\n  - clientAddress: " + NOISY + "\n    messagesPerSecond: 100\n");
        proxy = TestCluster.startProxy(c -> c.getFlowControl().setQuotaFile(quotaFile.toString()));
        String path = "/v1/topics/" + topic + "/messages";
        Map<String, String> raw = Map.of("Content-Type", "application/octet-stream");
        byte[] body = new byte[100];

        AtomicBoolean noisyOn = new AtomicBoolean();
        AtomicBoolean running = new AtomicBoolean(true);
        // -1 while warming up: not counted
        AtomicInteger window = new AtomicInteger(-1);
        long[] switchedAt = {System.nanoTime()};
        List<Sample> quiet = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger noisyOk = new AtomicInteger();
        AtomicInteger noisyRefused = new AtomicInteger();
        Map<String, Integer> retryAfters = new ConcurrentHashMap<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();

        Thread quietCaller = new Thread(() -> {
            try (RawHttpConnection c = new RawHttpConnection(proxy.port())) {
                paced(QUIET_RATE, running, () -> {
                    int w = window.get();
                    long sentAt = System.nanoTime();
                    RawHttpConnection.Response r = c.exchange("POST", path, raw, body);
                    long took = System.nanoTime() - sentAt;
                    if (w >= 0 && TimeUnit.NANOSECONDS.toMillis(sentAt - switchedAt[0]) >= SETTLE_MILLIS) {
                        quiet.add(new Sample(w, took, r.status, r.headers.containsKey("RateLimit-Limit"),
                            r.status == 200 ? "" : r.text()));
                    }
                });
            } catch (Throwable t) {
                failures.add(t);
            }
        }, "quiet-caller");
        List<Thread> noisyCallers = new ArrayList<>();
        for (int i = 0; i < NOISY_CONNECTIONS; i++) {
            noisyCallers.add(new Thread(() -> {
                try (RawHttpConnection c = new RawHttpConnection(proxy.port(), NOISY)) {
                    paced(NOISY_RATE_PER_CONNECTION, running, () -> {
                        if (!noisyOn.get()) {
                            return;
                        }
                        RawHttpConnection.Response r = c.exchange("POST", path, raw, body);
                        if (r.status == 200) {
                            noisyOk.incrementAndGet();
                        } else if (r.status == 429) {
                            noisyRefused.incrementAndGet();
                            retryAfters.merge(r.headers.get("Retry-After"), 1, Integer::sum);
                        } else {
                            throw new AssertionError("noisy caller got " + r);
                        }
                    });
                } catch (Throwable t) {
                    failures.add(t);
                }
            }, "noisy-caller-" + i));
        }

        quietCaller.start();
        noisyCallers.forEach(Thread::start);
        // warm-up, not counted: both callers' paths (sends, refusals) compiled before anything is measured, as
        // in a proxy that has been serving for a while
        Thread.sleep(1000);
        noisyOn.set(true);
        Thread.sleep(WARM_UP_MILLIS);
        noisyOn.set(false);
        Thread.sleep(WARM_UP_MILLIS);
        noisyOk.set(0);
        noisyRefused.set(0);
        retryAfters.clear();
        long noisyNanos = 0;
        for (int w = 0; w < 2 * ROUNDS; w++) {
            boolean on = w % 2 == 1;
            switchedAt[0] = System.nanoTime();
            noisyOn.set(on);
            window.set(w);
            Thread.sleep(WINDOW_MILLIS);
            if (on) {
                noisyNanos += System.nanoTime() - switchedAt[0];
            }
        }
        window.set(-1);
        noisyOn.set(false);
        running.set(false);
        quietCaller.join(10_000);
        for (Thread t : noisyCallers) {
            t.join(10_000);
        }
        assertTrue(failures.toString(), failures.isEmpty());

        List<Sample> alone = new ArrayList<>();
        List<Sample> beside = new ArrayList<>();
        List<List<Sample>> aloneHalves = List.of(new ArrayList<>(), new ArrayList<>());
        synchronized (quiet) {
            for (Sample s : quiet) {
                (s.beside() ? beside : alone).add(s);
                if (!s.beside()) {
                    aloneHalves.get(s.window / 2 % 2).add(s);
                }
            }
        }
        double seconds = ROUNDS * (WINDOW_MILLIS - SETTLE_MILLIS) / 1000.0;
        double rateAlone = alone.size() / seconds;
        double rateBeside = beside.size() / seconds;
        double p99Alone = p99Millis(alone);
        double p99Beside = p99Millis(beside);
        // how far the p99 of one and the same load moves on this machine now: alone, odd rounds against even ones
        double noise = Math.abs(p99Millis(aloneHalves.get(0)) - p99Millis(aloneHalves.get(1)));
        double allowance = Math.max(NOISE_FLOOR_MILLIS, noise);
        double noisySeconds = noisyNanos / 1e9;
        log.info("quiet caller: {} msg/s and p99 {} ms alone, {} msg/s and p99 {} ms beside the noisy caller (p99 noise "
                + "between rounds alone {} ms); noisy caller: {} accepted in {} s, {} refused, Retry-After {}",
            String.format("%.1f", rateAlone), String.format("%.2f", p99Alone), String.format("%.1f", rateBeside),
            String.format("%.2f", p99Beside), String.format("%.2f", noise), noisyOk.get(),
            String.format("%.1f", noisySeconds), noisyRefused.get(), retryAfters);

        assertTrue("the noisy caller was refused", noisyRefused.get() > 0);
        assertEquals("over 100 msg/s with a burst of 100, the wait is under a second: Retry-After 1",
            Map.of("1", noisyRefused.get()), retryAfters);
        // 100 a second, and a full bucket of 100 at the start of each of its windows (it refills while the caller is off)
        assertTrue("the noisy caller got no more than its quota: " + noisyOk.get() + " in " + noisySeconds + " s",
            noisyOk.get() <= 100 * noisySeconds + 100 * ROUNDS + NOISY_CONNECTIONS);
        assertTrue("the noisy caller got at least half of what its quota lets through: " + noisyOk.get() + " of "
                + (noisyOk.get() + noisyRefused.get()) + " in " + noisySeconds + " s",
            noisyOk.get() >= 0.5 * Math.min(noisyOk.get() + noisyRefused.get(), 100 * noisySeconds));
        List<String> otherFailures = new ArrayList<>();
        for (Sample s : quiet) {
            assertFalse("the quiet caller is never refused by a quota: " + s.answer, s.quotaRefusal);
            if (s.status != 200) {
                otherFailures.add(s.status + " " + s.answer);
            }
        }
        // a machine too busy to keep up can make the broker shed requests (its flow control, 429 without
        // RateLimit headers): they are no quota's doing, but say so
        if (!otherFailures.isEmpty()) {
            log.warn("the quiet caller met {} failures that no quota caused, e.g. {}", otherFailures.size(),
                otherFailures.get(0));
        }
        assertTrue("the quiet caller's failures: " + otherFailures, otherFailures.size() <= quiet.size() / 100);
        assertTrue("the quiet caller kept its rate: " + rateAlone + " alone, " + rateBeside + " beside",
            Math.abs(rateBeside - rateAlone) <= 0.10 * rateAlone);
        assertTrue("the quiet caller's p99: " + p99Alone + " ms alone, " + p99Beside + " ms beside, noise " + noise + " ms",
            p99Beside <= p99Alone * 1.10 + allowance);
    }

    private static double p99Millis(List<Sample> samples) {
        long[] nanos = samples.stream().mapToLong(Sample::nanos).sorted().toArray();
        if (nanos.length == 0) {
            return Double.NaN;
        }
        return nanos[Math.min(nanos.length - 1, (int) Math.ceil(nanos.length * 0.99) - 1)] / 1e6;
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /**
     * Runs a step at a fixed rate while {@code running}. Steps that fell behind (a stall of the
     * machine) are caught up at once, up to a second's worth, so the rate over a window is the
     * schedule's unless the steps themselves are slow for long.
     */
    private static void paced(int perSecond, AtomicBoolean running, Step step) throws Exception {
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long next = System.nanoTime();
        while (running.get()) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            step.run();
            next = Math.max(next + interval, System.nanoTime() - TimeUnit.SECONDS.toNanos(1));
        }
    }
}
