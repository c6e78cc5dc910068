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
package org.apache.rocketmq.http.benchmark.load;

import java.util.List;
import java.util.function.Consumer;

/**
 * One way of talking to RocketMQ: the native remoting client, the HTTP proxy through the SDK or
 * raw HTTP, or the official proxy through its gRPC client. Thread-safe; blocking calls.
 */
public interface Driver extends AutoCloseable {
    /** The user property that carries the send time (nanoTime of the load generator) for end-to-end latency. */
    String SENT_PROPERTY = "benchsent";

    /**
     * Sends one message and returns when the broker stored it.
     *
     * @param sentNanos the value of {@link #SENT_PROPERTY}, or 0 for none
     */
    void send(String topic, byte[] body, long sentNanos) throws Exception;

    /**
     * Sends the messages in one request (or the client's nearest equivalent).
     *
     * @param failures told what went wrong with each message that failed on its own, when others of the
     *     batch succeeded
     * @return how many of them failed
     */
    int sendBatch(String topic, List<byte[]> bodies, Consumer<String> failures) throws Exception;

    /**
     * Starts receiving and acking the messages of a topic for a group.
     *
     * @param threads receiving threads (or consuming threads of a push consumer)
     * @return closes the consumer
     */
    AutoCloseable consume(String topic, String group, int threads, MessageSink sink) throws Exception;

    /**
     * Receives what a consumer acked.
     */
    interface MessageSink {
        /**
         * @param sentNanos the message's {@link #SENT_PROPERTY}, or 0 when it has none
         * @param receivedNanos when the message arrived
         */
        void acked(long sentNanos, long receivedNanos);

        void failed(Throwable error);
    }

    static long sentNanos(String property) {
        if (property == null || property.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(property);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
