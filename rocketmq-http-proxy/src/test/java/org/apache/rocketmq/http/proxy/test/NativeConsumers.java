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
package org.apache.rocketmq.http.proxy.test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.protocol.heartbeat.SubscriptionData;

/**
 * Reads a topic with the stock RocketMQ client, the way an existing Java application would.
 */
public final class NativeConsumers {
    private NativeConsumers() {
    }

    /**
     * Starts a push consumer and returns once it has its queues and the broker knows the subscription its
     * pulls carry.
     *
     * <p>When its first rebalance assigns queues, RocketMQ's push consumer gives its subscription a new
     * version, which its pulls then carry, and tells the broker in a heartbeat that gives up when another
     * heartbeat holds the client's lock. The scheduled heartbeat runs one second after start, just when the
     * first rebalance does; when they meet, the broker answers every pull "subscription not latest" until
     * the next scheduled heartbeat 30 s later. So this sends the heartbeat itself once the version changed.
     */
    public static void startPush(DefaultMQPushConsumer consumer, String topic) throws Exception {
        SubscriptionData subscription = consumer.getDefaultMQPushConsumerImpl().getSubscriptionInner().get(topic);
        long subscribedVersion = subscription.getSubVersion();
        consumer.start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (subscription.getSubVersion() == subscribedVersion) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the push consumer of " + topic + " got no queues within 30 s");
            }
            Thread.sleep(20);
        }
        while (!consumer.getDefaultMQPushConsumerImpl().getmQClientFactory().sendHeartbeatToAllBrokerWithLock()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the push consumer of " + topic + " could not send its subscription to the broker");
            }
            Thread.sleep(20);
        }
    }

    /**
     * Reads every queue of the topic from its first offset until {@code expected} messages arrived or
     * the time is up; returns what it got (the caller asserts).
     *
     * <p>A new group that consumes from the first offset starts there by itself. Seeking instead would
     * race the pull tasks that {@code assign} has already started: {@code seek} interrupts them, and an
     * interrupted remoting call makes the client close its one shared connection to the broker, failing
     * whatever else is in flight on it (the seek's own offset lookup included).
     */
    public static List<MessageExt> readFromStart(String topic, int expected, long timeoutMillis) throws Exception {
        return readFromStart(topic, got -> got.size() >= expected, timeoutMillis);
    }

    /**
     * Reads every queue of the topic from its first offset until {@code done} says so for what arrived,
     * or the time is up; returns what it got (the caller asserts).
     */
    public static List<MessageExt> readFromStart(String topic, Predicate<List<MessageExt>> done, long timeoutMillis)
        throws Exception {
        String group = TestCluster.newGroup("GID_native");
        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer(group);
        consumer.setNamesrvAddr(TestCluster.namesrvAddr());
        consumer.setInstanceName(group);
        consumer.setAutoCommit(false);
        consumer.setPollTimeoutMillis(200);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.start();
        try {
            Collection<MessageQueue> queues = consumer.fetchMessageQueues(topic);
            consumer.assign(queues);
            List<MessageExt> got = new ArrayList<>();
            long deadline = System.currentTimeMillis() + timeoutMillis;
            while (!done.test(got) && System.currentTimeMillis() < deadline) {
                got.addAll(consumer.poll(200));
            }
            return got;
        } finally {
            consumer.shutdown();
        }
    }
}
