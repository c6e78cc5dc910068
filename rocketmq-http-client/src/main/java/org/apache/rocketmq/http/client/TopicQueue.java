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

import java.util.Objects;

/**
 * One queue of a topic with its offsets, as {@code GET /v1/topics/{topic}/queues} lists it.
 * Immutable and thread-safe.
 */
public final class TopicQueue {
    private final String brokerName;
    private final int queueId;
    private final long minOffset;
    private final long maxOffset;

    /**
     * Creates an entry; the SDK does this from the proxy's answer, tests may do it for fakes.
     *
     * @param brokerName the broker that holds the queue
     * @param queueId the queue within the broker
     * @param minOffset the offset of the oldest message still stored
     * @param maxOffset the offset the next message will get
     */
    public TopicQueue(String brokerName, int queueId, long minOffset, long maxOffset) {
        this.brokerName = brokerName;
        this.queueId = queueId;
        this.minOffset = minOffset;
        this.maxOffset = maxOffset;
    }

    /**
     * Returns the broker that holds the queue.
     *
     * @return the broker name
     */
    public String brokerName() {
        return brokerName;
    }

    /**
     * Returns the queue's id within its broker.
     *
     * @return the queue id
     */
    public int queueId() {
        return queueId;
    }

    /**
     * Returns the offset of the oldest message still stored.
     *
     * @return the minimum offset
     */
    public long minOffset() {
        return minOffset;
    }

    /**
     * Returns the offset the next message will get.
     *
     * @return the maximum offset
     */
    public long maxOffset() {
        return maxOffset;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TopicQueue)) {
            return false;
        }
        TopicQueue other = (TopicQueue) o;
        return queueId == other.queueId && minOffset == other.minOffset && maxOffset == other.maxOffset
            && Objects.equals(brokerName, other.brokerName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(brokerName, queueId, minOffset, maxOffset);
    }

    @Override
    public String toString() {
        return "TopicQueue{brokerName=" + brokerName + ", queueId=" + queueId + ", minOffset=" + minOffset
            + ", maxOffset=" + maxOffset + '}';
    }
}
