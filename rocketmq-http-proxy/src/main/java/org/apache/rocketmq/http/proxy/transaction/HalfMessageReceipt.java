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

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Where the broker stored a half message, and the handle that ends its transaction. Serialized as the
 * API's answer to a half message.
 */
@JsonPropertyOrder({"messageId", "topic", "brokerName", "queueId", "queueOffset", "transactionHandle"})
public final class HalfMessageReceipt {
    private final String messageId;
    private final String topic;
    private final String brokerName;
    private final int queueId;
    private final long queueOffset;
    private final String transactionHandle;

    HalfMessageReceipt(String messageId, String topic, String brokerName, int queueId, long queueOffset,
        String transactionHandle) {
        this.messageId = messageId;
        this.topic = topic;
        this.brokerName = brokerName;
        this.queueId = queueId;
        this.queueOffset = queueOffset;
        this.transactionHandle = transactionHandle;
    }

    public String getMessageId() {
        return messageId;
    }

    public String getTopic() {
        return topic;
    }

    public String getBrokerName() {
        return brokerName;
    }

    public int getQueueId() {
        return queueId;
    }

    public long getQueueOffset() {
        return queueOffset;
    }

    public String getTransactionHandle() {
        return transactionHandle;
    }
}
