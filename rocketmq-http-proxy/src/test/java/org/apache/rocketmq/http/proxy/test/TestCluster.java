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

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.rocketmq.common.BrokerConfig;
import org.apache.rocketmq.common.attribute.TopicMessageType;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.http.proxy.standalone.EmbeddedRocketMQ;

/**
 * The integration tests' cluster: one real nameserver and broker per test JVM (ports 0, a temporary
 * store), started on first use and stopped when the JVM exits. Each test makes its own topics and
 * groups with unique names, so tests never see each other's messages.
 */
public final class TestCluster {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedRocketMQ rocketmq;
    private static Path storeDir;

    private TestCluster() {
    }

    public static synchronized EmbeddedRocketMQ rocketmq() {
        if (rocketmq == null) {
            try {
                storeDir = Files.createTempDirectory("rmq-http-it");
                EmbeddedRocketMQ r = new EmbeddedRocketMQ(storeDir.toFile(), 0, 0, "TestCluster", "broker-it",
                    64 * 1024 * 1024);
                tuneForTests(r);
                r.start();
                r.createGroup(new HttpProxyConfig().getRocketmq().getReplayConsumerGroup(), false);
                r.createTransactionResources(new HttpProxyConfig().getTransaction(), 8);
                rocketmq = r;
                Runtime.getRuntime().addShutdownHook(new Thread(TestCluster::stop, "TestClusterStop"));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test cluster", e);
            }
        }
        return rocketmq;
    }

    /**
     * Tunes a test broker: it hands back nacked and expired messages within a couple of seconds, and the
     * fill level of the machine's disk does not make it delete its small, thrown-away store early.
     */
    public static void tuneForTests(EmbeddedRocketMQ r) {
        r.tune(broker -> {
            // the broker's revive threads scan for nacked and expired messages, then rest up to
            // reviveInterval * reviveMaxSlow (3 s) when they found none; a test broker rests 0.1 s, so a
            // nacked message (a dead-letter test nacks 17 times) is back about two seconds later
            broker.setReviveInterval(100);
            broker.setReviveMaxSlow(1);
        }, store -> {
            // a test store is small and thrown away: the fill level of the machine's disk must not make
            // the broker delete commit-log files early (it does above 85 % when forced cleaning is on)
            store.setCleanFileForciblyEnable(false);
            store.setDiskMaxUsedSpaceRatio(95);
        });
    }

    /**
     * Makes the broker ask about half messages left open for {@code timeoutMillis} every
     * {@code intervalMillis}, instead of after 6 s every 30 s, so that tests of check-back need not
     * wait that long. Only transactional messages are affected, and no other test sends them.
     */
    public static synchronized void transactionChecks(long timeoutMillis, long intervalMillis) {
        BrokerConfig config = rocketmq().broker().getBrokerConfig();
        if (config.getTransactionTimeOut() != timeoutMillis || config.getTransactionCheckInterval() != intervalMillis) {
            config.setTransactionTimeOut(timeoutMillis);
            config.setTransactionCheckInterval(intervalMillis);
            // the check service sleeps the old interval; start the new one now
            rocketmq().broker().getTransactionalMessageCheckService().wakeup();
        }
    }

    /**
     * Has the broker look for half messages to ask about now, once (as it does every check interval).
     */
    public static void runTransactionChecks() {
        rocketmq().broker().getTransactionalMessageCheckService().wakeup();
    }

    /**
     * @return how many messages the broker has stored in the topic, over all its queues
     */
    public static long storedMessages(String topic, int queues) {
        long n = 0;
        for (int q = 0; q < queues; q++) {
            n += Math.max(0, rocketmq().broker().getMessageStore().getMaxOffsetInQueue(topic, q));
        }
        return n;
    }

    public static String namesrvAddr() {
        return rocketmq().namesrvAddr();
    }

    /**
     * @return a new unique name with the given prefix
     */
    public static String uniqueName(String prefix) {
        return prefix + "_" + COUNTER.incrementAndGet() + "_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20));
    }

    public static String newTopic(String prefix) {
        return newTopic(prefix, 4, TopicMessageType.NORMAL);
    }

    public static String newTopic(String prefix, int queues, TopicMessageType type) {
        String topic = uniqueName(prefix);
        rocketmq().createTopic(topic, queues, type);
        return topic;
    }

    /**
     * A new consumer group with RocketMQ's defaults (16 retries, not orderly).
     */
    public static String newGroup(String prefix) {
        String group = uniqueName(prefix);
        rocketmq().createGroup(group, false);
        return group;
    }

    public static String newGroup(String prefix, boolean orderly, int retryMaxTimes) {
        String group = uniqueName(prefix);
        rocketmq().createGroup(group, orderly, retryMaxTimes);
        return group;
    }

    /**
     * Waits until the nameserver serves the route of a topic the broker created itself (a retry or
     * dead-letter topic).
     */
    public static void awaitRoute(String topic) {
        rocketmq().awaitRoute(topic);
    }

    /**
     * Starts a proxy on a free port against the test cluster.
     */
    public static HttpProxyController startProxy() {
        return startProxy(c -> { });
    }

    public static HttpProxyController startProxy(Consumer<HttpProxyConfig> customizer) {
        return startProxy(namesrvAddr(), customizer);
    }

    /**
     * Starts a proxy on a free port against the cluster of the given nameserver.
     */
    public static HttpProxyController startProxy(String namesrvAddr, Consumer<HttpProxyConfig> customizer) {
        HttpProxyConfig config = new HttpProxyConfig();
        config.setListenPort(0);
        config.setBindAddress("127.0.0.1");
        config.setNamesrvAddr(namesrvAddr);
        config.setShutdownDrainSeconds(5);
        customizer.accept(config);
        HttpProxyController controller = new HttpProxyController(config);
        try {
            controller.start();
        } catch (Exception e) {
            controller.shutdown();
            throw new IllegalStateException("cannot start the proxy", e);
        }
        return controller;
    }

    private static synchronized void stop() {
        if (rocketmq != null) {
            stopInBackground(rocketmq);
            rocketmq = null;
        }
        if (storeDir != null) {
            deleteRecursively(storeDir.toFile());
        }
    }

    /**
     * An orderly broker stop can take half a minute of executor waits; the store is thrown away anyway.
     */
    public static void stopInBackground(EmbeddedRocketMQ r) {
        Thread stopper = new Thread(r::shutdown, "TestClusterShutdown");
        stopper.setDaemon(true);
        stopper.start();
        try {
            stopper.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Deletes a directory of a test and everything in it, as far as it can.
     */
    public static void deleteRecursively(File dir) {
        try (Stream<Path> paths = Files.walk(dir.toPath())) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // best effort: the directory is under the system's temp dir
        }
    }
}
