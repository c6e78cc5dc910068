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
package org.apache.rocketmq.http.client.example;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.rocketmq.http.client.ClientConfig;
import org.apache.rocketmq.http.client.FilterExpression;
import org.apache.rocketmq.http.client.HttpProxyClientException;
import org.apache.rocketmq.http.client.HttpSimpleConsumer;
import org.apache.rocketmq.http.client.ReceivedMessage;

/**
 * Receives messages in a loop, acks those it handled, postpones a TagB message once, and stops after
 * a long poll that brought nothing once the postponed messages came back and were acked.
 *
 * <p>Arguments: {@code [proxyUrl [topic [group]]]}, by default
 * {@code http://127.0.0.1:8181 TopicTest GID_HTTP_QUICKSTART} (what {@code --standalone} creates).
 */
public final class SimpleConsumerExample {
    // checkstyle:cli-output
    private SimpleConsumerExample() {
    }

    public static void main(String[] args) {
        String endpoint = args.length > 0 ? args[0] : "http://127.0.0.1:8181";
        String topic = args.length > 1 ? args[1] : "TopicTest";
        String group = args.length > 2 ? args[2] : "GID_HTTP_QUICKSTART";

        ClientConfig config = ClientConfig.builder().endpoints(endpoint).build();
        try (HttpSimpleConsumer consumer = HttpSimpleConsumer.builder(config)
                .group(group)
                .topic(topic)
                .filter(FilterExpression.tag("TagA||TagB"))
                .build()) {
            Set<String> postponed = new HashSet<>();
            while (true) {
                // up to 16 messages, invisible to the group for 30 s, waiting up to 10 s for them
                List<ReceivedMessage> messages = consumer.receive(16, Duration.ofSeconds(30), Duration.ofSeconds(10));
                if (messages.isEmpty() && postponed.isEmpty()) {
                    System.out.println("no message within 10 s, done");
                    return;
                }
                for (ReceivedMessage message : messages) {
                    System.out.println("received " + message + " body=" + printable(message));
                    if (message.tag().orElse("").equals("TagB") && message.deliveryAttempt() == 1) {
                        // not now: make it visible again in 10 s; only the new handle is valid from here on
                        String newHandle = consumer.changeInvisibleDuration(message, Duration.ofSeconds(10));
                        postponed.add(message.messageId());
                        System.out.println("  postponed, new handle " + newHandle);
                        continue;
                    }
                    consumer.ack(message);
                    postponed.remove(message.messageId());
                    System.out.println("  acked");
                }
            }
        } catch (HttpProxyClientException e) {
            System.err.println("consume failed: " + e.getMessage());
            throw e;
        }
    }

    private static String printable(ReceivedMessage message) {
        String text = message.bodyAsString();
        return text.chars().allMatch(c -> c >= 0x20 && c != 0xFFFD) ? text : message.body().length + " bytes";
    }
    // checkstyle:end-cli-output
}
