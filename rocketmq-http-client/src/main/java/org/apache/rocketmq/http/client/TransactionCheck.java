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

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A question of the broker about an open transaction: the half message, how often the broker has
 * asked, and the handle that ends the transaction. Immutable and thread-safe.
 */
public final class TransactionCheck {
    private final String topic;
    private final String messageId;
    private final int checkAttempt;
    private final String tag;
    private final List<String> keys;
    private final Map<String, String> properties;
    private final byte[] body;
    private final String transactionHandle;

    /**
     * Creates a check; the SDK does this from the proxy's answer, tests may do it for fakes.
     *
     * @param topic the topic of the half message
     * @param messageId the id the half message's send answered
     * @param checkAttempt how often the broker has asked, 1 the first time
     * @param tag the tag, or {@code null}
     * @param keys the keys
     * @param properties the user properties
     * @param body the body
     * @param transactionHandle the handle that ends the transaction
     */
    public TransactionCheck(String topic, String messageId, int checkAttempt, String tag, List<String> keys,
        Map<String, String> properties, byte[] body, String transactionHandle) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.messageId = Objects.requireNonNull(messageId, "messageId");
        this.checkAttempt = checkAttempt;
        this.tag = tag;
        this.keys = List.copyOf(keys);
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        this.body = body.clone();
        this.transactionHandle = Objects.requireNonNull(transactionHandle, "transactionHandle");
    }

    /**
     * Returns the topic of the half message.
     *
     * @return the topic
     */
    public String topic() {
        return topic;
    }

    /**
     * Returns the id of the half message, the one {@link Transaction#receipt()} had.
     *
     * @return the message id
     */
    public String messageId() {
        return messageId;
    }

    /**
     * Returns how often the broker has asked about this transaction; after its
     * {@code transactionCheckMax} (15 by default) questions the broker gives the message up.
     *
     * @return 1 the first time
     */
    public int checkAttempt() {
        return checkAttempt;
    }

    /**
     * Returns the tag.
     *
     * @return the tag, or empty when the message has none
     */
    public Optional<String> tag() {
        return Optional.ofNullable(tag);
    }

    /**
     * Returns the keys.
     *
     * @return an unmodifiable list, empty when there are none
     */
    public List<String> keys() {
        return keys;
    }

    /**
     * Returns the user properties.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> properties() {
        return properties;
    }

    /**
     * Returns the body.
     *
     * @return a copy of the body bytes
     */
    public byte[] body() {
        return body.clone();
    }

    /**
     * Returns the body decoded as UTF-8.
     *
     * @return the body as text (malformed input is replaced, not rejected)
     */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Returns the handle that ends the transaction, for {@link HttpProducer#transaction(String, String)}.
     * It ends it through the copy of the half message this question is about.
     *
     * @return the opaque handle
     */
    public String transactionHandle() {
        return transactionHandle;
    }

    @Override
    public String toString() {
        return "TransactionCheck{topic=" + topic + ", messageId=" + messageId + ", checkAttempt=" + checkAttempt
            + ", tag=" + tag + ", keys=" + keys + ", bodyLength=" + body.length + '}';
    }
}
