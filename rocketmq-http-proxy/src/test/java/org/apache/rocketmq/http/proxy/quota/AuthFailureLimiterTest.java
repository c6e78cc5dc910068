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

import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class AuthFailureLimiterTest {
    private final ManualClock clock = new ManualClock();
    private final ProxyMetrics metrics = new ProxyMetrics();

    private static QuotaExceededException refused(AuthFailureLimiter limiter, String address) {
        try {
            limiter.check(address);
        } catch (QuotaExceededException e) {
            return e;
        }
        throw new AssertionError("not refused");
    }

    @Test
    public void anAddressIsRefusedOnceItUsedUpItsFailuresAndOnlyUntilTheyComeBack() {
        AuthFailureLimiter limiter = new AuthFailureLimiter(3, 1000, metrics, clock, clock);
        for (int i = 0; i < 3; i++) {
            limiter.check("10.0.0.7");
            limiter.failed("10.0.0.7");
        }
        QuotaExceededException e = refused(limiter, "10.0.0.7");
        assertEquals(429, e.getErrorCode().httpStatus());
        assertEquals("1", e.headers().get("Retry-After"));
        assertEquals("3", e.headers().get("RateLimit-Limit"));
        assertTrue(e.getMessage().contains("too many failed authentications"));
        limiter.check("10.0.0.8");
        clock.advance(340, TimeUnit.MILLISECONDS);
        limiter.check("10.0.0.7");
        limiter.failed("10.0.0.7");
        refused(limiter, "10.0.0.7");
        assertTrue(metrics.scrape().contains("rocketmq_http_throttled_requests_total{reason=\"authFailures\",rule=\"guard\"} 2.0"));
    }

    @Test
    public void successesCostNothingAndZeroMeansNoLimit() {
        AuthFailureLimiter limiter = new AuthFailureLimiter(1, 1000, metrics, clock, clock);
        for (int i = 0; i < 100; i++) {
            limiter.check("10.0.0.7");
        }
        AuthFailureLimiter off = new AuthFailureLimiter(0, 1000, metrics, clock, clock);
        for (int i = 0; i < 100; i++) {
            off.failed("10.0.0.7");
            off.check("10.0.0.7");
        }
        limiter.failed("10.0.0.7");
        try {
            limiter.check("10.0.0.7");
            fail("a second failure within the second");
        } catch (QuotaExceededException expected) {
            assertEquals("1", expected.headers().get("Retry-After"));
        }
    }
}
