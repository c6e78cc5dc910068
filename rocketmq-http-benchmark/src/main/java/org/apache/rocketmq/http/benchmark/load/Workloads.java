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
package org.apache.rocketmq.http.benchmark.load;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The workloads, written once against {@link Driver}. Every loop is bounded by time: a run ends at
 * its duration plus its grace period whatever the system under test does.
 */
final class Workloads {
    private static final int MAX_ERROR_SAMPLES = 5;

    private Workloads() {
    }

    static byte[] body(int bytes, long seed) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        Random random = new Random(seed);
        byte[] body = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            body[i] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return body;
    }

    /**
     * Counts and latencies of one run, shared by its threads.
     */
    private static final class Tally {
        final Recorder latencyMicros = new Recorder(3);
        final LongAdder messages = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder unsent = new LongAdder();
        final List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());

        void error(Throwable e) {
            errors.increment();
            sample(String.valueOf(e));
        }

        /**
         * Keeps the description of an error (already counted) if there are few samples yet.
         */
        void sample(String description) {
            if (errorSamples.size() < MAX_ERROR_SAMPLES) {
                errorSamples.add(description);
            }
        }

        void recordNanos(long nanos) {
            latencyMicros.recordValue(Math.max(0, nanos / 1000));
        }

        TaskResult result(long elapsedNanos) {
            TaskResult result = new TaskResult();
            result.messages = messages.sum();
            result.errors = errors.sum();
            result.unsent = unsent.sum();
            result.elapsedNanos = elapsedNanos;
            result.histogram = encode(latencyMicros.getIntervalHistogram());
            result.errorSamples = new ArrayList<>(errorSamples);
            return result;
        }
    }

    static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    /**
     * Runs the task and adds the CPU time this JVM used for it.
     */
    static TaskResult run(Driver driver, TaskSpec spec, Driver filler) throws Exception {
        long cpuBefore = processCpuNanos();
        TaskResult result = runTask(driver, spec, filler);
        long cpuAfter = processCpuNanos();
        result.cpuNanos = cpuBefore < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpuBefore;
        return result;
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
            ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : -1;
    }

    private static TaskResult runTask(Driver driver, TaskSpec spec, Driver filler) throws Exception {
        switch (spec.kind) {
            case "produce":
                return closedLoop(driver, spec, false);
            case "batch":
                return closedLoop(driver, spec, true);
            case "open-loop":
                return openLoop(driver, spec);
            case "prefill":
                return prefill(filler, spec);
            case "consume":
                return consume(driver, spec);
            case "e2e":
                return endToEnd(driver, spec);
            default:
                throw new IllegalArgumentException("unknown task kind " + spec.kind);
        }
    }

    private static List<Thread> startThreads(String name, int count, Runnable body) {
        List<Thread> threads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(body, name + "-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        return threads;
    }

    private static void joinUntil(List<Thread> threads, long deadlineNanos) throws InterruptedException {
        for (Thread t : threads) {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(t, left);
            }
        }
    }

    private static void pause(long millis) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /**
     * {@code concurrency} threads each send, wait for the answer, and send again.
     */
    private static TaskResult closedLoop(Driver driver, TaskSpec spec, boolean batch) throws InterruptedException {
        Tally tally = new Tally();
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(spec.durationMillis);
        AtomicLong seeds = new AtomicLong();
        List<Thread> threads = startThreads("closed-loop", spec.concurrency, () -> {
            byte[] body = body(spec.bodyBytes, seeds.incrementAndGet());
            List<byte[]> bodies = Collections.nCopies(spec.batchSize, body);
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                try {
                    if (batch) {
                        int failed = driver.sendBatch(spec.topic, bodies, tally::sample);
                        tally.messages.add(bodies.size() - failed);
                        tally.errors.add(failed);
                    } else {
                        driver.send(spec.topic, body, 0);
                        tally.messages.increment();
                    }
                    tally.recordNanos(System.nanoTime() - t0);
                } catch (Exception e) {
                    if (batch) {
                        tally.errors.add(bodies.size() - 1);
                    }
                    tally.error(e);
                    pause(10);
                }
            }
        });
        joinUntil(threads, end + TimeUnit.MILLISECONDS.toNanos(spec.graceMillis));
        return tally.result(System.nanoTime() - start);
    }

    /**
     * Messages are due at a fixed rate whatever the system does; latency counts from the time a message
     * was due, so a stall shows as the queue it builds (no coordinated omission).
     */
    private static TaskResult openLoop(Driver driver, TaskSpec spec) throws InterruptedException {
        Tally tally = new Tally();
        long periodNanos = (long) (1_000_000_000L / spec.rate);
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(spec.durationMillis);
        long giveUp = end + TimeUnit.MILLISECONDS.toNanos(spec.graceMillis);
        AtomicLong slots = new AtomicLong();
        AtomicLong seeds = new AtomicLong();
        List<Thread> threads = startThreads("open-loop", spec.concurrency, () -> {
            byte[] body = body(spec.bodyBytes, seeds.incrementAndGet());
            while (true) {
                long due = start + slots.getAndIncrement() * periodNanos;
                if (due >= end) {
                    return;
                }
                long now;
                while ((now = System.nanoTime()) < due) {
                    LockSupport.parkNanos(due - now);
                }
                if (now >= giveUp) {
                    tally.unsent.increment();
                    continue;
                }
                try {
                    driver.send(spec.topic, body, 0);
                    tally.messages.increment();
                    tally.recordNanos(System.nanoTime() - due);
                } catch (Exception e) {
                    tally.error(e);
                }
            }
        });
        joinUntil(threads, giveUp + TimeUnit.SECONDS.toNanos(15));
        return tally.result(System.nanoTime() - start);
    }

    /**
     * Stores a backlog with the native client's batch send, the same way for every system.
     */
    private static TaskResult prefill(Driver filler, TaskSpec spec) throws InterruptedException {
        Tally tally = new Tally();
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(spec.durationMillis);
        AtomicLong left = new AtomicLong(spec.messages);
        List<Thread> threads = startThreads("prefill", Math.max(1, spec.concurrency), () -> {
            byte[] body = body(spec.bodyBytes, 7);
            while (System.nanoTime() < end) {
                long n = Math.min(32, left.getAndAdd(-32));
                if (n <= 0) {
                    return;
                }
                try {
                    filler.sendBatch(spec.topic, Collections.nCopies((int) n, body), tally::sample);
                    tally.messages.add(n);
                } catch (Exception e) {
                    left.addAndGet(n);
                    tally.error(e);
                    pause(50);
                }
            }
        });
        joinUntil(threads, end + TimeUnit.MILLISECONDS.toNanos(spec.graceMillis));
        return tally.result(System.nanoTime() - start);
    }

    /**
     * Receives and acks from a backlog of {@code messages} until it is drained or {@code durationMillis}
     * have passed since the first message arrived; throughput counts from the first message received to
     * the last, so client start-up is not part of it.
     */
    private static TaskResult consume(Driver driver, TaskSpec spec) throws Exception {
        Tally tally = new Tally();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        long durationNanos = TimeUnit.MILLISECONDS.toNanos(spec.durationMillis);
        long start;
        try (AutoCloseable consumer = driver.consume(spec.topic, spec.group, spec.concurrency, new Driver.MessageSink() {
            @Override
            public void acked(long sentNanos, long receivedNanos) {
                first.compareAndSet(0, receivedNanos);
                tally.messages.increment();
                last.accumulateAndGet(System.nanoTime(), Math::max);
            }

            @Override
            public void failed(Throwable error) {
                tally.error(error);
            }
        })) {
            // from when the consumer is started (the native one has its queues by then)
            start = System.nanoTime();
            long firstBy = start + TimeUnit.MILLISECONDS.toNanos(spec.graceMillis);
            while (tally.messages.sum() < spec.messages) {
                long now = System.nanoTime();
                if (first.get() == 0 ? now > firstBy : now > first.get() + durationNanos) {
                    break;
                }
                pause(5);
            }
        }
        if (first.get() == 0) {
            tally.error(new IllegalStateException("nothing received within " + spec.graceMillis + " ms"));
        }
        long elapsed = first.get() == 0 ? System.nanoTime() - start : Math.max(1, last.get() - first.get());
        return tally.result(elapsed);
    }

    /**
     * A consumer runs while messages are sent at a fixed rate; latency is from the send to the receive,
     * both read from this JVM's clock. The measurement starts after the warm-up and once the consumer
     * has received its first message (consumers take a while to get their queues); messages sent
     * before are not measured. A measured message not received within the grace period is an error.
     */
    private static TaskResult endToEnd(Driver driver, TaskSpec spec) throws Exception {
        Tally tally = new Tally();
        LongAdder expected = new LongAdder();
        AtomicLong firstReceived = new AtomicLong();
        long graceNanos = TimeUnit.MILLISECONDS.toNanos(spec.graceMillis);
        // until the measurement starts, nothing is measured and sending goes on
        AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE);
        AtomicLong end = new AtomicLong(Long.MAX_VALUE);
        try (AutoCloseable consumer = driver.consume(spec.topic, spec.group, 2, new Driver.MessageSink() {
            @Override
            public void acked(long sentNanos, long receivedNanos) {
                firstReceived.compareAndSet(0, receivedNanos);
                if (sentNanos >= measureFrom.get()) {
                    tally.recordNanos(receivedNanos - sentNanos);
                    tally.messages.increment();
                }
            }

            @Override
            public void failed(Throwable error) {
                tally.error(error);
            }
        })) {
            // sending starts once the consumer is started (the native one has its queues by then)
            long start = System.nanoTime();
            end.set(start + TimeUnit.MILLISECONDS.toNanos(spec.warmupMillis + spec.durationMillis) + graceNanos);
            long periodNanos = (long) (1_000_000_000L / spec.rate);
            AtomicLong slots = new AtomicLong();
            AtomicLong seeds = new AtomicLong();
            List<Thread> senders = startThreads("e2e-sender", spec.concurrency, () -> {
                byte[] body = body(spec.bodyBytes, seeds.incrementAndGet());
                while (true) {
                    long due = start + slots.getAndIncrement() * periodNanos;
                    if (due >= end.get()) {
                        return;
                    }
                    long now;
                    while ((now = System.nanoTime()) < due) {
                        LockSupport.parkNanos(due - now);
                    }
                    try {
                        driver.send(spec.topic, body, now);
                        if (now >= measureFrom.get()) {
                            expected.increment();
                        }
                    } catch (Exception e) {
                        tally.error(e);
                    }
                }
            });
            long warmEnd = start + TimeUnit.MILLISECONDS.toNanos(spec.warmupMillis);
            while ((System.nanoTime() < warmEnd || firstReceived.get() == 0) && System.nanoTime() < warmEnd + graceNanos) {
                pause(5);
            }
            long from = System.nanoTime();
            end.set(from + TimeUnit.MILLISECONDS.toNanos(spec.durationMillis));
            measureFrom.set(from);
            long giveUp = end.get() + graceNanos;
            joinUntil(senders, giveUp);
            while (tally.messages.sum() < expected.sum() && System.nanoTime() < giveUp) {
                pause(10);
            }
        }
        if (firstReceived.get() == 0) {
            tally.error(new IllegalStateException("the consumer received nothing during the warm-up"));
        }
        long lost = expected.sum() - tally.messages.sum();
        if (lost > 0) {
            tally.errors.add(lost - 1);
            tally.error(new IllegalStateException(lost + " messages sent but not received within the grace period"));
        }
        return tally.result(TimeUnit.MILLISECONDS.toNanos(spec.durationMillis));
    }
}
