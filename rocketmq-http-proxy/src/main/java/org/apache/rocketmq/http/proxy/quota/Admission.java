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

import io.github.bucket4j.Bucket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.http.proxy.server.HttpResult;

/**
 * What an admitted request still owes its quotas once it is answered. Produce requests paid up
 * front and get their tokens back when the answer is a 4xx (nothing was stored); receives pay for
 * the messages and bytes they returned, and give their long-poll slots back.
 */
public abstract class Admission {
    /** A request no rule matched. */
    public static final Admission NONE = new Admission() {
        @Override
        public void complete(HttpResult result) {
        }
    };

    /**
     * @return the lowered {@code max} of a receive when fewer tokens than asked for are left, else -1
     */
    public int maxMessages() {
        return -1;
    }

    /**
     * Settles the request with its answer (an error answer too); called exactly once.
     */
    public abstract void complete(HttpResult result);

    /**
     * Tokens taken from one bucket.
     */
    record Charge(QuotaRule rule, String subject, QuotaEnforcer.Unit unit, Bucket bucket, long amount) {
    }

    static final class Produce extends Admission {
        private final List<Charge> charges;

        Produce(List<Charge> charges) {
            this.charges = charges;
        }

        @Override
        public void complete(HttpResult result) {
            if (result != null && result.status() >= 400 && result.status() < 500) {
                for (Charge c : charges) {
                    c.bucket().addTokens(c.amount());
                }
            }
        }
    }

    static final class Receive extends Admission {
        private final List<Bucket> messageBuckets;
        private final List<Bucket> byteBuckets;
        private final List<QuotaEnforcer.LongPollKey> held;
        private final Map<QuotaEnforcer.LongPollKey, Integer> waiting;
        private final int maxMessages;

        /**
         * @param held the long-poll slots this receive holds
         * @param waiting the receives waiting, by rule kind and value
         */
        Receive(List<Bucket> messageBuckets, List<Bucket> byteBuckets, List<QuotaEnforcer.LongPollKey> held,
            ConcurrentHashMap<QuotaEnforcer.LongPollKey, Integer> waiting, int maxMessages) {
            this.messageBuckets = messageBuckets;
            this.byteBuckets = byteBuckets;
            this.held = held;
            this.waiting = waiting;
            this.maxMessages = maxMessages;
        }

        @Override
        public int maxMessages() {
            return maxMessages;
        }

        @Override
        public void complete(HttpResult result) {
            QuotaEnforcer.release(waiting, held);
            if (result == null || result.status() != 200 || messageBuckets.isEmpty() && byteBuckets.isEmpty()) {
                return;
            }
            int messages = MessageCounter.messagesArray(result.body());
            if (messages == 0) {
                return;
            }
            // paid after the fact: tokens a concurrent receive took meanwhile become a debt the next requests wait for
            for (Bucket b : messageBuckets) {
                b.consumeIgnoringRateLimits(messages);
            }
            for (Bucket b : byteBuckets) {
                b.consumeIgnoringRateLimits(result.body().length);
            }
        }
    }
}
