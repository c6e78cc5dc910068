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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.rocketmq.http.client.BatchResult;
import org.apache.rocketmq.http.client.ClientConfig;
import org.apache.rocketmq.http.client.HttpProducer;
import org.apache.rocketmq.http.client.HttpProxyClientException;
import org.apache.rocketmq.http.client.Message;
import org.apache.rocketmq.http.client.SendReceipt;

/**
 * Sends a text message, a binary message, an asynchronous message and a batch.
 *
 * <p>Arguments: {@code [proxyUrl [topic]]}, by default {@code http://127.0.0.1:8181 TopicTest}.
 */
public final class ProducerExample {
    // checkstyle:cli-output
    private ProducerExample() {
    }

    public static void main(String[] args) {
        String endpoint = args.length > 0 ? args[0] : "http://127.0.0.1:8181";
        String topic = args.length > 1 ? args[1] : "TopicTest";

        ClientConfig config = ClientConfig.builder().endpoints(endpoint).build();
        try (HttpProducer producer = HttpProducer.create(config)) {
            SendReceipt receipt = producer.send(Message.builder()
                .topic(topic)
                .body("Hello RocketMQ over HTTP")
                .tag("TagA")
                .keys("example-1")
                .property("source", "ProducerExample")
                .build());
            System.out.println("sent text message:   " + receipt);

            byte[] binary = {0x00, 0x01, (byte) 0xCA, (byte) 0xFE};
            receipt = producer.send(Message.builder().topic(topic).body(binary).tag("TagB").build());
            System.out.println("sent binary message: " + receipt);

            receipt = producer.sendAsync(Message.builder().topic(topic).body("sent without blocking").tag("TagA").build())
                .join();
            System.out.println("sent async message:  " + receipt);

            List<Message> batch = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                batch.add(Message.builder()
                    .topic(topic)
                    .body(("batch message " + i).getBytes(StandardCharsets.UTF_8))
                    .tag("TagA")
                    .keys("batch-" + i)
                    .build());
            }
            BatchResult<SendReceipt> result = producer.sendBatch(batch);
            for (BatchResult.Entry<SendReceipt> entry : result.entries()) {
                System.out.println("batch entry " + entry.index() + ": "
                    + (entry.isSuccess() ? entry.value() : "FAILED " + entry.error().getMessage()));
            }
        } catch (HttpProxyClientException e) {
            System.err.println("send failed: " + e.getMessage());
            if (e.status() == 0) {
                System.err.println("is a proxy listening at " + endpoint + "?");
            }
            throw e;
        }
    }
    // checkstyle:end-cli-output
}
