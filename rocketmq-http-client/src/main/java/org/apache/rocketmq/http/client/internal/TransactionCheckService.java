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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.apache.rocketmq.http.client.ConflictException;
import org.apache.rocketmq.http.client.TransactionCheck;
import org.apache.rocketmq.http.client.TransactionChecker;
import org.apache.rocketmq.http.client.TransactionResolution;

/**
 * The background of a producer with a {@link TransactionChecker}: one long-poll loop per topic takes
 * the broker's questions about open transactions of the producer's group, the checker answers each on
 * a pool of its own, and each answer other than UNKNOWN ends its transaction. The loops hold no
 * thread while they wait; a batch of questions is answered before the next poll of its topic.
 */
public final class TransactionCheckService {
    private static final System.Logger LOG = System.getLogger(TransactionCheckService.class.getName());
    private static final long WAIT_SECONDS = 20;
    private static final long PAUSE_MIN_MILLIS = 1000;
    private static final long PAUSE_MAX_MILLIS = 30_000;
    /** A poll that came back empty sooner than this (a proxy or gateway that cut the long poll) is not repeated at once. */
    private static final long MIN_EMPTY_POLL_MILLIS = 1000;

    private final Transport transport;
    private final TransactionChecker checker;
    private final BiFunction<TransactionCheck, TransactionResolution, CompletableFuture<Void>> ender;
    private final ExecutorService checkers;
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private final Set<CompletableFuture<?>> answering = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    /**
     * @param ender ends the transaction of a check with a COMMIT or ROLLBACK
     */
    public TransactionCheckService(Transport transport, TransactionChecker checker, int threads,
        BiFunction<TransactionCheck, TransactionResolution, CompletableFuture<Void>> ender) {
        this.transport = transport;
        this.checker = checker;
        this.ender = ender;
        this.checkers = Executors.newFixedThreadPool(threads, new NamedThreadFactory("rocketmq-http-transaction-checker"));
    }

    /**
     * Starts polling the checks of a topic, unless that runs already.
     */
    public void watch(String topic) {
        if (!stopping && topics.add(topic)) {
            poll(topic, 0);
        }
    }

    private void poll(String topic, int failures) {
        if (stopping) {
            return;
        }
        ApiRequest request = ApiRequest.get(UriEncoding.topicPath(topic, "transactions"),
                transport.config().requestTimeout().plusSeconds(WAIT_SECONDS))
            .query("producerGroup", transport.config().producerGroup().orElse(null))
            .query("waitSeconds", WAIT_SECONDS);
        long started = System.nanoTime();
        Futures.map(transport.execute(request), response -> JsonCodec.checks(response, topic))
            .thenCompose(checks -> answer(checks).thenApply(v -> checks.isEmpty()))
            .whenComplete((empty, failure) -> {
                if (stopping) {
                    return;
                }
                if (failure == null) {
                    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    later(topic, 0, empty && took < MIN_EMPTY_POLL_MILLIS ? MIN_EMPTY_POLL_MILLIS - took : 0);
                    return;
                }
                long pause = Math.min(PAUSE_MAX_MILLIS, PAUSE_MIN_MILLIS << Math.min(failures, 5));
                LOG.log(System.Logger.Level.WARNING, "polling the transaction checks of {0} failed, again in {1} ms: {2}",
                    topic, pause, failure.getMessage());
                later(topic, failures + 1, pause);
            });
    }

    private void later(String topic, int failures, long delayMillis) {
        if (delayMillis <= 0) {
            poll(topic, failures);
            return;
        }
        try {
            CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS, checkers).execute(() -> poll(topic, failures));
        } catch (RejectedExecutionException closed) {
            LOG.log(System.Logger.Level.DEBUG, "checker closed");
        }
    }

    private CompletableFuture<Void> answer(List<TransactionCheck> checks) {
        List<CompletableFuture<Void>> answers = new ArrayList<>(checks.size());
        for (TransactionCheck check : checks) {
            // registered before the checker runs, so that a close that its answer wakes still waits for its end
            CompletableFuture<Void> answer = new CompletableFuture<>();
            answering.add(answer);
            answer.whenComplete((v, t) -> answering.remove(answer));
            try {
                CompletableFuture.supplyAsync(() -> ask(check), checkers).thenCompose(resolution -> end(check, resolution))
                    .whenComplete((v, t) -> answer.complete(null));
            } catch (RejectedExecutionException closed) {
                answer.complete(null);
                break;
            }
            answers.add(answer);
        }
        return CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0]));
    }

    private TransactionResolution ask(TransactionCheck check) {
        try {
            TransactionResolution resolution = checker.check(check);
            return resolution == null ? TransactionResolution.UNKNOWN : resolution;
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "the transaction checker failed on " + check.messageId()
                + "; the broker asks again later", t);
            return TransactionResolution.UNKNOWN;
        }
    }

    private CompletableFuture<Void> end(TransactionCheck check, TransactionResolution resolution) {
        // an answer given before close is still sent: close waits for it
        if (resolution == TransactionResolution.UNKNOWN) {
            return CompletableFuture.completedFuture(null);
        }
        return ender.apply(check, resolution).handle((v, failure) -> {
            Throwable cause = failure == null ? null : ErrorMapper.unwrap(failure);
            if (cause instanceof ConflictException) {
                LOG.log(System.Logger.Level.DEBUG, "transaction {0} was ended already: {1}", check.messageId(),
                    ((ConflictException) cause).proxyMessage());
            } else if (cause != null) {
                LOG.log(System.Logger.Level.WARNING, "could not " + resolution + " transaction " + check.messageId()
                    + "; the broker asks again later: " + cause.getMessage());
            }
            return null;
        });
    }

    /**
     * Stops polling and waits up to the timeout for the answers in progress.
     */
    public void close(Duration timeout) {
        stopping = true;
        try {
            CompletableFuture.allOf(answering.toArray(new CompletableFuture<?>[0])).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "not every transaction check was answered before close", e);
        }
        checkers.shutdownNow();
    }
}
