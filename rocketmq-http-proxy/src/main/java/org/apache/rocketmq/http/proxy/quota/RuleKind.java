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

/**
 * What a quota rule matches: the caller (by access key, or by client address when the caller has
 * none), the topic, or the producer or consumer group of a request. The label is the rule's key in
 * the quota file and in the metrics.
 */
public enum RuleKind {
    ACCESS_KEY("accessKey"),
    CLIENT_ADDRESS("clientAddress"),
    TOPIC("topic"),
    PRODUCER_GROUP("producerGroup"),
    CONSUMER_GROUP("consumerGroup");

    private final String label;

    RuleKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
