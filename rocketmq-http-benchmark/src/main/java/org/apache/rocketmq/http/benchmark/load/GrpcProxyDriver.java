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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.rocketmq.client.apis.ClientConfiguration;
import org.apache.rocketmq.client.apis.ClientServiceProvider;
import org.apache.rocketmq.client.apis.consumer.FilterExpression;
import org.apache.rocketmq.client.apis.consumer.SimpleConsumer;
import org.apache.rocketmq.client.apis.message.Message;
import org.apache.rocketmq.client.apis.message.MessageBuilder;
import org.apache.rocketmq.client.apis.message.MessageView;
import org.apache.rocketmq.client.apis.producer.Producer;
import org.apache.rocketmq.client.apis.producer.SendReceipt;

/**
 * The peer: RocketMQ 5's official proxy through its gRPC client (plaintext HTTP/2). The client has
 * no batch send, so a "batch" is that many asynchronous sends in flight at once, awaited together.
 */
final class GrpcProxyDriver implements Driver {
    private static final Duration INVISIBLE = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(2);

    private final ClientServiceProvider provider = ClientServiceProvider.loadService();
    private final ClientConfiguration config;
    private final Producer producer;

    GrpcProxyDriver(String endpoint) throws Exception {
        this.config = ClientConfiguration.newBuilder().setEndpoints(endpoint).enableSsl(false)
            .setRequestTimeout(Duration.ofSeconds(10)).build();
        this.producer = provider.newProducerBuilder().setClientConfiguration(config).build();
    }

    private Message message(String topic, byte[] body, long sentNanos) {
        MessageBuilder builder = provider.newMessageBuilder().setTopic(topic).setBody(body);
        if (sentNanos != 0) {
            builder.addProperty(SENT_PROPERTY, Long.toString(sentNanos));
        }
        return builder.build();
    }

    @Override
    public void send(String topic, byte[] body, long sentNanos) throws Exception {
        producer.send(message(topic, body, sentNanos));
    }

    @Override
    public int sendBatch(String topic, List<byte[]> bodies, Consumer<String> failures) {
        List<CompletableFuture<SendReceipt>> sends = new ArrayList<>(bodies.size());
        for (byte[] body : bodies) {
            sends.add(producer.sendAsync(message(topic, body, 0)));
        }
        int failed = 0;
        for (CompletableFuture<SendReceipt> send : sends) {
            try {
                send.join();
            } catch (RuntimeException e) {
                failed++;
                failures.accept(String.valueOf(e.getCause() != null ? e.getCause() : e));
            }
        }
        return failed;
    }

    @Override
    public AutoCloseable consume(String topic, String group, int threads, MessageSink sink) throws Exception {
        SimpleConsumer consumer = provider.newSimpleConsumerBuilder().setClientConfiguration(config).setConsumerGroup(group)
            .setSubscriptionExpressions(Map.of(topic, FilterExpression.SUB_ALL)).setAwaitDuration(WAIT).build();
        PollingConsumer loops = new PollingConsumer("grpc-consumer", threads, WAIT.toMillis() + 15_000, () -> {
            List<MessageView> messages = consumer.receive(32, INVISIBLE);
            if (messages.isEmpty()) {
                return;
            }
            long now = System.nanoTime();
            List<CompletableFuture<Void>> acks = new ArrayList<>(messages.size());
            for (MessageView message : messages) {
                acks.add(consumer.ackAsync(message));
            }
            for (int i = 0; i < messages.size(); i++) {
                try {
                    acks.get(i).join();
                    sink.acked(Driver.sentNanos(messages.get(i).getProperties().get(SENT_PROPERTY)), now);
                } catch (RuntimeException e) {
                    sink.failed(e);
                }
            }
        }, sink);
        return () -> {
            loops.close();
            consumer.close();
        };
    }

    @Override
    public void close() throws Exception {
        producer.close();
    }
}
