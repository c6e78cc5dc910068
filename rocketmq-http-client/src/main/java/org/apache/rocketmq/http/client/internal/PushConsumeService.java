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

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.rocketmq.http.client.ConsumeResult;
import org.apache.rocketmq.http.client.HttpSimpleConsumer;
import org.apache.rocketmq.http.client.MessageListener;
import org.apache.rocketmq.http.client.ReceivedMessage;

/**
 * The machinery of a push consumer: long-poll loops feed a bounded pool of handler threads; each
 * handled message is acked or nacked. A semaphore bounds the messages received and not yet settled,
 * so that messages do not wait in memory while their invisibility runs out.
 */
public final class PushConsumeService {
    private static final System.Logger LOG = System.getLogger(PushConsumeService.class.getName());
    private static final long POLL_PAUSE_MAX_MILLIS = 30_000;

    private final HttpSimpleConsumer consumer;
    private final MessageListener listener;
    private final PushSettings settings;
    private final Duration requestTimeout;
    private final Semaphore capacity;
    private final ThreadPoolExecutor handlers;
    private final List<Thread> pollers = new ArrayList<>();
    /** FIFO mode: the received messages of each queue, the head being handled; guarded by itself. */
    private final Map<String, ArrayDeque<ReceivedMessage>> queues = new HashMap<>();
    private final Set<CompletableFuture<?>> settling = ConcurrentHashMap.newKeySet();
    private final Set<Thread> handlerThreads = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicBoolean shutdownStarted = new AtomicBoolean();
    private volatile boolean stopping;

    public PushConsumeService(HttpSimpleConsumer consumer, MessageListener listener, PushSettings settings,
        Duration requestTimeout) {
        this.consumer = consumer;
        this.listener = listener;
        this.settings = settings.copy();
        this.requestTimeout = requestTimeout;
        this.capacity = new Semaphore(settings.maxInFlightMessages);
        NamedThreadFactory handlerThreadFactory = new NamedThreadFactory("rocketmq-http-push-handler");
        this.handlers = new ThreadPoolExecutor(settings.consumptionThreads, settings.consumptionThreads, 0L,
            TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
                Thread thread = handlerThreadFactory.newThread(task);
                handlerThreads.add(thread);
                return thread;
            });
        NamedThreadFactory pollerThreads = new NamedThreadFactory("rocketmq-http-push-poller");
        for (int i = 0; i < settings.pollingThreads; i++) {
            pollers.add(pollerThreads.newThread(this::pollLoop));
        }
    }

    public void start() {
        pollers.forEach(Thread::start);
    }

    public boolean isStopping() {
        return stopping;
    }

    private void pollLoop() {
        int failures = 0;
        while (!stopping) {
            int permits = acquireCapacity();
            if (permits == 0) {
                return;
            }
            List<ReceivedMessage> messages;
            try {
                messages = consumer.receive(permits, settings.invisibleDuration, settings.waitDuration);
                failures = 0;
            } catch (RuntimeException e) {
                capacity.release(permits);
                if (stopping) {
                    return;
                }
                failures++;
                long pause = Math.min(POLL_PAUSE_MAX_MILLIS, 1000L << Math.min(failures - 1, 5));
                // a throttled or overloaded proxy says when to come back: never sooner
                pause = Math.max(pause, Math.min(POLL_PAUSE_MAX_MILLIS,
                    ErrorMapper.retryAfterOf(e).map(Duration::toMillis).orElse(0L)));
                LOG.log(System.Logger.Level.WARNING, "receive from {0} for {1} failed ({2} in a row), next try in {3} ms: {4}",
                    consumer.topic(), consumer.group(), failures, pause, e.getMessage());
                pause(pause);
                continue;
            }
            if (messages.size() < permits) {
                capacity.release(permits - messages.size());
            } else if (messages.size() > permits) {
                capacity.tryAcquire(messages.size() - permits);
            }
            if (stopping) {
                messages.forEach(message -> nack(message, Duration.ZERO));
            } else {
                dispatch(messages);
            }
        }
    }

    /** Blocks until at least one message fits, then takes up to a batch; 0 when stopping. */
    private int acquireCapacity() {
        try {
            while (!stopping) {
                if (capacity.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    int permits = 1;
                    while (permits < settings.receiveBatchSize && capacity.tryAcquire()) {
                        permits++;
                    }
                    return permits;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private void pause(long millis) {
        try {
            stopSignal.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dispatch(List<ReceivedMessage> messages) {
        if (!consumer.isFifo()) {
            for (ReceivedMessage message : messages) {
                submit(() -> handleOne(message), () -> nack(message, Duration.ZERO));
            }
            return;
        }
        // The unit of order is the queue, not the message group: after a nack the broker hands the
        // queue out again from the first message not acked, with every message behind it, whatever
        // its group. Were groups of one queue handled in parallel, a failure in one would bring back
        // messages of the others that were already handled, behind their successors. So a queue's
        // messages go to the listener one at a time, and queues run in parallel.
        // The whole batch is queued before any queue starts, so that a failure early in a queue
        // releases the messages behind it instead of racing with their arrival.
        List<String> started = new ArrayList<>();
        synchronized (queues) {
            for (ReceivedMessage message : messages) {
                String key = message.brokerName() + ":" + message.queueId();
                ArrayDeque<ReceivedMessage> queue = queues.computeIfAbsent(key, k -> new ArrayDeque<>());
                if (queue.isEmpty()) {
                    started.add(key);
                }
                queue.addLast(message);
            }
        }
        for (String key : started) {
            submit(() -> drainQueue(key), () -> releaseQueue(key, Duration.ZERO));
        }
    }

    private void submit(Runnable task, Runnable onRejected) {
        try {
            handlers.execute(task);
        } catch (RejectedExecutionException e) {
            onRejected.run();
        }
    }

    private void handleOne(ReceivedMessage message) {
        if (stopping) {
            nack(message, Duration.ZERO);
            return;
        }
        settle(message, invoke(message));
    }

    /** Hands the received messages of one queue to the listener one at a time, in order. */
    private void drainQueue(String key) {
        while (true) {
            ReceivedMessage message;
            synchronized (queues) {
                message = queues.get(key).peekFirst();
            }
            if (stopping) {
                releaseQueue(key, Duration.ZERO);
                return;
            }
            if (invoke(message) == ConsumeResult.FAILURE) {
                // Nothing behind the failed message may overtake it: release it and the rest together,
                // which is exactly what the broker will hand out again.
                releaseQueue(key, settings.nackDelay(message.deliveryAttempt()));
                return;
            }
            settle(message, ConsumeResult.SUCCESS);
            synchronized (queues) {
                ArrayDeque<ReceivedMessage> queue = queues.get(key);
                queue.pollFirst();
                if (queue.isEmpty()) {
                    queues.remove(key);
                    return;
                }
            }
        }
    }

    private void releaseQueue(String key, Duration delay) {
        List<ReceivedMessage> rest;
        synchronized (queues) {
            ArrayDeque<ReceivedMessage> queue = queues.remove(key);
            rest = queue == null ? new ArrayList<>() : new ArrayList<>(queue);
        }
        rest.forEach(message -> nack(message, delay));
    }

    private ConsumeResult invoke(ReceivedMessage message) {
        try {
            ConsumeResult result = listener.consume(message);
            return result == null ? ConsumeResult.FAILURE : result;
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "listener failed on message " + message.messageId(), t);
            return ConsumeResult.FAILURE;
        }
    }

    private void settle(ReceivedMessage message, ConsumeResult result) {
        if (result == ConsumeResult.SUCCESS) {
            track(message, "ack", () -> consumer.ackAsync(message));
        } else {
            nack(message, settings.nackDelay(message.deliveryAttempt()));
        }
    }

    private void nack(ReceivedMessage message, Duration delay) {
        track(message, "nack", () -> consumer.changeInvisibleDurationAsync(message.receiptHandle(), delay));
    }

    /** Runs an ack or nack; its permit is released when it is done, whatever the outcome. */
    private void track(ReceivedMessage message, String what, Supplier<CompletableFuture<?>> action) {
        CompletableFuture<?> future;
        try {
            future = action.get();
        } catch (RuntimeException e) {
            capacity.release();
            LOG.log(System.Logger.Level.WARNING, "could not " + what + " message " + message.messageId(), e);
            return;
        }
        settling.add(future);
        future.whenComplete((ignored, failure) -> {
            settling.remove(future);
            capacity.release();
            if (failure != null) {
                LOG.log(System.Logger.Level.WARNING, "{0} of message {1} failed, it will be delivered again: {2}",
                    what, message.messageId(), failure.getMessage());
            }
        });
    }

    /**
     * Stops polling, lets running handlers finish (bounded), acks what they finished, nacks what was
     * received and not started, and closes the consumer. Returns within about the shutdown timeout
     * plus the request timeout; a call while another one is running waits for it. Called from a
     * listener, which cannot wait for its own return, it only starts the shutdown, which then goes on
     * on a thread of its own and settles that listener's message too.
     */
    public void shutdown() {
        boolean fromListener = handlerThreads.contains(Thread.currentThread());
        if (!shutdownStarted.compareAndSet(false, true)) {
            if (!fromListener) {
                awaitTermination();
            }
            return;
        }
        stopping = true;
        stopSignal.countDown();
        if (fromListener) {
            new NamedThreadFactory("rocketmq-http-push-shutdown").newThread(this::completeShutdown).start();
            return;
        }
        completeShutdown();
    }

    private void awaitTermination() {
        try {
            terminated.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void completeShutdown() {
        long deadline = System.nanoTime() + settings.shutdownTimeout.toNanos();
        try {
            for (Thread poller : pollers) {
                poller.join(Math.max(1, remainingMillis(deadline)));
            }
            handlers.shutdown();
            if (!handlers.awaitTermination(remainingMillis(deadline), TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "handlers still running after {0}; their messages become visible "
                    + "again when their invisible duration ends", settings.shutdownTimeout);
                // Tasks that never started only nack, now that stopping is set.
                handlers.shutdownNow().forEach(Runnable::run);
            }
            long settleMillis = Math.max(remainingMillis(deadline), requestTimeout.toMillis());
            CompletableFuture.allOf(settling.toArray(new CompletableFuture<?>[0])).get(settleMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "not every ack or nack completed before close", e);
        } finally {
            handlers.shutdownNow();
            consumer.close();
            terminated.countDown();
        }
    }

    private static long remainingMillis(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }
}
