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

/** The tuning of a push consumer, filled in by its public builder. */
public final class PushSettings {
    public int pollingThreads = 1;
    public int consumptionThreads = 8;
    public int maxInFlightMessages = 32;
    public int receiveBatchSize = 16;
    public Duration invisibleDuration = Duration.ofSeconds(60);
    public Duration waitDuration = Duration.ofSeconds(10);
    public Duration nackInitialBackoff = Duration.ofSeconds(1);
    public Duration nackMaxBackoff = Duration.ofMinutes(5);
    public Duration shutdownTimeout = Duration.ofSeconds(30);

    public PushSettings copy() {
        PushSettings copy = new PushSettings();
        copy.pollingThreads = pollingThreads;
        copy.consumptionThreads = consumptionThreads;
        copy.maxInFlightMessages = maxInFlightMessages;
        copy.receiveBatchSize = receiveBatchSize;
        copy.invisibleDuration = invisibleDuration;
        copy.waitDuration = waitDuration;
        copy.nackInitialBackoff = nackInitialBackoff;
        copy.nackMaxBackoff = nackMaxBackoff;
        copy.shutdownTimeout = shutdownTimeout;
        return copy;
    }

    /** The invisibility a failed message gets: {@code initial * 2^(attempt-1)}, at most {@code max}. */
    public Duration nackDelay(int deliveryAttempt) {
        int doublings = Math.max(0, Math.min(deliveryAttempt - 1, 30));
        Duration delay = nackInitialBackoff.multipliedBy(1L << doublings);
        return delay.compareTo(nackMaxBackoff) > 0 ? nackMaxBackoff : delay;
    }
}
