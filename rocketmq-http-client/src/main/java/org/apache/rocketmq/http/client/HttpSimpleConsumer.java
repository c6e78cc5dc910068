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

import java.io.Closeable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.rocketmq.http.client.internal.ApiRequest;
import org.apache.rocketmq.http.client.internal.Checks;
import org.apache.rocketmq.http.client.internal.Futures;
import org.apache.rocketmq.http.client.internal.JsonCodec;
import org.apache.rocketmq.http.client.internal.Transport;
import org.apache.rocketmq.http.client.internal.UriEncoding;

/**
 * Receives messages of one topic for one consumer group and acks them, with the caller in control
 * of when and how many (RocketMQ's "simple consumer", over the proxy's stateless POP API).
 *
 * <pre>{@code
 * try (HttpSimpleConsumer consumer = HttpSimpleConsumer.builder(config)
 *         .group("GroupTest").topic("TopicTest").filter(FilterExpression.tag("TagA||TagB")).build()) {
 *     for (ReceivedMessage message : consumer.receive(16, Duration.ofSeconds(60), Duration.ofSeconds(20))) {
 *         handle(message);
 *         consumer.ack(message);
 *     }
 * }
 * }</pre>
 *
 * <p><b>Semantics.</b> A received message is invisible to the group for the invisible duration.
 * Ack it with its receipt handle before that ends, or it is delivered again (with a higher
 * {@link ReceivedMessage#deliveryAttempt()}; after the group's {@code retryMaxTimes + 1} deliveries,
 * 17 by default, it goes to the dead-letter topic {@code %DLQ%group}). Delivery is therefore at least once: a message may be
 * handled twice after a crash, a lost ack, or slow handling. The proxy keeps no consumer state, so
 * any proxy of the cluster can serve any of these calls.
 *
 * <p><b>FIFO.</b> With {@link Builder#fifo(boolean) fifo(true)} receives ask for {@code order=true}:
 * the broker hands out the next messages of a queue only after the previous ones were acked (or
 * their invisibility ended), so a message group is seen in order as long as each message is acked
 * before the next receive of that group's messages. The broker orders by queue, not by group: when a
 * message of a received batch is not acked (it is nacked, or its invisibility ends), the queue is
 * handed out again from that message on, with every message behind it, even those that were acked
 * meanwhile, of any message group. So handle a batch in order and stop at the first failure, nacking
 * the rest of its queue, as {@link HttpPushConsumer} does.
 *
 * <p><b>Retries.</b> Receives, acks and lease changes are retried on network failures, 429, 503
 * and 504, because repeating them is harmless under at-least-once delivery: a retried receive
 * can at worst leave messages invisible until their invisible duration ends, after which they are
 * delivered again; acking an already acked handle acks nothing new; a repeated lease change at worst
 * makes the message visible at a slightly different time, or fails with
 * {@link ReceiptHandleExpiredException} when the first one had already replaced the handle.
 *
 * <p><b>A broker that dies.</b> While any broker of the topic answers, receives are served by the
 * brokers that do: a dead broker costs no failed receive. Only when none answers does a receive fail
 * with {@link BrokerUnavailableException}, after the retries; wait its
 * {@link BrokerUnavailableException#retryAfter() retryAfter()} before the next receive rather than
 * receiving again at once. An ack whose message lives on a broker that cannot be reached fails for
 * that handle with {@link BrokerUnavailableException}; the message is delivered again after the
 * broker is back.
 *
 * <p><b>Timeouts.</b> A receive may wait up to {@code waitDuration} on the proxy for messages, so
 * its HTTP timeout is {@code waitDuration +} {@link ClientConfig#requestTimeout()}.
 *
 * <p><b>Threading and closing.</b> Thread-safe; several threads may receive and ack at once.
 * {@link #close()} waits up to the request timeout for calls in flight and releases the
 * connections and threads; messages received and not acked then become visible again when their
 * invisible duration ends.
 */
public final class HttpSimpleConsumer implements Closeable {
    private final Transport transport;
    private final String group;
    private final String topic;
    private final FilterExpression filter;
    private final boolean fifo;

    private HttpSimpleConsumer(Builder builder) {
        this.group = builder.group;
        this.topic = builder.topic;
        this.filter = builder.filter;
        this.fifo = builder.fifo;
        this.transport = new Transport(builder.config, "rocketmq-http-consumer");
    }

    /**
     * Starts a consumer.
     *
     * @param config where the proxies are and how to reach them
     * @return a builder; group and topic are required
     */
    public static Builder builder(ClientConfig config) {
        return new Builder(Objects.requireNonNull(config, "config"));
    }

    /**
     * Returns the consumer group.
     *
     * @return the group
     */
    public String group() {
        return group;
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
     * Returns the filter.
     *
     * @return the filter
     */
    public FilterExpression filter() {
        return filter;
    }

    /**
     * Tells whether receives ask for FIFO order.
     *
     * @return {@code true} in FIFO mode
     */
    public boolean isFifo() {
        return fifo;
    }

    /**
     * Receives messages, waiting up to {@code waitDuration} for the first one to arrive.
     *
     * @param maxMessages the most messages to return, 1 to 32
     * @param invisibleDuration how long the messages stay invisible to the group, rounded up to
     *     whole seconds; the proxy accepts 10 s to 12 h
     * @param waitDuration how long to wait for messages when none is there, rounded up to whole
     *     seconds; the proxy accepts 0 to 30 s
     * @return the messages, empty when none arrived in time
     * @throws HttpProxyClientException the subclass for the failure, e.g. {@link NotFoundException}
     *     for an unknown topic or group, {@link BrokerUnavailableException} when no broker of the
     *     topic answered
     * @throws IllegalArgumentException if {@code maxMessages} is out of range or a duration negative
     * @throws IllegalStateException if the consumer is closed
     */
    public List<ReceivedMessage> receive(int maxMessages, Duration invisibleDuration, Duration waitDuration) {
        return JsonCodec.messages(transport.call(receiveRequest(maxMessages, invisibleDuration, waitDuration)));
    }

    /**
     * Receives messages without blocking; see {@link #receive(int, Duration, Duration)}.
     *
     * @param maxMessages the most messages to return, 1 to 32
     * @param invisibleDuration how long the messages stay invisible to the group
     * @param waitDuration how long to wait for messages when none is there
     * @return a future of the messages, failing with an {@link HttpProxyClientException}
     * @throws IllegalArgumentException if {@code maxMessages} is out of range or a duration negative
     */
    public CompletableFuture<List<ReceivedMessage>> receiveAsync(int maxMessages, Duration invisibleDuration,
        Duration waitDuration) {
        return Futures.map(transport.execute(receiveRequest(maxMessages, invisibleDuration, waitDuration)), JsonCodec::messages);
    }

    private ApiRequest receiveRequest(int maxMessages, Duration invisibleDuration, Duration waitDuration) {
        if (maxMessages < 1 || maxMessages > 32) {
            throw new IllegalArgumentException("maxMessages must be in [1, 32]: " + maxMessages);
        }
        Checks.positive("invisibleDuration", invisibleDuration);
        Checks.notNegative("waitDuration", waitDuration);
        long waitSeconds = Checks.ceilSeconds(waitDuration);
        ApiRequest request = ApiRequest.get(UriEncoding.topicPath(topic, "messages"),
                transport.config().requestTimeout().plusSeconds(waitSeconds))
            .query("group", group)
            .query("max", maxMessages)
            .query("waitSeconds", waitSeconds)
            .query("invisibleSeconds", Checks.ceilSeconds(invisibleDuration))
            .query(filter.type() == FilterExpression.Type.SQL92 ? "sql" : "tag", filter.expression())
            .query("order", fifo ? "true" : null)
            .query("bodyEncoding", "base64");
        return request;
    }

    /**
     * Acks a message: it is consumed and will not be delivered to this group again.
     *
     * @param message a message received by this consumer
     * @throws ReceiptHandleExpiredException if the invisible duration ended or the handle was
     *     replaced by {@link #changeInvisibleDuration(String, Duration)}; the message is or will be
     *     delivered again
     * @throws HttpProxyClientException the subclass for another failure
     * @throws IllegalStateException if the consumer is closed
     */
    public void ack(ReceivedMessage message) {
        ack(Objects.requireNonNull(message, "message").receiptHandle());
    }

    /**
     * Acks a delivery by its receipt handle; see {@link #ack(ReceivedMessage)}.
     *
     * @param receiptHandle the current receipt handle of the delivery
     * @throws ReceiptHandleExpiredException if the handle is no longer valid
     * @throws HttpProxyClientException the subclass for another failure
     * @throws IllegalStateException if the consumer is closed
     */
    public void ack(String receiptHandle) {
        ackBatch(Collections.singletonList(Checks.text("receiptHandle", receiptHandle))).get(0).value();
    }

    /**
     * Acks a message without blocking; see {@link #ack(ReceivedMessage)}.
     *
     * @param message a message received by this consumer
     * @return a future that fails with an {@link HttpProxyClientException} when the ack did
     */
    public CompletableFuture<Void> ackAsync(ReceivedMessage message) {
        return ackAsync(Objects.requireNonNull(message, "message").receiptHandle());
    }

    /**
     * Acks a delivery by its receipt handle without blocking.
     *
     * @param receiptHandle the current receipt handle of the delivery
     * @return a future that fails with an {@link HttpProxyClientException} when the ack did
     */
    public CompletableFuture<Void> ackAsync(String receiptHandle) {
        Checks.text("receiptHandle", receiptHandle);
        return Futures.map(ackBatchAsync(Collections.singletonList(receiptHandle)), result -> {
            result.get(0).value();
            return null;
        });
    }

    /**
     * Acks several deliveries in one request (up to the proxy's limit of 256).
     *
     * @param receiptHandles the handles to ack
     * @return one entry per handle, in the order given: the handle when it was acked, or why not
     *     (e.g. {@link ReceiptHandleExpiredException})
     * @throws HttpProxyClientException when the request as a whole failed
     * @throws IllegalArgumentException if the list is empty
     * @throws IllegalStateException if the consumer is closed
     */
    public BatchResult<String> ackBatch(List<String> receiptHandles) {
        List<String> handles = handlesOf(receiptHandles);
        return JsonCodec.ackResults(transport.call(ackRequest(handles)), handles);
    }

    /**
     * Acks several deliveries in one request without blocking; see {@link #ackBatch(List)}.
     *
     * @param receiptHandles the handles to ack
     * @return a future of one entry per handle, in the order given
     * @throws IllegalArgumentException if the list is empty
     */
    public CompletableFuture<BatchResult<String>> ackBatchAsync(List<String> receiptHandles) {
        List<String> handles = handlesOf(receiptHandles);
        return Futures.map(transport.execute(ackRequest(handles)), response -> JsonCodec.ackResults(response, handles));
    }

    private static List<String> handlesOf(List<String> receiptHandles) {
        Objects.requireNonNull(receiptHandles, "receiptHandles");
        List<String> handles = new ArrayList<>(receiptHandles.size());
        for (String handle : receiptHandles) {
            handles.add(Checks.text("receiptHandle", handle));
        }
        if (handles.isEmpty()) {
            throw new IllegalArgumentException("at least one receipt handle is required");
        }
        return handles;
    }

    private ApiRequest ackRequest(List<String> handles) {
        return ApiRequest.post(UriEncoding.topicPath(topic, "acks"), JsonCodec.receiptHandles(handles),
                ApiRequest.Kind.SAFE, transport.config().requestTimeout())
            .query("group", group);
    }

    /**
     * Changes how long a received message stays invisible, counted from now, and returns the new
     * receipt handle. {@link Duration#ZERO} makes it visible at once, which is a negative
     * acknowledgement (nack): it will be delivered again, to this or another consumer.
     *
     * <p><b>The old handle must not be used afterwards.</b> Only the returned handle acks the
     * message. The broker keeps no link between the two: an ack with the old handle may be
     * refused as expired, or be answered as a success without acking the message, which is then
     * delivered again.
     *
     * @param receiptHandle the current receipt handle of the delivery
     * @param invisibleDuration the new invisible duration from now, rounded up to whole seconds;
     *     zero to nack
     * @return the new receipt handle
     * @throws ReceiptHandleExpiredException if the handle is no longer valid
     * @throws HttpProxyClientException the subclass for another failure
     * @throws IllegalArgumentException if the duration is negative
     * @throws IllegalStateException if the consumer is closed
     */
    public String changeInvisibleDuration(String receiptHandle, Duration invisibleDuration) {
        return JsonCodec.newReceiptHandle(transport.call(leaseRequest(receiptHandle, invisibleDuration)));
    }

    /**
     * Changes the invisibility of a received message; see
     * {@link #changeInvisibleDuration(String, Duration)}.
     *
     * @param message a message received by this consumer
     * @param invisibleDuration the new invisible duration from now; zero to nack
     * @return the new receipt handle; {@code message.receiptHandle()} must not be used any more
     * @throws ReceiptHandleExpiredException if the handle is no longer valid
     * @throws HttpProxyClientException the subclass for another failure
     * @throws IllegalArgumentException if the duration is negative
     * @throws IllegalStateException if the consumer is closed
     */
    public String changeInvisibleDuration(ReceivedMessage message, Duration invisibleDuration) {
        return changeInvisibleDuration(Objects.requireNonNull(message, "message").receiptHandle(), invisibleDuration);
    }

    /**
     * Changes the invisibility of a delivery without blocking; see
     * {@link #changeInvisibleDuration(String, Duration)}.
     *
     * @param receiptHandle the current receipt handle of the delivery
     * @param invisibleDuration the new invisible duration from now; zero to nack
     * @return a future of the new receipt handle, failing with an {@link HttpProxyClientException}
     * @throws IllegalArgumentException if the duration is negative
     */
    public CompletableFuture<String> changeInvisibleDurationAsync(String receiptHandle, Duration invisibleDuration) {
        return Futures.map(transport.execute(leaseRequest(receiptHandle, invisibleDuration)), JsonCodec::newReceiptHandle);
    }

    private ApiRequest leaseRequest(String receiptHandle, Duration invisibleDuration) {
        Checks.text("receiptHandle", receiptHandle);
        Checks.notNegative("invisibleDuration", invisibleDuration);
        byte[] body = JsonCodec.lease(receiptHandle, Checks.ceilSeconds(invisibleDuration));
        return ApiRequest.post(UriEncoding.topicPath(topic, "leases"), body, ApiRequest.Kind.SAFE,
                transport.config().requestTimeout())
            .query("group", group);
    }

    /**
     * Waits up to the request timeout for calls in flight, then releases the connections and
     * threads. Received messages that were not acked become visible again when their invisible
     * duration ends. Calling it again has no effect.
     */
    @Override
    public void close() {
        transport.close();
    }

    /**
     * Builds an {@link HttpSimpleConsumer}. Not thread-safe.
     */
    public static final class Builder {
        private final ClientConfig config;
        private String group;
        private String topic;
        private FilterExpression filter = FilterExpression.all();
        private boolean fifo;

        private Builder(ClientConfig config) {
            this.config = config;
        }

        /**
         * Sets the consumer group. Required.
         *
         * @param group a name matching {@code ^[%|a-zA-Z0-9_-]+$}, at most 120 characters
         * @return this builder
         * @throws IllegalArgumentException if the name is not valid
         */
        public Builder group(String group) {
            this.group = Checks.group(group);
            return this;
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
         * Sets which messages to receive. Default {@link FilterExpression#all()}.
         *
         * @param filter the filter
         * @return this builder
         */
        public Builder filter(FilterExpression filter) {
            this.filter = Objects.requireNonNull(filter, "filter");
            return this;
        }

        /**
         * Receives in FIFO order ({@code order=true}), for groups that consume FIFO topics.
         * Default {@code false}.
         *
         * @param fifo whether to ask for FIFO order
         * @return this builder
         */
        public Builder fifo(boolean fifo) {
            this.fifo = fifo;
            return this;
        }

        /**
         * Checks the settings and creates the consumer. It opens connections lazily.
         *
         * @return a consumer to close when done
         * @throws IllegalStateException if group or topic is missing
         */
        public HttpSimpleConsumer build() {
            if (group == null || topic == null) {
                throw new IllegalStateException("group and topic are required");
            }
            return new HttpSimpleConsumer(this);
        }
    }
}
