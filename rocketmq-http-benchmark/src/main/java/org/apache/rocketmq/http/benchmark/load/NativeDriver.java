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

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * The ceiling: RocketMQ's own remoting producer and push consumer, straight to the broker.
 */
final class NativeDriver implements Driver {
    private final String namesrvAddr;
    private final DefaultMQProducer producer;

    NativeDriver(String namesrvAddr, String producerGroup) throws Exception {
        this.namesrvAddr = namesrvAddr;
        this.producer = new DefaultMQProducer(producerGroup);
        producer.setNamesrvAddr(namesrvAddr);
        producer.setInstanceName(producerGroup + "-" + ProcessHandle.current().pid());
        producer.setSendMsgTimeout(10_000);
        producer.setMaxMessageSize(4 * 1024 * 1024);
        producer.start();
    }

    @Override
    public void send(String topic, byte[] body, long sentNanos) throws Exception {
        Message message = new Message(topic, body);
        if (sentNanos != 0) {
            message.putUserProperty(SENT_PROPERTY, Long.toString(sentNanos));
        }
        check(producer.send(message));
    }

    @Override
    public int sendBatch(String topic, List<byte[]> bodies, Consumer<String> failures) throws Exception {
        List<Message> messages = new ArrayList<>(bodies.size());
        for (byte[] body : bodies) {
            messages.add(new Message(topic, body));
        }
        check(producer.send(messages));
        return 0;
    }

    private static void check(SendResult result) {
        if (result.getSendStatus() != SendStatus.SEND_OK) {
            throw new IllegalStateException("send status " + result.getSendStatus());
        }
    }

    @Override
    public AutoCloseable consume(String topic, String group, int threads, MessageSink sink) throws Exception {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        consumer.setNamesrvAddr(namesrvAddr);
        consumer.setInstanceName(group + "-" + ProcessHandle.current().pid());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setConsumeThreadMin(threads);
        consumer.setConsumeThreadMax(threads);
        consumer.setPullBatchSize(32);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (messages, context) -> {
            long now = System.nanoTime();
            for (MessageExt message : messages) {
                sink.acked(Driver.sentNanos(message.getUserProperty(SENT_PROPERTY)), now);
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        return consumer::shutdown;
    }

    @Override
    public void close() {
        producer.shutdown();
    }
}
