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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.rocketmq.http.client.internal.Checks;

/**
 * A message to send with {@link HttpProducer}. Immutable and thread-safe; build it with
 * {@link #builder()}.
 *
 * <pre>{@code
 * Message message = Message.builder()
 *     .topic("TopicTest")
 *     .body("hello")
 *     .tag("TagA")
 *     .keys("order-1")
 *     .property("region", "eu")
 *     .build();
 * }</pre>
 *
 * <p>A message sent alone travels as the raw request body ({@code application/octet-stream}, metadata
 * in {@code X-RMQ-*} headers): a body given as a {@code String} as its UTF-8 bytes, a body given as
 * bytes unchanged whatever the bytes, so it may be as large as the proxy accepts (4 MiB by default).
 * In a batch, or when the tag, a key, a property or the message group is not printable ASCII, it
 * travels in JSON: a {@code String} body as UTF-8 text ({@code "bodyEncoding": "utf-8"}), a byte body
 * base64-encoded ({@code "bodyEncoding": "base64"}), which makes the request a third larger than the body.
 *
 * <p>{@link Builder#messageGroup(String) messageGroup} makes the message FIFO: all messages of one
 * group go to one queue, in the order they were sent (from one sender, one at a time).
 * {@link Builder#deliveryTimestamp(long) deliveryTimestamp} schedules delivery; the two cannot be
 * combined.
 */
public final class Message {
    private final String topic;
    private final byte[] body;
    private final boolean textBody;
    private final String tag;
    private final List<String> keys;
    private final Map<String, String> properties;
    private final String messageGroup;
    private final Long deliveryTimestamp;

    private Message(Builder builder) {
        this.topic = builder.topic;
        this.body = builder.body;
        this.textBody = builder.textBody;
        this.tag = builder.tag;
        this.keys = Collections.unmodifiableList(new ArrayList<>(builder.keys));
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(builder.properties));
        this.messageGroup = builder.messageGroup;
        this.deliveryTimestamp = builder.deliveryTimestamp;
    }

    /**
     * Starts a message. Topic and body are required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the topic the message goes to.
     *
     * @return the topic
     */
    public String topic() {
        return topic;
    }

    /**
     * Returns the body.
     *
     * @return a copy of the body bytes (UTF-8 when it was given as text)
     */
    public byte[] body() {
        return body.clone();
    }

    /**
     * Tells whether the body was given as text, and so travels as UTF-8 text rather than base64 when the message
     * goes in JSON.
     *
     * @return {@code true} for a text body
     */
    public boolean hasTextBody() {
        return textBody;
    }

    /**
     * Returns the tag consumers can filter on.
     *
     * @return the tag, or empty
     */
    public Optional<String> tag() {
        return Optional.ofNullable(tag);
    }

    /**
     * Returns the keys the message can be looked up by.
     *
     * @return an unmodifiable list, empty when there are none
     */
    public List<String> keys() {
        return keys;
    }

    /**
     * Returns the user properties, which SQL92 filters can select on.
     *
     * @return an unmodifiable map in insertion order
     */
    public Map<String, String> properties() {
        return properties;
    }

    /**
     * Returns the FIFO message group.
     *
     * @return the group, or empty for a message without ordering
     */
    public Optional<String> messageGroup() {
        return Optional.ofNullable(messageGroup);
    }

    /**
     * Returns when the message is to be delivered, in epoch milliseconds.
     *
     * @return the delivery timestamp, or empty for immediate delivery
     */
    public OptionalLong deliveryTimestamp() {
        return deliveryTimestamp == null ? OptionalLong.empty() : OptionalLong.of(deliveryTimestamp);
    }

    @Override
    public String toString() {
        return "Message{topic=" + topic + ", bodyLength=" + body.length + ", tag=" + tag + ", keys=" + keys
            + ", messageGroup=" + messageGroup + ", deliveryTimestamp=" + deliveryTimestamp + '}';
    }

    /**
     * Builds a {@link Message}. Each setter checks its argument at once. Not thread-safe.
     */
    public static final class Builder {
        private String topic;
        private byte[] body;
        private boolean textBody;
        private String tag;
        private final List<String> keys = new ArrayList<>();
        private final Map<String, String> properties = new LinkedHashMap<>();
        private String messageGroup;
        private Long deliveryTimestamp;

        private Builder() {
        }

        /**
         * Sets the topic. Required.
         *
         * @param topic a name matching {@code ^[%|a-zA-Z0-9_-]+$}, at most 127 characters
         * @return this builder
         * @throws IllegalArgumentException if the name is not valid
         */
        public Builder topic(String topic) {
            this.topic = Checks.topic(topic);
            return this;
        }

        /**
         * Sets a binary body, sent as the raw request body or base64-encoded (see the class
         * documentation). Required (this or {@link #body(String)}).
         *
         * @param body at least one byte; copied
         * @return this builder
         * @throws IllegalArgumentException if empty
         */
        public Builder body(byte[] body) {
            Objects.requireNonNull(body, "body");
            if (body.length == 0) {
                throw new IllegalArgumentException("body must not be empty");
            }
            this.body = body.clone();
            this.textBody = false;
            return this;
        }

        /**
         * Sets a text body, sent as UTF-8. Required (this or {@link #body(byte[])}).
         *
         * @param body a non-empty string
         * @return this builder
         * @throws IllegalArgumentException if empty
         */
        public Builder body(String body) {
            Objects.requireNonNull(body, "body");
            if (body.isEmpty()) {
                throw new IllegalArgumentException("body must not be empty");
            }
            this.body = body.getBytes(StandardCharsets.UTF_8);
            this.textBody = true;
            return this;
        }

        /**
         * Sets the tag.
         *
         * @param tag a non-empty tag without {@code |} and control characters
         * @return this builder
         * @throws IllegalArgumentException if not valid
         */
        public Builder tag(String tag) {
            Checks.text("tag", tag);
            if (tag.indexOf('|') >= 0) {
                throw new IllegalArgumentException("tag must not contain '|': '" + tag + "'");
            }
            this.tag = tag;
            return this;
        }

        /**
         * Sets the keys, replacing any set before.
         *
         * @param keys non-empty keys without control characters or white space (RocketMQ stores the
         *     keys of a message separated by spaces)
         * @return this builder
         * @throws IllegalArgumentException if a key is not valid
         */
        public Builder keys(String... keys) {
            return keys(Arrays.asList(Objects.requireNonNull(keys, "keys")));
        }

        /**
         * Sets the keys, replacing any set before.
         *
         * @param keys non-empty keys without control characters or white space (RocketMQ stores the
         *     keys of a message separated by spaces)
         * @return this builder
         * @throws IllegalArgumentException if a key is not valid
         */
        public Builder keys(Collection<String> keys) {
            Objects.requireNonNull(keys, "keys");
            List<String> checked = new ArrayList<>();
            for (String key : keys) {
                Checks.text("key", key);
                for (int i = 0; i < key.length(); i++) {
                    if (Character.isWhitespace(key.charAt(i))) {
                        throw new IllegalArgumentException("key must not contain white space: '" + key + "'");
                    }
                }
                checked.add(key);
            }
            this.keys.clear();
            this.keys.addAll(checked);
            return this;
        }

        /**
         * Adds a user property. RocketMQ's reserved names ({@code KEYS}, {@code TAGS}, ...) are
         * refused by the proxy.
         *
         * @param name a non-empty name without control characters
         * @param value a non-empty value without control characters
         * @return this builder
         * @throws IllegalArgumentException if not valid
         */
        public Builder property(String name, String value) {
            properties.put(Checks.text("property name", name), Checks.text("property value", value));
            return this;
        }

        /**
         * Adds user properties.
         *
         * @param properties names and values, as for {@link #property(String, String)}
         * @return this builder
         * @throws IllegalArgumentException if one is not valid
         */
        public Builder properties(Map<String, String> properties) {
            Objects.requireNonNull(properties, "properties");
            Map<String, String> checked = new LinkedHashMap<>();
            properties.forEach((name, value) ->
                checked.put(Checks.text("property name", name), Checks.text("property value", value)));
            this.properties.putAll(checked);
            return this;
        }

        /**
         * Makes the message FIFO within the given group.
         *
         * @param messageGroup a non-empty group without control characters
         * @return this builder
         * @throws IllegalArgumentException if not valid
         */
        public Builder messageGroup(String messageGroup) {
            this.messageGroup = Checks.text("messageGroup", messageGroup);
            return this;
        }

        /**
         * Schedules delivery at the given time. A past time delivers now; the proxy refuses times
         * more than its maximum delay (24 h by default) ahead.
         *
         * @param epochMillis the delivery time in milliseconds since the epoch
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder deliveryTimestamp(long epochMillis) {
            if (epochMillis < 0) {
                throw new IllegalArgumentException("deliveryTimestamp must not be negative: " + epochMillis);
            }
            this.deliveryTimestamp = epochMillis;
            return this;
        }

        /**
         * Schedules delivery at the given instant; see {@link #deliveryTimestamp(long)}.
         *
         * @param deliveryTime the delivery time
         * @return this builder
         * @throws IllegalArgumentException if before the epoch
         */
        public Builder deliveryTime(Instant deliveryTime) {
            return deliveryTimestamp(Objects.requireNonNull(deliveryTime, "deliveryTime").toEpochMilli());
        }

        /**
         * Checks the message and builds it.
         *
         * @return an immutable message
         * @throws IllegalStateException if topic or body is missing, or both a message group and a
         *     delivery time are set
         */
        public Message build() {
            if (topic == null) {
                throw new IllegalStateException("topic is required");
            }
            if (body == null) {
                throw new IllegalStateException("body is required");
            }
            if (messageGroup != null && deliveryTimestamp != null) {
                throw new IllegalStateException("messageGroup and deliveryTimestamp cannot be combined");
            }
            return new Message(this);
        }
    }
}
