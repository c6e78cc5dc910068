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
import java.util.Objects;
import org.apache.rocketmq.http.client.internal.Checks;
import org.apache.rocketmq.http.client.internal.PushConsumeService;
import org.apache.rocketmq.http.client.internal.PushSettings;

/**
 * Consumes a topic for a consumer group by calling a {@link MessageListener} for each message: the
 * SDK long-polls the proxy, hands messages to a bounded pool of handler threads, acks each message
 * the listener accepted and has the others delivered again after a backoff.
 *
 * <pre>{@code
 * HttpPushConsumer consumer = HttpPushConsumer.builder(config)
 *     .group("GroupTest")
 *     .topic("TopicTest")
 *     .filter(FilterExpression.tag("TagA"))
 *     .listener(message -> {
 *         process(message.body());
 *         return ConsumeResult.SUCCESS;
 *     })
 *     .build();          // starts consuming
 * ...
 * consumer.close();      // stops, finishes running handlers, releases the rest
 * }</pre>
 *
 * <p><b>Flow.</b> {@link Builder#pollingThreads(int) pollingThreads} loops each receive up to
 * {@link Builder#receiveBatchSize(int) receiveBatchSize} messages, waiting up to
 * {@link Builder#waitDuration(Duration) waitDuration} on the proxy when there are none. At most
 * {@link Builder#maxInFlightMessages(int) maxInFlightMessages} messages are received and not yet
 * acked or nacked; polling pauses while that many are. Receive failures are logged and the loop
 * tries again after a pause growing from 1 s to 30 s, and never shorter than the {@code Retry-After}
 * of the failure. A broker that dies does not stop the consumer: the proxy serves its receives from
 * the topic's other brokers; it fails receives (503) only while no broker of the topic answers.
 *
 * <p><b>Outcome.</b> {@link ConsumeResult#SUCCESS} acks the message. {@link ConsumeResult#FAILURE},
 * a thrown exception or {@code null} nacks it: its invisibility is changed to a backoff of
 * {@code initial * 2^(deliveryAttempt-1)}, capped (1 s and 5 min by default, see
 * {@link Builder#nackBackoff(Duration, Duration)}), after which it is delivered again, until the
 * group's {@code retryMaxTimes + 1} deliveries (17 by default) move it to {@code %DLQ%group}. A handler that takes longer than
 * {@link Builder#invisibleDuration(Duration) invisibleDuration} lets the message be delivered again
 * meanwhile; its late ack then fails and is logged. Delivery is at least once.
 *
 * <p><b>FIFO.</b> With {@link Builder#fifo(boolean) fifo(true)} messages are received with
 * {@code order=true} and those of one queue are handed to the listener one at a time, in queue
 * order; different queues run in parallel. A message group lives in one queue, so its messages
 * arrive in order. The queue, not the group, is the unit because that is how the broker redelivers:
 * after a failure it hands the queue out again from the failed message on, with every message
 * behind it whatever its group, so messages of other groups handled in parallel would come back
 * after their successors. When a message fails, it and the messages of its queue received after it
 * (not yet handed to the listener) are nacked together with its backoff, so that none overtakes it;
 * they count a delivery attempt each.
 *
 * <p><b>Threading.</b> The listener runs on the consumer's handler threads
 * ({@link Builder#consumptionThreads(int) consumptionThreads}, 8 by default); the consumer's threads
 * are daemon threads, so keep the application alive while it should consume.
 *
 * <p><b>Closing.</b> Always {@link #close()} it. Close stops polling (a long poll in flight is
 * waited for, and what it returns is nacked), waits up to
 * {@link Builder#shutdownTimeout(Duration) shutdownTimeout} for running handlers and acks or nacks
 * their results, and nacks with zero invisibility every message received but not yet handed to
 * the listener, so that nothing stays invisible longer than needed. Handlers still running after
 * the timeout are interrupted; their messages become visible again when their invisible duration
 * ends. Close returns within about {@code shutdownTimeout} plus the request timeout. A listener may
 * call close itself (for example on a poison pill): close then returns at once and the shutdown
 * completes in the background, settling that listener's message as well.
 */
public final class HttpPushConsumer implements Closeable {
    private final HttpSimpleConsumer consumer;
    private final PushConsumeService service;

    private HttpPushConsumer(Builder builder) {
        this.consumer = HttpSimpleConsumer.builder(builder.config)
            .group(builder.group)
            .topic(builder.topic)
            .filter(builder.filter)
            .fifo(builder.fifo)
            .build();
        this.service = new PushConsumeService(consumer, builder.listener, builder.settings, builder.config.requestTimeout());
    }

    /**
     * Starts a push consumer.
     *
     * @param config where the proxies are and how to reach them
     * @return a builder; group, topic and listener are required
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
        return consumer.group();
    }

    /**
     * Returns the topic.
     *
     * @return the topic
     */
    public String topic() {
        return consumer.topic();
    }

    boolean isClosing() {
        return service.isStopping();
    }

    /**
     * Stops consuming as described in the class documentation: no new receives, running handlers
     * finish (bounded by the shutdown timeout) and are acked or nacked, messages not yet handed to
     * the listener are nacked at once. Blocks until done; calling it again has no effect, except that
     * a call made while another thread's close is running waits for it.
     *
     * <p>Called from the {@link MessageListener}, close cannot wait for that listener to return: it
     * stops polling and returns at once, and the shutdown completes in the background, acking or
     * nacking the listener's message by its result like any other.
     */
    @Override
    public void close() {
        service.shutdown();
    }

    /**
     * Builds and starts an {@link HttpPushConsumer}. Not thread-safe.
     */
    public static final class Builder {
        private final ClientConfig config;
        private final PushSettings settings = new PushSettings();
        private String group;
        private String topic;
        private FilterExpression filter = FilterExpression.all();
        private boolean fifo;
        private MessageListener listener;

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
         * Consumes in FIFO order: see the class documentation. Default {@code false}.
         *
         * @param fifo whether to consume in FIFO order
         * @return this builder
         */
        public Builder fifo(boolean fifo) {
            this.fifo = fifo;
            return this;
        }

        /**
         * Sets the listener that handles the messages. Required.
         *
         * @param listener a thread-safe listener
         * @return this builder
         */
        public Builder listener(MessageListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets the number of handler threads, the most listener calls at once. Default 8.
         *
         * @param consumptionThreads at least 1
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder consumptionThreads(int consumptionThreads) {
            settings.consumptionThreads = Checks.positive("consumptionThreads", consumptionThreads);
            return this;
        }

        /**
         * Sets the number of long-poll loops. Default 1, which suits most consumers.
         *
         * @param pollingThreads at least 1
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder pollingThreads(int pollingThreads) {
            settings.pollingThreads = Checks.positive("pollingThreads", pollingThreads);
            return this;
        }

        /**
         * Sets the most messages received and not yet acked or nacked. Polling pauses at this
         * number, so messages do not wait in memory while their invisibility runs out. Default 32.
         *
         * @param maxInFlightMessages at least 1
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder maxInFlightMessages(int maxInFlightMessages) {
            settings.maxInFlightMessages = Checks.positive("maxInFlightMessages", maxInFlightMessages);
            return this;
        }

        /**
         * Sets the most messages one receive asks for. Default 16.
         *
         * @param receiveBatchSize 1 to 32
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder receiveBatchSize(int receiveBatchSize) {
            if (receiveBatchSize < 1 || receiveBatchSize > 32) {
                throw new IllegalArgumentException("receiveBatchSize must be in [1, 32]: " + receiveBatchSize);
            }
            settings.receiveBatchSize = receiveBatchSize;
            return this;
        }

        /**
         * Sets how long a received message stays invisible to the group: the time the listener has
         * before the message is delivered again. Default 60 s; the proxy accepts 10 s to 12 h.
         *
         * @param invisibleDuration a positive duration, rounded up to whole seconds
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder invisibleDuration(Duration invisibleDuration) {
            settings.invisibleDuration = Checks.positive("invisibleDuration", invisibleDuration);
            return this;
        }

        /**
         * Sets how long one receive waits on the proxy when no message is there. Longer waits mean
         * fewer empty requests; {@link #close()} may wait for one poll in flight. Default 10 s;
         * the proxy accepts 0 to 30 s.
         *
         * @param waitDuration a duration, rounded up to whole seconds
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder waitDuration(Duration waitDuration) {
            settings.waitDuration = Checks.notNegative("waitDuration", waitDuration);
            return this;
        }

        /**
         * Sets the backoff of failed messages: the n-th delivery of a message that fails is made
         * visible again after {@code initial * 2^(n-1)}, at most {@code max}. Default 1 s and 5 min.
         *
         * @param initial the delay after a first delivery failed, not negative
         * @param max the longest delay, not shorter than {@code initial}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder nackBackoff(Duration initial, Duration max) {
            Checks.notNegative("initial", initial);
            Checks.notNegative("max", max);
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("max must not be shorter than initial: " + initial + ", " + max);
            }
            settings.nackInitialBackoff = initial;
            settings.nackMaxBackoff = max;
            return this;
        }

        /**
         * Sets how long {@link #close()} waits for running handlers. Default 30 s.
         *
         * @param shutdownTimeout a duration, not negative
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            settings.shutdownTimeout = Checks.notNegative("shutdownTimeout", shutdownTimeout);
            return this;
        }

        /**
         * Checks the settings, creates the consumer and starts consuming.
         *
         * @return a running consumer to close when done
         * @throws IllegalStateException if group, topic or listener is missing
         */
        public HttpPushConsumer build() {
            if (group == null || topic == null || listener == null) {
                throw new IllegalStateException("group, topic and listener are required");
            }
            HttpPushConsumer consumer = new HttpPushConsumer(this);
            consumer.service.start();
            return consumer;
        }
    }
}
