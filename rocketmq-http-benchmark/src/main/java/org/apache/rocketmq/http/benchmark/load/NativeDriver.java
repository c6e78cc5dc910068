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
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.impl.factory.MQClientInstance;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.heartbeat.SubscriptionData;

/**
 * The ceiling: RocketMQ's own remoting producer and push consumer, straight to the broker.
 */
final class NativeDriver implements Driver {
    private static final long JOIN_TIMEOUT_SECONDS = 30;

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
        SubscriptionData subscription = consumer.getDefaultMQPushConsumerImpl().getSubscriptionInner().get(topic);
        long subscribedVersion = subscription.getSubVersion();
        consumer.start();
        try {
            awaitSubscriptionAtBroker(consumer, topic, subscription, subscribedVersion);
        } catch (Exception e) {
            consumer.shutdown();
            throw e;
        }
        return consumer::shutdown;
    }

    /**
     * Returns once the consumer has its queues and the broker knows the subscription its pulls carry.
     *
     * <p>When its first rebalance assigns queues, RocketMQ's push consumer gives its subscription a new
     * version, which every pull then carries, and tells the broker in a heartbeat. That heartbeat gives up
     * when another one holds the client's heartbeat lock, and the scheduled heartbeat runs one second after
     * start, just when the first rebalance does. When they meet, the broker answers every pull "subscription
     * not latest" until the next scheduled heartbeat, 30 s later, and the consumer receives nothing for
     * that long. So once the version has changed this sends the heartbeat itself, until one went through.
     */
    private static void awaitSubscriptionAtBroker(DefaultMQPushConsumer consumer, String topic, SubscriptionData subscription,
        long subscribedVersion)
        throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(JOIN_TIMEOUT_SECONDS);
        while (subscription.getSubVersion() == subscribedVersion) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the consumer of " + topic + " got no queues within " + JOIN_TIMEOUT_SECONDS + " s");
            }
            Thread.sleep(20);
        }
        MQClientInstance client = consumer.getDefaultMQPushConsumerImpl().getmQClientFactory();
        while (!client.sendHeartbeatToAllBrokerWithLock()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the consumer of " + topic + " could not send its subscription to the broker");
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        producer.shutdown();
    }
}
