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

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.http.client.ClientConfig;
import org.apache.rocketmq.http.client.HttpProducer;
import org.apache.rocketmq.http.client.Message;
import org.apache.rocketmq.http.client.Transaction;
import org.apache.rocketmq.http.client.TransactionChecker;
import org.apache.rocketmq.http.client.TransactionResolution;

/**
 * Orders as transactional messages: one paid (committed), one cancelled (rolled back), and one
 * whose producer "crashed" before ending it, which the checker commits when the broker asks about it.
 *
 * <p>Arguments: {@code [proxyUrl [topic [seconds]]]}, by default
 * {@code http://127.0.0.1:8181 TransactionTopicTest 60}: how long to wait for the broker's question
 * (it asks after 6 s, in rounds every 30 s).
 */
public final class TransactionProducerExample {
    // checkstyle:cli-output
    private TransactionProducerExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        String endpoint = args.length > 0 ? args[0] : "http://127.0.0.1:8181";
        String topic = args.length > 1 ? args[1] : "TransactionTopicTest";
        long seconds = args.length > 2 ? Long.parseLong(args[2]) : 60;

        // the "database" of the local transactions
        Map<String, Boolean> paid = new ConcurrentHashMap<>();
        CountDownLatch asked = new CountDownLatch(1);
        TransactionChecker checker = check -> {
            String order = check.keys().isEmpty() ? "" : check.keys().get(0);
            System.out.println("the broker asks about " + order + " (question " + check.checkAttempt() + ")");
            Boolean isPaid = paid.get(order);
            if (isPaid == null) {
                return TransactionResolution.UNKNOWN;
            }
            asked.countDown();
            return isPaid ? TransactionResolution.COMMIT : TransactionResolution.ROLLBACK;
        };

        ClientConfig config = ClientConfig.builder().endpoints(endpoint).producerGroup("PID_ORDER_EXAMPLE").build();
        try (HttpProducer producer = HttpProducer.builder(config).transactionChecker(checker, topic).build()) {
            Transaction first = producer.sendHalf(Message.builder().topic(topic).body("order 1").keys("order-1").build());
            paid.put("order-1", true);
            first.commit();
            System.out.println("order-1 committed: consumers receive it");

            Transaction second = producer.sendHalf(Message.builder().topic(topic).body("order 2").keys("order-2").build());
            paid.put("order-2", false);
            second.rollback();
            System.out.println("order-2 rolled back: never delivered");

            producer.sendHalf(Message.builder().topic(topic).body("order 3").keys("order-3").build());
            paid.put("order-3", true);
            System.out.println("order-3 left open, as if the producer had crashed; waiting for the broker to ask");
            if (asked.await(seconds, TimeUnit.SECONDS)) {
                System.out.println("order-3 committed by the checker");
            } else {
                System.out.println("the broker did not ask within " + seconds + " s");
            }
        }
    }
    // checkstyle:end-cli-output
}
