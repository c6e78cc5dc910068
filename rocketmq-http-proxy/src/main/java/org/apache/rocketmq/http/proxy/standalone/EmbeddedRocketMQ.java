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
package org.apache.rocketmq.http.proxy.standalone;

import java.io.File;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.rocketmq.broker.BrokerController;
import org.apache.rocketmq.common.BrokerConfig;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.attribute.TopicMessageType;
import org.apache.rocketmq.common.TopicAttributes;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.common.namesrv.NamesrvConfig;
import org.apache.rocketmq.http.proxy.config.TransactionConfig;
import org.apache.rocketmq.namesrv.NamesrvController;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.apache.rocketmq.store.config.MessageStoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A RocketMQ nameserver and one broker inside this JVM: the proxy's {@code --standalone} mode and the
 * integration tests' cluster; or a broker alone that registers with nameservers elsewhere
 * ({@link #brokerOnly}). Topics and groups are created explicitly (auto-creation is off), and with its
 * own nameserver {@link #createTopic} returns only once the nameserver serves the topic's route.
 */
public final class EmbeddedRocketMQ {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedRocketMQ.class);

    private final File storeDir;
    private final int namesrvPort;
    private final String externalNamesrvAddr;
    private final int brokerPort;
    private final String clusterName;
    private final String brokerName;
    private final int commitLogFileBytes;
    private File aclHome;
    private Consumer<BrokerConfig> brokerTuning = c -> { };
    private Consumer<MessageStoreConfig> storeTuning = c -> { };
    private NamesrvController namesrv;
    private BrokerController broker;

    /**
     * @param namesrvPort 0 for any free port
     * @param brokerPort 0 for any free port
     */
    public EmbeddedRocketMQ(File storeDir, int namesrvPort, int brokerPort, String clusterName, String brokerName,
        int commitLogFileBytes) {
        this(storeDir, namesrvPort, null, brokerPort, clusterName, brokerName, commitLogFileBytes);
    }

    private EmbeddedRocketMQ(File storeDir, int namesrvPort, String externalNamesrvAddr, int brokerPort, String clusterName,
        String brokerName, int commitLogFileBytes) {
        this.storeDir = storeDir;
        this.namesrvPort = namesrvPort;
        this.externalNamesrvAddr = externalNamesrvAddr;
        this.brokerPort = brokerPort;
        this.clusterName = clusterName;
        this.brokerName = brokerName;
        this.commitLogFileBytes = commitLogFileBytes;
    }

    /**
     * A broker without a nameserver of its own, registering with the given ones; e.g. a broker in a JVM
     * of its own that a test kills.
     *
     * @param brokerPort 0 for any free port; the broker also listens on this port - 2
     */
    public static EmbeddedRocketMQ brokerOnly(File storeDir, String namesrvAddr, int brokerPort, String clusterName,
        String brokerName, int commitLogFileBytes) {
        return new EmbeddedRocketMQ(storeDir, 0, namesrvAddr, brokerPort, clusterName, brokerName, commitLogFileBytes);
    }

    /**
     * Turns the broker's ACL on (RocketMQ's {@code aclEnable}), with the rules of
     * {@code <home>/conf/plain_acl.yml}. Call before {@link #start()}.
     */
    public EmbeddedRocketMQ withAcl(File rocketmqHome) {
        this.aclHome = rocketmqHome;
        return this;
    }

    /**
     * Adjusts the broker's and its store's configuration, applied last in {@link #start()}.
     */
    public void tune(Consumer<BrokerConfig> brokerTuning, Consumer<MessageStoreConfig> storeTuning) {
        this.brokerTuning = brokerTuning;
        this.storeTuning = storeTuning;
    }

    public void start() throws Exception {
        // as BrokerStartup does: without it, registrations carry version 0 and the nameserver reads
        // them in the pre-3.0.11 format, dropping every topic
        System.setProperty(RemotingCommand.REMOTING_VERSION_KEY, Integer.toString(MQVersion.CURRENT_VERSION));
        if (!storeDir.isDirectory() && !storeDir.mkdirs()) {
            throw new IllegalStateException("cannot create store directory " + storeDir);
        }
        if (externalNamesrvAddr == null) {
            startNamesrv();
        }

        BrokerConfig brokerConfig = new BrokerConfig();
        brokerConfig.setBrokerClusterName(clusterName);
        brokerConfig.setBrokerName(brokerName);
        brokerConfig.setBrokerIP1("127.0.0.1");
        brokerConfig.setNamesrvAddr(namesrvAddr());
        brokerConfig.setAutoCreateTopicEnable(false);
        brokerConfig.setAutoCreateSubscriptionGroup(false);
        brokerConfig.setEnablePropertyFilter(true);
        brokerConfig.setEnableCalcFilterBitMap(true);
        brokerConfig.setLoadBalancePollNameServerInterval(500);

        MessageStoreConfig storeConfig = new MessageStoreConfig();
        storeConfig.setStorePathRootDir(storeDir.getPath());
        storeConfig.setStorePathCommitLog(new File(storeDir, "commitlog").getPath());
        storeConfig.setMappedFileSizeCommitLog(commitLogFileBytes);
        storeConfig.setMaxMessageSize(5 * 1024 * 1024);
        storeConfig.setHaListenPort(0);
        storeConfig.setEnableConsumeQueueExt(true);
        storeConfig.setMaxIndexNum(100_000);
        storeConfig.setMaxHashSlotNum(400_000);
        storeConfig.setTimerWheelEnable(true);
        // the timer store compares its whole wheel (~11 MB) byte by byte on every flush and walks it for a
        // progress log line every 10 s: a fifth of a 2-core machine's CPU under load. A try-out broker can
        // flush it less often (a crash then replays a little more of the timer log).
        storeConfig.setTimerFlushIntervalMs(5_000);
        storeConfig.setTimerProgressLogIntervalMs(600_000);
        brokerTuning.accept(brokerConfig);
        storeTuning.accept(storeConfig);

        NettyServerConfig brokerNetty = new NettyServerConfig();
        brokerNetty.setListenPort(brokerPort);
        broker = new BrokerController(brokerConfig, brokerNetty, new NettyClientConfig(), storeConfig);
        initializeBroker(brokerConfig);
        broker.start();
        if (namesrv != null) {
            awaitFirstRegistration();
        }
        log.info("embedded RocketMQ started: nameserver {}, broker {} at {}", namesrvAddr(), brokerName, brokerAddr());
    }

    private void startNamesrv() throws Exception {
        NamesrvConfig namesrvConfig = new NamesrvConfig();
        namesrvConfig.setKvConfigPath(new File(storeDir, "namesrv-kv.json").getPath());
        namesrvConfig.setConfigStorePath(new File(storeDir, "namesrv.properties").getPath());
        NettyServerConfig namesrvNetty = new NettyServerConfig();
        namesrvNetty.setListenPort(namesrvPort);
        namesrv = new NamesrvController(namesrvConfig, namesrvNetty, new NettyClientConfig());
        if (!namesrv.initialize()) {
            throw new IllegalStateException("embedded nameserver failed to initialize");
        }
        namesrv.start();
    }

    /**
     * The broker's ACL reads its home directory from a JVM-wide property while it initialises; the
     * property is put back afterwards, so other brokers of the JVM are not affected.
     */
    private void initializeBroker(BrokerConfig brokerConfig) throws Exception {
        String previousHome = System.getProperty(MixAll.ROCKETMQ_HOME_PROPERTY);
        if (aclHome != null) {
            brokerConfig.setAclEnable(true);
            brokerConfig.setRocketmqHome(aclHome.getPath());
            System.setProperty(MixAll.ROCKETMQ_HOME_PROPERTY, aclHome.getPath());
        }
        try {
            if (!broker.initialize()) {
                throw new IllegalStateException("embedded broker failed to initialize");
            }
        } finally {
            if (aclHome != null) {
                if (previousHome == null) {
                    System.clearProperty(MixAll.ROCKETMQ_HOME_PROPERTY);
                } else {
                    System.setProperty(MixAll.ROCKETMQ_HOME_PROPERTY, previousHome);
                }
            }
        }
    }

    public String namesrvAddr() {
        return externalNamesrvAddr != null ? externalNamesrvAddr : "127.0.0.1:" + namesrv.getNettyServerConfig().getListenPort();
    }

    public String brokerAddr() {
        return "127.0.0.1:" + broker.getNettyServerConfig().getListenPort();
    }

    public String brokerName() {
        return brokerName;
    }

    public String clusterName() {
        return clusterName;
    }

    public BrokerController broker() {
        return broker;
    }

    /**
     * Creates (or updates) a topic on the broker and, with a nameserver of its own, waits until the
     * nameserver serves its route.
     */
    public void createTopic(String topic, int queues, TopicMessageType type) {
        TopicConfig topicConfig = new TopicConfig(topic, queues, queues, PermName.PERM_READ | PermName.PERM_WRITE);
        if (type != null && type != TopicMessageType.NORMAL) {
            // on creation the broker takes attributes as "+name" (add) operations
            Map<String, String> attributes = new HashMap<>();
            attributes.put("+" + TopicAttributes.TOPIC_MESSAGE_TYPE_ATTRIBUTE.getName(), type.getValue());
            topicConfig.setAttributes(attributes);
        }
        topicConfig.setOrder(type == TopicMessageType.FIFO);
        broker.getTopicConfigManager().updateTopicConfig(topicConfig);
        broker.registerIncrementBrokerData(topicConfig, broker.getTopicConfigManager().getDataVersion());
        if (namesrv != null) {
            awaitRoute(topic);
        }
    }

    /**
     * Creates (or updates) a consumer group with RocketMQ's defaults otherwise (16 retries).
     *
     * @param orderly FIFO consumption: a queue's next message only after the previous one is acked
     */
    public void createGroup(String group, boolean orderly) {
        createGroup(group, orderly, new SubscriptionGroupConfig().getRetryMaxTimes());
    }

    /**
     * Creates (or updates) a consumer group.
     *
     * @param orderly FIFO consumption: a queue's next message only after the previous one is acked
     * @param retryMaxTimes retries after the first delivery; a message is delivered at most
     *     {@code retryMaxTimes + 1} times, then goes to the group's dead-letter topic
     */
    public void createGroup(String group, boolean orderly, int retryMaxTimes) {
        SubscriptionGroupConfig config = new SubscriptionGroupConfig();
        config.setGroupName(group);
        config.setConsumeMessageOrderly(orderly);
        config.setRetryMaxTimes(retryMaxTimes);
        broker.getSubscriptionGroupManager().updateSubscriptionGroupConfig(config);
    }

    /**
     * Creates the proxy's own topics and consumer group of transactional messages.
     */
    public void createTransactionResources(TransactionConfig transaction, int queues) {
        createTopic(transaction.getTransactionEndTopic(), queues, TopicMessageType.NORMAL);
        createTopic(transaction.getTransactionCheckTopic(), queues, TopicMessageType.NORMAL);
        createGroup(transaction.getTransactionCheckGroup(), false, 16);
    }

    /**
     * The nameserver refuses topic registrations of a broker it does not know yet; topics are created
     * only after the broker's first registration went through.
     */
    private void awaitFirstRegistration() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!isRegistered(brokerName)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("broker " + brokerName + " did not register at the nameserver");
            }
            sleepBriefly();
        }
    }

    /**
     * @return whether the embedded nameserver lists a broker of that name (this one, or another that
     *     registered with it)
     */
    public boolean isRegistered(String name) {
        if (namesrv == null) {
            throw new IllegalStateException("a broker alone has no nameserver to ask");
        }
        return namesrv.getRouteInfoManager().getAllClusterInfo().getBrokerAddrTable().containsKey(name);
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the embedded cluster", e);
        }
    }

    /**
     * Waits until the nameserver serves the topic's route (a topic the broker created itself, such as a
     * dead-letter topic, is registered in the background).
     */
    public void awaitRoute(String topic) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (namesrv.getRouteInfoManager().pickupTopicRouteData(topic) == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("route of topic " + topic + " did not reach the nameserver");
            }
            sleepBriefly();
        }
    }

    public void shutdown() {
        if (broker != null) {
            broker.shutdown();
        }
        if (namesrv != null) {
            namesrv.shutdown();
        }
        log.info("embedded RocketMQ stopped");
    }
}
