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

/**
 * Handles the messages an {@link HttpPushConsumer} receives.
 *
 * <p>Called on the consumer's handler threads, concurrently for different messages (except in FIFO
 * mode, where the messages of one queue, and so of one message group, are handed over one at a
 * time, in order). An
 * implementation must therefore be thread-safe. A thrown exception or a {@code null} result
 * counts as {@link ConsumeResult#FAILURE}.
 *
 * <p>Delivery is at least once: a message can arrive again after a crash, a failed ack, or when
 * handling took longer than the consumer's invisible duration. Make handling idempotent, for
 * example keyed by {@link ReceivedMessage#messageId()}.
 */
@FunctionalInterface
public interface MessageListener {
    /**
     * Handles one message.
     *
     * @param message the message
     * @return {@link ConsumeResult#SUCCESS} to ack it, {@link ConsumeResult#FAILURE} to have it
     *     delivered again later
     */
    ConsumeResult consume(ReceivedMessage message);
}
