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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.rocketmq.common.attribute.TopicMessageType;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.http.proxy.standalone.EmbeddedRocketMQ;
import org.apache.rocketmq.store.MessageStore;

/**
 * A second test cluster whose broker has ACL on ({@code aclEnable=true}, its own {@code plain_acl.yml}):
 * proxies started here sign their broker requests with {@link #PROXY_ACCESS_KEY}, an account with
 * {@code defaultTopicPerm: PUB|SUB} and {@code defaultGroupPerm: SUB} as an operator would give a
 * proxy. One per test JVM, started on first use, stopped when the JVM exits.
 */
public final class AclTestCluster {
    public static final String PROXY_ACCESS_KEY = "httpProxyIdentity";
    public static final String PROXY_SECRET_KEY = "httpProxyIdentitySecret";
    public static final String ADMIN_ACCESS_KEY = "rocketmqBrokerAdmin";
    public static final String ADMIN_SECRET_KEY = "rocketmqBrokerAdminSecret";
    private static final String BROKER_ACL = String.join("\n",
        "globalWhiteRemoteAddresses: []",
        "accounts:",
        "  - accessKey: " + PROXY_ACCESS_KEY,
        "    secretKey: " + PROXY_SECRET_KEY,
        "    admin: false",
        "    defaultTopicPerm: PUB|SUB",
        "    defaultGroupPerm: SUB",
        "  - accessKey: " + ADMIN_ACCESS_KEY,
        "    secretKey: " + ADMIN_SECRET_KEY,
        "    admin: true",
        "");

    private static EmbeddedRocketMQ rocketmq;
    private static Path dir;

    private AclTestCluster() {
    }

    public static synchronized EmbeddedRocketMQ rocketmq() {
        if (rocketmq == null) {
            try {
                dir = Files.createTempDirectory("rmq-http-acl-it");
                Path home = dir.resolve("home");
                Files.createDirectories(home.resolve("conf"));
                Files.writeString(home.resolve("conf/plain_acl.yml"), BROKER_ACL, StandardCharsets.UTF_8);
                EmbeddedRocketMQ r = new EmbeddedRocketMQ(dir.resolve("store").toFile(), 0, 0, "AclTestCluster", "broker-acl",
                    64 * 1024 * 1024).withAcl(home.toFile());
                r.start();
                r.createGroup(new HttpProxyConfig().getRocketmq().getReplayConsumerGroup(), false, 16);
                rocketmq = r;
                Runtime.getRuntime().addShutdownHook(new Thread(AclTestCluster::stop, "AclTestClusterStop"));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the ACL test cluster", e);
            }
        }
        return rocketmq;
    }

    public static String newTopic(String prefix) {
        String topic = TestCluster.uniqueName(prefix);
        rocketmq().createTopic(topic, 4, TopicMessageType.NORMAL);
        return topic;
    }

    public static String newGroup(String prefix) {
        String group = TestCluster.uniqueName(prefix);
        rocketmq().createGroup(group, false, 16);
        return group;
    }

    /**
     * @return messages the broker stored in the topic, read from its store's queue offsets once
     *     everything written to the commit log has reached the queues
     */
    public static long storedMessages(String topic) {
        MessageStore store = rocketmq().broker().getMessageStore();
        long deadline = System.currentTimeMillis() + 10_000;
        while (store.dispatchBehindBytes() > 0 && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        long n = 0;
        for (int q = 0; q < 4; q++) {
            n += store.getMaxOffsetInQueue(topic, q);
        }
        return n;
    }

    /**
     * Writes an ACL file for a proxy (apart from the broker's) and returns it.
     */
    public static Path writeProxyAcl(String yaml) {
        try {
            Path aclDir = Files.createTempDirectory(dir == null ? Path.of(System.getProperty("java.io.tmpdir")) : dir, "proxy-acl");
            Path file = aclDir.resolve("plain_acl.yml");
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts a proxy with ACL on against this cluster, with the given ACL file and its broker identity.
     */
    public static HttpProxyController startProxy(Path aclFile, Consumer<HttpProxyConfig> customizer) {
        return TestCluster.startProxy(rocketmq().namesrvAddr(), c -> {
            c.getAuth().setAclEnable(true);
            c.getAuth().setAclFile(aclFile.toString());
            c.getAuth().setBrokerAccessKey(PROXY_ACCESS_KEY);
            c.getAuth().setBrokerSecretKey(PROXY_SECRET_KEY);
            c.getAuth().setHandleSealKeys("test-only-handle-seal-key-0001");
            customizer.accept(c);
        });
    }

    private static synchronized void stop() {
        if (rocketmq != null) {
            TestCluster.stopInBackground(rocketmq);
            rocketmq = null;
        }
        if (dir != null) {
            TestCluster.deleteRecursively(dir.toFile());
        }
    }
}
