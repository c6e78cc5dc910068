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
package org.apache.rocketmq.http.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.rocketmq.http.proxy.test.AclTestCluster;
import org.apache.rocketmq.http.proxy.test.HttpTestClient;
import org.apache.rocketmq.http.proxy.test.TestCertificates;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * A stopped proxy leaves nothing running: a proxy with ACL (its file watcher), TLS (its certificate
 * reloads), producers and consumers serves requests and stops, and no thread it started is left. The
 * proxy is started from a thread group of its own, so every thread it starts (and those threads start)
 * is in that group, apart from the broker's threads in the same JVM.
 */
public class ProxyStopIT {
    /** JDK-wide pools that any code of the JVM may start first; they are not the proxy's. */
    private static final List<String> JDK_SHARED = List.of("ForkJoinPool.commonPool-worker", "CompletableFutureDelayScheduler");

    private static Set<String> threadsOf(ThreadGroup group) {
        Thread[] threads = new Thread[group.activeCount() + 64];
        int n = group.enumerate(threads, true);
        Set<String> names = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            Thread t = threads[i];
            if (t.isAlive() && JDK_SHARED.stream().noneMatch(t.getName()::startsWith)) {
                names.add(t.getName() + (t.isDaemon() ? " (daemon)" : ""));
            }
        }
        return names;
    }

    /**
     * Produces as a client would: a 429 (the broker or the remoting client shedding load on a busy
     * machine) is tried again after its Retry-After. What is under test is the threads, not the speed.
     */
    private static HttpTestClient.Response produce(HttpTestClient http, String path) throws InterruptedException {
        HttpTestClient.Response r = http.postJson(path, Map.of("body", "stop"));
        for (int attempt = 1; r.status == 429 && attempt < 10; attempt++) {
            Thread.sleep(1000);
            r = http.postJson(path, Map.of("body", "stop"));
        }
        return r;
    }

    @Test
    public void aStoppedProxyLeavesNoThreadRunning() throws Exception {
        String topic = AclTestCluster.newTopic("StopTopic");
        String group = AclTestCluster.newGroup("GID_stop");
        Path acl = AclTestCluster.writeProxyAcl(String.join("\n", "accounts:",
            "  - accessKey: stopKey0001", "    secretKey: stopSecret01", "    admin: true", ""));
        TestCertificates certs = TestCertificates.get();
        AclTestCluster.rocketmq();

        ThreadGroup proxyThreads = new ThreadGroup("proxy-under-test");
        AtomicReference<HttpProxyController> started = new AtomicReference<>();
        Thread starter = new Thread(proxyThreads, () -> started.set(AclTestCluster.startProxy(acl,
            c -> certs.configureServer(c, "permissive", "optional"))), "proxy-starter");
        starter.start();
        starter.join();
        HttpProxyController proxy = started.get();
        assertTrue("the proxy did not start", proxy != null);
        try {
            HttpTestClient plain = new HttpTestClient(proxy.port()).signedAs("stopKey0001", "stopSecret01");
            HttpTestClient tls = new HttpTestClient("https://127.0.0.1:" + proxy.port(), certs.clientContext(null), null)
                .signedAs("stopKey0001", "stopSecret01");
            HttpTestClient.Response r = produce(plain, "/v1/topics/" + topic + "/messages");
            assertEquals(r.toString(), 200, r.status);
            r = produce(tls, "/v1/topics/" + topic + "/messages?producerGroup=GID_stop_producer");
            assertEquals(r.toString(), 200, r.status);
            JsonNode messages = tls.receive(topic, group, "&waitSeconds=3&max=2");
            for (JsonNode m : messages) {
                assertEquals(200, plain.ack(topic, group, List.of(m.get("receiptHandle").asText())).status);
            }
            assertEquals(200, tls.get("/v1/topics/" + topic + "/queues").status);
            assertEquals(200, plain.get("/ready").status);
            assertTrue(threadsOf(proxyThreads).toString(), threadsOf(proxyThreads).contains("AclFileWatchService"));
        } finally {
            proxy.shutdown();
        }

        Set<String> left = threadsOf(proxyThreads);
        long deadline = System.currentTimeMillis() + 15_000;
        while (!left.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            left = threadsOf(proxyThreads);
        }
        assertTrue("threads still running after the proxy stopped: " + left, left.isEmpty());
    }
}
