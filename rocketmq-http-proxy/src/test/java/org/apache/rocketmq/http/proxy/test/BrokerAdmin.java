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

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.ClientConfig;
import org.apache.rocketmq.client.impl.ClientRemotingProcessor;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.common.TopicAttributes;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.attribute.TopicMessageType;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.common.topic.TopicValidator;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;

/**
 * Creates topics and consumer groups on brokers over RocketMQ's admin protocol, as {@code mqadmin}
 * does, so that it works the same for brokers in this JVM and in others.
 */
public final class BrokerAdmin implements AutoCloseable {
    private static final long TIMEOUT_MILLIS = 5000;

    private final MQClientAPIImpl client;

    public BrokerAdmin(String namesrvAddr) {
        ClientConfig clientConfig = new ClientConfig();
        clientConfig.setNamesrvAddr(namesrvAddr);
        clientConfig.setInstanceName("BrokerAdmin-" + System.nanoTime());
        client = new MQClientAPIImpl(new NettyClientConfig(), new ClientRemotingProcessor(null), null, clientConfig);
        client.start();
        client.updateNameServerAddressList(namesrvAddr);
    }

    /**
     * Creates (or updates) a topic on one broker; it registers the topic with the nameserver itself.
     */
    public void createTopic(String brokerAddr, String topic, int queues, TopicMessageType type) throws Exception {
        TopicConfig config = new TopicConfig(topic, queues, queues, PermName.PERM_READ | PermName.PERM_WRITE);
        if (type != TopicMessageType.NORMAL) {
            Map<String, String> attributes = new HashMap<>();
            attributes.put("+" + TopicAttributes.TOPIC_MESSAGE_TYPE_ATTRIBUTE.getName(), type.getValue());
            config.setAttributes(attributes);
        }
        config.setOrder(type == TopicMessageType.FIFO);
        client.createTopic(brokerAddr, TopicValidator.AUTO_CREATE_TOPIC_KEY_TOPIC, config, TIMEOUT_MILLIS);
    }

    /**
     * Creates (or updates) a consumer group on one broker.
     *
     * @param orderly FIFO consumption: a queue's next message only after the previous one is acked
     */
    public void createGroup(String brokerAddr, String group, boolean orderly, int retryMaxTimes) throws Exception {
        SubscriptionGroupConfig config = new SubscriptionGroupConfig();
        config.setGroupName(group);
        config.setConsumeMessageOrderly(orderly);
        config.setRetryMaxTimes(retryMaxTimes);
        client.createSubscriptionGroup(brokerAddr, config, TIMEOUT_MILLIS);
    }

    /**
     * Waits until the nameserver's route of the topic names all the given brokers.
     */
    public void awaitRoute(String topic, Set<String> brokerNames, long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        Set<String> named = new HashSet<>();
        while (System.nanoTime() < deadline) {
            named.clear();
            try {
                TopicRouteData route = client.getTopicRouteInfoFromNameServer(topic, TIMEOUT_MILLIS);
                for (BrokerData bd : route.getBrokerDatas()) {
                    named.add(bd.getBrokerName());
                }
            } catch (Exception notYet) {
                // no route yet
            }
            if (named.containsAll(brokerNames)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("route of " + topic + " names " + named + ", not all of " + brokerNames);
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
