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
package org.apache.rocketmq.http.tools;

import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.test.DiscoveryCluster;
import org.apache.rocketmq.http.proxy.test.TestCluster;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * The commands against a real proxy and broker, found through {@code -u} or through the plugin
 * nameserver ({@code -n}).
 */
public class MqHttpAdminIT {
    private static DiscoveryCluster cluster;
    private static HttpProxyController proxy;
    private static String url;

    @BeforeClass
    public static void start() throws Exception {
        cluster = new DiscoveryCluster(1, 4);
        proxy = cluster.startProxy(c -> c.getDiscovery().setProxyZone("zone-it"));
        url = "http://127.0.0.1:" + proxy.port();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!DiscoveryCluster.listedUrls(cluster.pluginHttpUrl()).contains(url)) {
            if (System.nanoTime() > deadline) {
                fail("the proxy did not register");
            }
            Thread.sleep(100);
        }
    }

    @AfterClass
    public static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String[] namesrv(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = args[0];
        all[1] = "-n";
        all[2] = cluster.pluginNamesrvAddr();
        all[3] = "--httpPort=" + cluster.pluginHttpUrl().replaceAll(".*:", "");
        System.arraycopy(args, 1, all, 4, args.length - 1);
        return all;
    }

    @Test
    public void sentMessagesAreConsumedOnceAndAcked() throws Exception {
        String topic = cluster.newTopic("AdminIT");
        String group = TestCluster.newGroup("GID_AdminIT");
        AdminRun sent = AdminRun.run(namesrv("sendMessage", "-t", topic, "-p", "hello admin", "-c", "TagA", "-k", "k1,k2"));
        assertEquals(sent.toString(), 0, sent.code);
        assertTrue(sent.out, sent.out.contains("SEND_OK") && sent.out.contains(TestCluster.rocketmq().brokerName()));
        // credentials are accepted (and stored in the SDK configuration) whether or not the proxy checks them
        assertEquals(0, AdminRun.run("sendMessage", "-u", url, "-t", topic, "-p", "second", "-a", "admin-ak", "-s", "admin-secret").code);

        AdminRun consumed = AdminRun.run("consumeMessage", "-u", url, "-t", topic, "-g", group, "-c", "10", "-w", "3");
        assertEquals(consumed.toString(), 0, consumed.code);
        assertTrue(consumed.out, consumed.out.contains("hello admin") && consumed.out.contains("TagA")
            && consumed.out.contains("k1,k2") && consumed.out.contains("second"));
        assertTrue(consumed.out, consumed.out.contains("2 messages consumed and acked"));

        // acked: nothing comes back, not even after the invisible time the command would have left them in
        AdminRun again = AdminRun.run("consumeMessage", "-u", url, "-t", topic, "-g", group, "-w", "1");
        assertEquals(again.toString(), 0, again.code);
        assertTrue(again.out, again.out.contains("0 messages consumed"));

        AdminRun queues = AdminRun.run(namesrv("topicQueues", "-t", topic));
        assertEquals(queues.toString(), 0, queues.code);
        long total = 0;
        for (String line : queues.out.split("\n")) {
            if (line.startsWith(TestCluster.rocketmq().brokerName())) {
                total += Long.parseLong(line.trim().split("\\s+")[3]);
            }
        }
        assertEquals(queues.out, 2, total);
    }

    @Test
    public void proxyListShowsTheProxyFromTheNamesrvAndFromTheProxy() {
        AdminRun fromNamesrv = AdminRun.run(namesrv("proxyList"));
        assertEquals(fromNamesrv.toString(), 0, fromNamesrv.code);
        assertTrue(fromNamesrv.out, fromNamesrv.out.contains("#Source: namesrv-plugin") && fromNamesrv.out.contains(url)
            && fromNamesrv.out.contains("zone-it"));
        AdminRun fromProxy = AdminRun.run("proxyList", "-u", url);
        assertEquals(fromProxy.toString(), 0, fromProxy.code);
        assertTrue(fromProxy.out, fromProxy.out.contains(url));
    }

    @Test
    public void anUnknownTopicIsAFailure() {
        AdminRun run = AdminRun.run("topicQueues", "-u", url, "-t", "NoSuchTopic_AdminIT");
        assertEquals(run.toString(), 2, run.code);
        assertTrue(run.err, run.err.contains("does not exist"));
        AdminRun send = AdminRun.run("sendMessage", "-u", url, "-t", "NoSuchTopic_AdminIT", "-p", "x");
        assertEquals(send.toString(), 2, send.code);
    }
}
