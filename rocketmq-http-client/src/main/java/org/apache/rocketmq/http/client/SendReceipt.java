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
 * Where a sent message was stored. Returned only after the broker answered {@code SEND_OK}.
 * Immutable and thread-safe.
 */
public final class SendReceipt {
    private final String messageId;
    private final String topic;
    private final String brokerName;
    private final int queueId;
    private final long queueOffset;

    /**
     * Creates a receipt; the SDK does this from the proxy's answer, tests may do it for fakes.
     *
     * @param messageId the message id
     * @param topic the topic
     * @param brokerName the broker that stored the message
     * @param queueId the queue within the broker
     * @param queueOffset the offset within the queue
     */
    public SendReceipt(String messageId, String topic, String brokerName, int queueId, long queueOffset) {
        this.messageId = messageId;
        this.topic = topic;
        this.brokerName = brokerName;
        this.queueId = queueId;
        this.queueOffset = queueOffset;
    }

    /**
     * Returns the id RocketMQ gave the message.
     *
     * @return the message id
     */
    public String messageId() {
        return messageId;
    }

    /**
     * Returns the topic the message was stored in.
     *
     * @return the topic
     */
    public String topic() {
        return topic;
    }

    /**
     * Returns the broker that stored the message.
     *
     * @return the broker name
     */
    public String brokerName() {
        return brokerName;
    }

    /**
     * Returns the queue that holds the message.
     *
     * @return the queue id within the broker
     */
    public int queueId() {
        return queueId;
    }

    /**
     * Returns the message's offset in its queue.
     *
     * @return the queue offset
     */
    public long queueOffset() {
        return queueOffset;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SendReceipt)) {
            return false;
        }
        SendReceipt other = (SendReceipt) o;
        return queueId == other.queueId && queueOffset == other.queueOffset && Objects.equals(messageId, other.messageId)
            && Objects.equals(topic, other.topic) && Objects.equals(brokerName, other.brokerName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(messageId, topic, brokerName, queueId, queueOffset);
    }

    @Override
    public String toString() {
        return "SendReceipt{messageId=" + messageId + ", topic=" + topic + ", brokerName=" + brokerName
            + ", queueId=" + queueId + ", queueOffset=" + queueOffset + '}';
    }
}
