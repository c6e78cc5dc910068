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

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics;

/**
 * Limits failed authentications per client address ({@code aclMaxFailuresPerSecond}), so that
 * guessing credentials is slow and cheap to refuse. Each failure takes a token of the address's
 * bucket; while the bucket is empty every request of that address that needs authentication is
 * refused with 429 before its credentials are checked, until the tokens come back.
 *
 * <p>The authenticator calls {@link #check} before checking credentials and {@link #failed} after a
 * failure. Thread-safe.
 */
public final class AuthFailureLimiter {
    private final int maxPerSecond;
    private final ProxyMetrics metrics;
    private final TimeMeter clock;
    private final Cache<String, Bucket> buckets;

    AuthFailureLimiter(int maxPerSecond, int maxAddresses, ProxyMetrics metrics, TimeMeter clock, Ticker ticker) {
        this.maxPerSecond = maxPerSecond;
        this.metrics = metrics;
        this.clock = clock;
        this.buckets = Caffeine.newBuilder()
            .maximumSize(Math.max(1, maxAddresses))
            .expireAfterAccess(Duration.ofSeconds(60))
            .ticker(ticker)
            .build();
    }

    /**
     * @throws QuotaExceededException while the address has used up its failures
     */
    public void check(String clientAddress) {
        if (maxPerSecond <= 0 || clientAddress == null) {
            return;
        }
        Bucket bucket = buckets.getIfPresent(clientAddress);
        if (bucket == null) {
            return;
        }
        EstimationProbe probe = bucket.estimateAbilityToConsume(1);
        if (!probe.canBeConsumed()) {
            metrics.throttled("guard", "authFailures");
            long retryAfter = QuotaExceededException.seconds(probe.getNanosToWaitForRefill());
            throw new QuotaExceededException("too many failed authentications from this address; retry in " + retryAfter
                + " s", retryAfter, maxPerSecond, 0);
        }
    }

    /**
     * Counts a failed authentication of the address.
     */
    public void failed(String clientAddress) {
        if (maxPerSecond <= 0 || clientAddress == null) {
            return;
        }
        buckets.get(clientAddress, a -> Bucket.builder()
                .addLimit(limit -> limit.capacity(maxPerSecond).refillGreedy(maxPerSecond, Duration.ofSeconds(1)))
                .withCustomTimePrecision(clock)
                .build())
            .tryConsume(1);
    }
}
