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
package org.apache.rocketmq.http.proxy.service;

import java.util.List;
import java.util.Map;

/**
 * A message read from the broker, in the API's terms. {@code receiptHandle} is null for messages read
 * by offset (replay), which are not leased to anyone.
 */
public final class ConsumedMessage {
    private final String messageId;
    private final String topic;
    private final String tag;
    private final List<String> keys;
    private final Map<String, String> properties;
    private final byte[] body;
    private final long bornTimestamp;
    private final long storeTimestamp;
    private final int deliveryAttempt;
    private final String messageGroup;
    private final String brokerName;
    private final int queueId;
    private final long queueOffset;
    private final String receiptHandle;
    private final long invisibleUntil;

    public ConsumedMessage(String messageId, String topic, String tag, List<String> keys, Map<String, String> properties,
        byte[] body, long bornTimestamp, long storeTimestamp, int deliveryAttempt, String messageGroup, String brokerName,
        int queueId, long queueOffset, String receiptHandle, long invisibleUntil) {
        this.messageId = messageId;
        this.topic = topic;
        this.tag = tag;
        this.keys = keys;
        this.properties = properties;
        this.body = body;
        this.bornTimestamp = bornTimestamp;
        this.storeTimestamp = storeTimestamp;
        this.deliveryAttempt = deliveryAttempt;
        this.messageGroup = messageGroup;
        this.brokerName = brokerName;
        this.queueId = queueId;
        this.queueOffset = queueOffset;
        this.receiptHandle = receiptHandle;
        this.invisibleUntil = invisibleUntil;
    }

    public String messageId() {
        return messageId;
    }

    public String topic() {
        return topic;
    }

    public String tag() {
        return tag;
    }

    public List<String> keys() {
        return keys;
    }

    public Map<String, String> properties() {
        return properties;
    }

    public byte[] body() {
        return body;
    }

    public long bornTimestamp() {
        return bornTimestamp;
    }

    public long storeTimestamp() {
        return storeTimestamp;
    }

    public int deliveryAttempt() {
        return deliveryAttempt;
    }

    public String messageGroup() {
        return messageGroup;
    }

    public String brokerName() {
        return brokerName;
    }

    public int queueId() {
        return queueId;
    }

    public long queueOffset() {
        return queueOffset;
    }

    public String receiptHandle() {
        return receiptHandle;
    }

    public long invisibleUntil() {
        return invisibleUntil;
    }
}
