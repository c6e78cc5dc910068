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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Threads that call a receive-and-ack step in a loop until closed: the consumer of the clients that
 * pull (HTTP, gRPC). A failed step is reported and retried after a short pause.
 */
final class PollingConsumer implements AutoCloseable {
    /**
     * One receive and the acks of what it returned.
     */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private final List<Thread> threads = new ArrayList<>();
    private final long maxStepMillis;
    private volatile boolean running = true;

    PollingConsumer(String name, int count, long maxStepMillis, Step step, Driver.MessageSink sink) {
        this.maxStepMillis = maxStepMillis;
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(() -> {
                while (running) {
                    try {
                        step.run();
                    } catch (Exception e) {
                        if (running) {
                            sink.failed(e);
                            sleepQuietly(50);
                        }
                    }
                }
            }, name + "-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    private static void sleepQuietly(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        long deadline = System.currentTimeMillis() + maxStepMillis;
        for (Thread t : threads) {
            t.join(Math.max(1, deadline - System.currentTimeMillis()));
        }
    }
}
