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
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A message received by {@link HttpSimpleConsumer} or handed to a {@link MessageListener}, with
 * every field of the proxy's answer. Immutable and thread-safe.
 *
 * <p>The message stays invisible to other consumers of the group until {@link #invisibleUntil()};
 * ack it with its {@link #receiptHandle()} before then, or it is delivered again.
 *
 * <p>The SDK asks the proxy for base64 bodies, so {@link #body()} holds exactly the bytes that were
 * sent, whatever they are. {@link #builder()} exists so that listeners can be tested with
 * hand-made messages.
 */
public final class ReceivedMessage {
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

    private ReceivedMessage(Builder builder) {
        this.messageId = builder.messageId;
        this.topic = builder.topic;
        this.tag = builder.tag;
        this.keys = Collections.unmodifiableList(new ArrayList<>(builder.keys));
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(builder.properties));
        this.body = builder.body;
        this.bornTimestamp = builder.bornTimestamp;
        this.storeTimestamp = builder.storeTimestamp;
        this.deliveryAttempt = builder.deliveryAttempt;
        this.messageGroup = builder.messageGroup;
        this.brokerName = builder.brokerName;
        this.queueId = builder.queueId;
        this.queueOffset = builder.queueOffset;
        this.receiptHandle = builder.receiptHandle;
        this.invisibleUntil = builder.invisibleUntil;
    }

    /**
     * Starts a message, for tests of listeners.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the id the message got when it was sent.
     *
     * @return the message id
     */
    public String messageId() {
        return messageId;
    }

    /**
     * Returns the topic.
     *
     * @return the topic
     */
    public String topic() {
        return topic;
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
     * Returns when the producer created the message.
     *
     * @return epoch milliseconds
     */
    public long bornTimestamp() {
        return bornTimestamp;
    }

    /**
     * Returns when the broker stored the message.
     *
     * @return epoch milliseconds
     */
    public long storeTimestamp() {
        return storeTimestamp;
    }

    /**
     * Returns how many times the message has been delivered to this group, this time included.
     *
     * @return 1 for the first delivery
     */
    public int deliveryAttempt() {
        return deliveryAttempt;
    }

    /**
     * Returns the FIFO message group.
     *
     * @return the group, or empty for a message sent without one
     */
    public Optional<String> messageGroup() {
        return Optional.ofNullable(messageGroup);
    }

    /**
     * Returns the broker that holds the message.
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

    /**
     * Returns the opaque handle that acks this delivery or changes its invisibility. It works on
     * every proxy of the cluster and is valid until {@link #invisibleUntil()}.
     *
     * @return the receipt handle
     */
    public String receiptHandle() {
        return receiptHandle;
    }

    /**
     * Returns until when the message is invisible to other consumers of the group.
     *
     * @return epoch milliseconds
     */
    public long invisibleUntil() {
        return invisibleUntil;
    }

    @Override
    public String toString() {
        return "ReceivedMessage{messageId=" + messageId + ", topic=" + topic + ", tag=" + tag + ", keys=" + keys
            + ", bodyLength=" + body.length + ", deliveryAttempt=" + deliveryAttempt + ", messageGroup=" + messageGroup
            + ", brokerName=" + brokerName + ", queueId=" + queueId + ", queueOffset=" + queueOffset + '}';
    }

    /**
     * Builds a {@link ReceivedMessage}. Not thread-safe.
     */
    public static final class Builder {
        private String messageId;
        private String topic;
        private String tag;
        private final List<String> keys = new ArrayList<>();
        private final Map<String, String> properties = new LinkedHashMap<>();
        private byte[] body = new byte[0];
        private long bornTimestamp;
        private long storeTimestamp;
        private int deliveryAttempt = 1;
        private String messageGroup;
        private String brokerName;
        private int queueId;
        private long queueOffset;
        private String receiptHandle;
        private long invisibleUntil;

        private Builder() {
        }

        /**
         * Sets the message id.
         *
         * @param messageId the id
         * @return this builder
         */
        public Builder messageId(String messageId) {
            this.messageId = messageId;
            return this;
        }

        /**
         * Sets the topic.
         *
         * @param topic the topic
         * @return this builder
         */
        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        /**
         * Sets the tag.
         *
         * @param tag the tag, may be {@code null}
         * @return this builder
         */
        public Builder tag(String tag) {
            this.tag = tag;
            return this;
        }

        /**
         * Sets the keys.
         *
         * @param keys the keys
         * @return this builder
         */
        public Builder keys(Collection<String> keys) {
            this.keys.clear();
            this.keys.addAll(Objects.requireNonNull(keys, "keys"));
            return this;
        }

        /**
         * Sets the user properties.
         *
         * @param properties the properties
         * @return this builder
         */
        public Builder properties(Map<String, String> properties) {
            this.properties.clear();
            this.properties.putAll(Objects.requireNonNull(properties, "properties"));
            return this;
        }

        /**
         * Sets the body.
         *
         * @param body the bytes; copied
         * @return this builder
         */
        public Builder body(byte[] body) {
            this.body = Objects.requireNonNull(body, "body").clone();
            return this;
        }

        /**
         * Sets a text body, stored as UTF-8.
         *
         * @param body the text
         * @return this builder
         */
        public Builder body(String body) {
            this.body = Objects.requireNonNull(body, "body").getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /**
         * Sets the born timestamp.
         *
         * @param bornTimestamp epoch milliseconds
         * @return this builder
         */
        public Builder bornTimestamp(long bornTimestamp) {
            this.bornTimestamp = bornTimestamp;
            return this;
        }

        /**
         * Sets the store timestamp.
         *
         * @param storeTimestamp epoch milliseconds
         * @return this builder
         */
        public Builder storeTimestamp(long storeTimestamp) {
            this.storeTimestamp = storeTimestamp;
            return this;
        }

        /**
         * Sets the delivery attempt. Default 1.
         *
         * @param deliveryAttempt the attempt, from 1
         * @return this builder
         */
        public Builder deliveryAttempt(int deliveryAttempt) {
            this.deliveryAttempt = deliveryAttempt;
            return this;
        }

        /**
         * Sets the FIFO message group.
         *
         * @param messageGroup the group, may be {@code null}
         * @return this builder
         */
        public Builder messageGroup(String messageGroup) {
            this.messageGroup = messageGroup;
            return this;
        }

        /**
         * Sets the broker name.
         *
         * @param brokerName the broker
         * @return this builder
         */
        public Builder brokerName(String brokerName) {
            this.brokerName = brokerName;
            return this;
        }

        /**
         * Sets the queue id.
         *
         * @param queueId the queue id
         * @return this builder
         */
        public Builder queueId(int queueId) {
            this.queueId = queueId;
            return this;
        }

        /**
         * Sets the queue offset.
         *
         * @param queueOffset the offset
         * @return this builder
         */
        public Builder queueOffset(long queueOffset) {
            this.queueOffset = queueOffset;
            return this;
        }

        /**
         * Sets the receipt handle.
         *
         * @param receiptHandle the handle
         * @return this builder
         */
        public Builder receiptHandle(String receiptHandle) {
            this.receiptHandle = receiptHandle;
            return this;
        }

        /**
         * Sets the end of the invisibility.
         *
         * @param invisibleUntil epoch milliseconds
         * @return this builder
         */
        public Builder invisibleUntil(long invisibleUntil) {
            this.invisibleUntil = invisibleUntil;
            return this;
        }

        /**
         * Builds the message.
         *
         * @return an immutable message
         */
        public ReceivedMessage build() {
            return new ReceivedMessage(this);
        }
    }
}
