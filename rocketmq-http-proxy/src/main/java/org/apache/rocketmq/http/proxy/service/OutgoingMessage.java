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
 * A message to produce, already validated: the body, its RocketMQ metadata and how to deliver it.
 */
public final class OutgoingMessage {
    private final byte[] body;
    private final String tag;
    private final List<String> keys;
    private final Map<String, String> properties;
    private final String messageGroup;
    private final long deliveryTimestamp;

    /**
     * @param deliveryTimestamp epoch millis of a scheduled delivery, or 0 to deliver now
     */
    public OutgoingMessage(byte[] body, String tag, List<String> keys, Map<String, String> properties,
        String messageGroup, long deliveryTimestamp) {
        this.body = body;
        this.tag = tag;
        this.keys = keys;
        this.properties = properties;
        this.messageGroup = messageGroup;
        this.deliveryTimestamp = deliveryTimestamp;
    }

    public byte[] body() {
        return body;
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

    public String messageGroup() {
        return messageGroup;
    }

    public long deliveryTimestamp() {
        return deliveryTimestamp;
    }
}
