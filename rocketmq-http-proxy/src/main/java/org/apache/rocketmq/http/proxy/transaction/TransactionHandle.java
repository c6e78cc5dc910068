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
package org.apache.rocketmq.http.proxy.transaction;

/**
 * What ending one copy of a half message takes, as a transaction handle carries it: the broker and
 * the copy's two offsets (the broker checks both and the producer group), the transaction id, where
 * the transaction belongs, when the handle stops being valid and whether it answers a check.
 */
final class TransactionHandle {
    final String topic;
    final String producerGroup;
    final String brokerName;
    final long commitLogOffset;
    final long queueOffset;
    final String transactionId;
    /** When the half message was sent (proxy clock): the earliest time an end record can have. */
    final long bornTimestamp;
    final long expiresAt;
    final boolean fromCheck;

    TransactionHandle(String topic, String producerGroup, String brokerName, long commitLogOffset, long queueOffset,
        String transactionId, long bornTimestamp, long expiresAt, boolean fromCheck) {
        this.topic = topic;
        this.producerGroup = producerGroup;
        this.brokerName = brokerName;
        this.commitLogOffset = commitLogOffset;
        this.queueOffset = queueOffset;
        this.transactionId = transactionId;
        this.bornTimestamp = bornTimestamp;
        this.expiresAt = expiresAt;
        this.fromCheck = fromCheck;
    }

    /**
     * @return the same transaction, another copy of its half message (a check re-wrote it)
     */
    TransactionHandle forCopy(long copyCommitLogOffset, long copyQueueOffset, long newExpiresAt, boolean check) {
        return new TransactionHandle(topic, producerGroup, brokerName, copyCommitLogOffset, copyQueueOffset, transactionId,
            bornTimestamp, newExpiresAt, check);
    }

    boolean sameCopy(TransactionHandle other) {
        return brokerName.equals(other.brokerName) && commitLogOffset == other.commitLogOffset
            && queueOffset == other.queueOffset;
    }

    @Override
    public String toString() {
        // no secrets here, but offsets only help debugging on the proxy side
        return "transaction " + transactionId + " of " + topic + "/" + producerGroup + " at " + brokerName + ":"
            + commitLogOffset + "/" + queueOffset;
    }
}
