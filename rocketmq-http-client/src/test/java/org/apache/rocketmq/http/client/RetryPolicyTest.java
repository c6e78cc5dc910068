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
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

public class RetryPolicyTest {

    @Test
    public void backoffGrowsByTheMultiplierUpToTheMaximum() {
        RetryPolicy policy = RetryPolicy.builder().backoff(Duration.ofMillis(100), Duration.ofMillis(500), 2.0).build();
        assertEquals(Duration.ofMillis(100), policy.backoff(1));
        assertEquals(Duration.ofMillis(200), policy.backoff(2));
        assertEquals(Duration.ofMillis(400), policy.backoff(3));
        assertEquals(Duration.ofMillis(500), policy.backoff(4));
        assertEquals(Duration.ofMillis(500), policy.backoff(60));
    }

    @Test
    public void defaultsNeverRetryAmbiguousSends() {
        assertEquals(3, RetryPolicy.defaults().maxAttempts());
        assertFalse(RetryPolicy.defaults().retryAmbiguousSends());
        assertEquals(1, RetryPolicy.noRetries().maxAttempts());
        assertTrue(RetryPolicy.defaults().toBuilder().retryAmbiguousSends(true).build().retryAmbiguousSends());
    }

    @Test
    public void invalidValuesAreRejectedWhenSet() {
        RetryPolicy.Builder builder = RetryPolicy.builder();
        assertThrows(IllegalArgumentException.class, () -> builder.maxAttempts(0));
        assertThrows(IllegalArgumentException.class, () -> builder.backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2));
        assertThrows(IllegalArgumentException.class, () -> builder.backoff(Duration.ZERO, Duration.ZERO, 0.5));
        assertThrows(IllegalArgumentException.class, () -> builder.backoff(Duration.ZERO, Duration.ZERO, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.defaults().backoff(0));
    }
}
