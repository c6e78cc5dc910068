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

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.rocketmq.http.client.BatchResult;
import org.apache.rocketmq.http.client.ClientConfig;
import org.apache.rocketmq.http.client.HttpProducer;
import org.apache.rocketmq.http.client.HttpSimpleConsumer;
import org.apache.rocketmq.http.client.Message;
import org.apache.rocketmq.http.client.ReceivedMessage;
import org.apache.rocketmq.http.client.SendReceipt;

/**
 * The HTTP proxy through this project's Java SDK. Bodies travel as UTF-8 text (the benchmark's bodies
 * are ASCII), as most JSON users would send them.
 */
final class ProxySdkDriver implements Driver {
    private static final Duration INVISIBLE = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(2);

    private final ClientConfig config;
    private final HttpProducer producer;

    ProxySdkDriver(String endpoint) {
        ClientConfig.Builder builder = ClientConfig.builder().endpoints(endpoint).requestTimeout(Duration.ofSeconds(10));
        if (System.getenv("RMQ_ACCESS_KEY") != null) {
            builder.credentials(System.getenv("RMQ_ACCESS_KEY"), System.getenv("RMQ_SECRET_KEY"));
        }
        if (System.getenv("RMQ_TLS_TRUST_CERT") != null) {
            builder.trustCertificates(Path.of(System.getenv("RMQ_TLS_TRUST_CERT")));
        }
        this.config = builder.build();
        this.producer = HttpProducer.create(config);
    }

    private static Message message(String topic, byte[] body, long sentNanos) {
        Message.Builder builder = Message.builder().topic(topic).body(new String(body, StandardCharsets.US_ASCII));
        if (sentNanos != 0) {
            builder.property(SENT_PROPERTY, Long.toString(sentNanos));
        }
        return builder.build();
    }

    @Override
    public void send(String topic, byte[] body, long sentNanos) {
        producer.send(message(topic, body, sentNanos));
    }

    @Override
    public int sendBatch(String topic, List<byte[]> bodies, Consumer<String> failures) {
        List<Message> messages = new ArrayList<>(bodies.size());
        for (byte[] body : bodies) {
            messages.add(message(topic, body, 0));
        }
        BatchResult<SendReceipt> result = producer.sendBatch(messages);
        result.failures().forEach(entry -> failures.accept(String.valueOf(entry.error())));
        return result.failures().size();
    }

    @Override
    public AutoCloseable consume(String topic, String group, int threads, MessageSink sink) {
        HttpSimpleConsumer consumer = HttpSimpleConsumer.builder(config).group(group).topic(topic).build();
        PollingConsumer loops = new PollingConsumer("sdk-consumer", threads, WAIT.toMillis() + 15_000, () -> {
            List<ReceivedMessage> messages = consumer.receive(32, INVISIBLE, WAIT);
            if (messages.isEmpty()) {
                return;
            }
            long now = System.nanoTime();
            List<String> handles = new ArrayList<>(messages.size());
            for (ReceivedMessage message : messages) {
                handles.add(message.receiptHandle());
            }
            BatchResult<String> acks = consumer.ackBatch(handles);
            for (int i = 0; i < messages.size(); i++) {
                if (acks.get(i).isSuccess()) {
                    sink.acked(Driver.sentNanos(messages.get(i).properties().get(SENT_PROPERTY)), now);
                } else {
                    sink.failed(acks.get(i).error());
                }
            }
        }, sink);
        return () -> {
            loops.close();
            consumer.close();
        };
    }

    @Override
    public void close() {
        producer.close();
    }
}
