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
package org.apache.rocketmq.http.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently the SDK repeats a failed request. Immutable and thread-safe.
 *
 * <p>A call makes at most {@link #maxAttempts()} attempts. Before the n-th retry it waits
 * {@code min(initialBackoff * multiplier^(n-1), maxBackoff)}. On top of that, an attempt that could not
 * even open a connection is repeated at once on another endpoint that has not refused this call yet,
 * without counting as an attempt, so that a down proxy costs one fast failover and not a retry.
 *
 * <p>What is retried:
 * <ul>
 *   <li>receive, ack and lease changes: every failure whose {@link HttpProxyClientException#isRetryable()}
 *       is {@code true} (network failures, 429, 503, 504). These are safe to repeat; see
 *       {@link HttpSimpleConsumer}.</li>
 *   <li>sends: only failures known not to have stored anything (the connection could not be opened,
 *       or the proxy throttled the request with 429), unless {@link #retryAmbiguousSends()} is on,
 *       in which case every retryable failure, at the risk of storing a message twice; see
 *       {@link HttpProducer}.</li>
 * </ul>
 * A retry after a 429 waits at least the answer's {@code Retry-After}, and so does one after a 503
 * when no other endpoint is up (the endpoint that answered 503 is marked down, so otherwise the retry
 * goes to another one at once); such a wait longer than {@link #maxBackoff()} is not made: the failure
 * is reported.
 *
 * <p>Build one with {@link #builder()}, or use {@link #defaults()} or {@link #noRetries()}.
 */
public final class RetryPolicy {
    private static final RetryPolicy DEFAULTS = builder().build();

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double backoffMultiplier;
    private final boolean retryAmbiguousSends;

    private RetryPolicy(Builder builder) {
        this.maxAttempts = builder.maxAttempts;
        this.initialBackoff = builder.initialBackoff;
        this.maxBackoff = builder.maxBackoff;
        this.backoffMultiplier = builder.backoffMultiplier;
        this.retryAmbiguousSends = builder.retryAmbiguousSends;
    }

    /**
     * Returns the default policy: 3 attempts, backoff 100 ms doubling up to 2 s, sends retried only
     * when they certainly did not store anything.
     *
     * @return the default policy
     */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a policy that makes one attempt per call. Failover to another endpoint after a refused
     * connection still happens.
     *
     * @return a policy with {@code maxAttempts == 1}
     */
    public static RetryPolicy noRetries() {
        return builder().maxAttempts(1).build();
    }

    /**
     * Starts a policy with the default values.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this policy's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder()
            .maxAttempts(maxAttempts)
            .backoff(initialBackoff, maxBackoff, backoffMultiplier)
            .retryAmbiguousSends(retryAmbiguousSends);
    }

    /**
     * Returns the most attempts one call makes, the first one included.
     *
     * @return at least 1
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * Returns the wait before the first retry.
     *
     * @return the initial backoff
     */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /**
     * Returns the longest wait between two attempts.
     *
     * @return the maximum backoff
     */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /**
     * Returns the factor by which the wait grows after each retry.
     *
     * @return at least 1
     */
    public double backoffMultiplier() {
        return backoffMultiplier;
    }

    /**
     * Tells whether sends are retried even when the failed attempt may have stored the message
     * (timeouts, broken connections, 503, 504). Off by default.
     *
     * @return {@code true} when the caller accepted possible duplicates for fewer failed sends
     */
    public boolean retryAmbiguousSends() {
        return retryAmbiguousSends;
    }

    /**
     * Returns the wait before a retry.
     *
     * @param retry 1 for the first retry (the second attempt), 2 for the next, and so on
     * @return {@code min(initialBackoff * multiplier^(retry-1), maxBackoff)}
     * @throws IllegalArgumentException if {@code retry} is less than 1
     */
    public Duration backoff(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry must be >= 1: " + retry);
        }
        double millis = initialBackoff.toMillis() * Math.pow(backoffMultiplier, retry - 1);
        if (millis >= maxBackoff.toMillis()) {
            return maxBackoff;
        }
        return Duration.ofMillis((long) millis);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RetryPolicy)) {
            return false;
        }
        RetryPolicy other = (RetryPolicy) o;
        return maxAttempts == other.maxAttempts
            && Double.compare(backoffMultiplier, other.backoffMultiplier) == 0
            && retryAmbiguousSends == other.retryAmbiguousSends
            && initialBackoff.equals(other.initialBackoff)
            && maxBackoff.equals(other.maxBackoff);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxAttempts, initialBackoff, maxBackoff, backoffMultiplier, retryAmbiguousSends);
    }

    @Override
    public String toString() {
        return "RetryPolicy{maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff
            + ", maxBackoff=" + maxBackoff + ", multiplier=" + backoffMultiplier
            + ", retryAmbiguousSends=" + retryAmbiguousSends + '}';
    }

    /**
     * Builds a {@link RetryPolicy}. Each setter checks its argument at once. Not thread-safe.
     */
    public static final class Builder {
        private int maxAttempts = 3;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(2);
        private double backoffMultiplier = 2.0;
        private boolean retryAmbiguousSends;

        private Builder() {
        }

        /**
         * Sets the most attempts one call makes, the first one included. Default 3.
         *
         * @param maxAttempts 1 for no retries, at most 100
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1 || maxAttempts > 100) {
                throw new IllegalArgumentException("maxAttempts must be in [1, 100]: " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Sets an exponential backoff. Default 100 ms, 2 s, 2.0.
         *
         * @param initial the wait before the first retry, not negative
         * @param max the longest wait, not shorter than {@code initial}
         * @param multiplier the growth factor per retry, at least 1
         * @return this builder
         * @throws IllegalArgumentException if a value is out of range
         */
        public Builder backoff(Duration initial, Duration max, double multiplier) {
            Objects.requireNonNull(initial, "initial");
            Objects.requireNonNull(max, "max");
            if (initial.isNegative() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("need 0 <= initial <= max: " + initial + ", " + max);
            }
            if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
                throw new IllegalArgumentException("multiplier must be a finite number >= 1: " + multiplier);
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            this.backoffMultiplier = multiplier;
            return this;
        }

        /**
         * Sets a fixed wait between attempts.
         *
         * @param backoff the wait, not negative
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder fixedBackoff(Duration backoff) {
            return backoff(backoff, backoff, 1.0);
        }

        /**
         * Opts sends into at-least-once retries: a send is then also retried after a timeout, a
         * broken connection, 503 or 504, each of which may follow a successful store, so the topic
         * may receive the message twice (with two message ids). Default {@code false}: such a send
         * fails with the exception and the caller decides.
         *
         * @param retryAmbiguousSends whether to accept duplicates for fewer failed sends
         * @return this builder
         */
        public Builder retryAmbiguousSends(boolean retryAmbiguousSends) {
            this.retryAmbiguousSends = retryAmbiguousSends;
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return an immutable policy
         */
        public RetryPolicy build() {
            return new RetryPolicy(this);
        }
    }
}
