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
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.http.client.ClientConfig;
import org.apache.rocketmq.http.client.ConsumeResult;
import org.apache.rocketmq.http.client.FilterExpression;
import org.apache.rocketmq.http.client.HttpPushConsumer;

/**
 * Lets the SDK poll and calls a listener for each message, for a while, then closes gracefully.
 *
 * <p>Arguments: {@code [proxyUrl [topic [group [seconds]]]]}, by default
 * {@code http://127.0.0.1:8181 TopicTest GID_HTTP_QUICKSTART 30} (what {@code --standalone} creates).
 */
public final class PushConsumerExample {
    // checkstyle:cli-output
    private PushConsumerExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        String endpoint = args.length > 0 ? args[0] : "http://127.0.0.1:8181";
        String topic = args.length > 1 ? args[1] : "TopicTest";
        String group = args.length > 2 ? args[2] : "GID_HTTP_QUICKSTART";
        long seconds = args.length > 3 ? Long.parseLong(args[3]) : 30;

        ClientConfig config = ClientConfig.builder().endpoints(endpoint).build();
        AtomicInteger consumed = new AtomicInteger();
        HttpPushConsumer consumer = HttpPushConsumer.builder(config)
            .group(group)
            .topic(topic)
            .filter(FilterExpression.all())
            .consumptionThreads(4)
            .waitDuration(Duration.ofSeconds(5))
            .listener(message -> {
                System.out.println(Thread.currentThread().getName() + " consumed " + message.messageId()
                    + " attempt " + message.deliveryAttempt() + ": " + message.bodyAsString());
                consumed.incrementAndGet();
                return ConsumeResult.SUCCESS;
            })
            .build();
        Thread closer = new Thread(consumer::close);
        Runtime.getRuntime().addShutdownHook(closer);

        System.out.println("consuming " + topic + " as " + group + " for " + seconds + " s (Ctrl-C stops earlier)");
        Thread.sleep(seconds * 1000);

        Runtime.getRuntime().removeShutdownHook(closer);
        consumer.close();
        System.out.println("closed after " + consumed.get() + " messages");
    }
    // checkstyle:end-cli-output
}
