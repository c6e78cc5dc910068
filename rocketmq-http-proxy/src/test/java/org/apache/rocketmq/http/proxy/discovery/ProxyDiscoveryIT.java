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
package org.apache.rocketmq.http.proxy.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.test.DiscoveryCluster;
import org.apache.rocketmq.http.proxy.test.ProxyProcess;
import org.apache.rocketmq.http.proxy.test.TestCluster;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * Proxy discovery with real parts: two nameservers (one with the plugin, one stock), the broker, and
 * proxies in this JVM and in JVMs of their own. Heartbeats every second and a TTL of 4 s keep the test
 * quick; the bounds asserted are the contract's (appear within 15 s, gone within TTL + 10 s), which
 * the defaults (10 s, 30 s) meet the same way: a new proxy registers at once and every other proxy
 * reads the lists once per heartbeat period.
 */
public class ProxyDiscoveryIT {
    private static final Logger log = LoggerFactory.getLogger(ProxyDiscoveryIT.class);
    private static final long APPEAR_MILLIS = 15_000;

    private static DiscoveryCluster cluster;

    @BeforeClass
    public static void startCluster() throws Exception {
        cluster = new DiscoveryCluster(1, 4);
    }

    @AfterClass
    public static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String url(HttpProxyController proxy) {
        return "http://127.0.0.1:" + proxy.port();
    }

    private static String id(HttpProxyController proxy) {
        return proxy.discovery().self().getId();
    }

    /**
     * Polls until the condition holds and returns how long that took; fails after {@code limitMillis}.
     */
    private static long await(String what, long limitMillis, Supplier<Boolean> condition, Supplier<Object> state)
        throws InterruptedException {
        long start = System.nanoTime();
        while (!condition.get()) {
            if (System.nanoTime() - start > limitMillis * 1_000_000L) {
                fail(what + " did not happen within " + limitMillis + " ms; last seen: " + state.get());
            }
            Thread.sleep(100);
        }
        return (System.nanoTime() - start) / 1_000_000L;
    }

    private static boolean everyListIs(Set<String> expected, List<String> baseUrls) {
        for (String base : baseUrls) {
            if (!DiscoveryCluster.listedUrls(base).equals(expected)) {
                return false;
            }
        }
        return true;
    }

    private static String lists(List<String> baseUrls) {
        StringBuilder b = new StringBuilder();
        for (String base : baseUrls) {
            b.append('\n').append(base).append(" -> ").append(DiscoveryCluster.list(base));
        }
        return b.toString();
    }

    @Test
    public void everyProxyIsListedEverywhereAndLeavesWhenKilledOrStopped() throws Exception {
        HttpProxyController a = cluster.startProxy(c -> c.getDiscovery().setProxyZone("zone-a"));
        HttpProxyController b = cluster.startProxy();
        try (ProxyProcess c = cluster.startProxyProcess(Map.of("proxyZone", "zone-c"))) {
            Set<String> all = new TreeSet<>(Arrays.asList(url(a), url(b), c.url()));
            List<String> everyList = Arrays.asList(url(a), url(b), c.url(), cluster.pluginHttpUrl());
            long appeared = await("every proxy in every list", APPEAR_MILLIS, () -> everyListIs(all, everyList),
                () -> lists(everyList));
            log.info("3 proxies were in the lists of every proxy and of the plugin's HTTP port {} ms after the last one booted",
                appeared);

            JsonNode fromA = DiscoveryCluster.list(url(a));
            assertEquals("namesrv-plugin", fromA.get("source").asText());
            JsonNode entryOfC = null;
            for (JsonNode p : fromA.get("proxies")) {
                assertEquals(cluster.clusterName(), p.get("cluster").asText());
                assertTrue(p.toString(), p.get("startTime").asLong() > 0 && p.get("lastHeartbeat").asLong() >= p.get("startTime").asLong());
                assertFalse(p.toString(), p.get("version").asText().isEmpty());
                if (p.get("url").asText().equals(c.url())) {
                    entryOfC = p;
                }
                if (p.get("url").asText().equals(url(a))) {
                    assertEquals("zone-a", p.get("zone").asText());
                    assertEquals(id(a), p.get("id").asText());
                }
            }
            assertEquals("zone-c", entryOfC.get("zone").asText());
            String idOfC = entryOfC.get("id").asText();
            // a mixed cluster: the stock nameserver has every proxy in its KV store as well
            assertTrue(cluster.kvIds(cluster.stockNamesrvAddr()).containsAll(Arrays.asList(id(a), id(b), idOfC)));

            c.kill();
            List<String> remaining = Arrays.asList(url(a), url(b), cluster.pluginHttpUrl());
            Set<String> withoutC = new TreeSet<>(Arrays.asList(url(a), url(b)));
            long gone = await("the killed proxy gone from every list", (cluster.ttlSeconds() + 10) * 1000L,
                () -> everyListIs(withoutC, remaining), () -> lists(remaining));
            log.info("a proxy killed with SIGKILL was gone from every list {} ms later (TTL {} s)", gone, cluster.ttlSeconds());
        }

        b.shutdown();
        assertEquals("the plugin's list right after a graceful stop", new TreeSet<>(Arrays.asList(url(a))),
            DiscoveryCluster.listedUrls(cluster.pluginHttpUrl()));
        assertFalse(cluster.kvIds(cluster.stockNamesrvAddr()).contains(id(b)));
        long left = await("the stopped proxy gone from the list of the other proxy", cluster.ttlSeconds() * 1000L,
            () -> DiscoveryCluster.listedUrls(url(a)).equals(new TreeSet<>(Arrays.asList(url(a)))), () -> lists(List.of(url(a))));
        log.info("a gracefully stopped proxy was gone from the other proxy's list {} ms later (heartbeat {} s)", left,
            cluster.heartbeatSeconds());
        a.shutdown();
    }

    @Test
    public void aRestartedPluginNamesrvHasTheTableBackAndTheKvStoreServesMeanwhile() throws Exception {
        HttpProxyController a = cluster.startProxy();
        HttpProxyController b = cluster.startProxy();
        try {
            Set<String> both = new TreeSet<>(Arrays.asList(url(a), url(b)));
            await("both proxies in the plugin's list", APPEAR_MILLIS,
                () -> DiscoveryCluster.listedUrls(cluster.pluginHttpUrl()).equals(both), () -> lists(List.of(cluster.pluginHttpUrl())));

            cluster.stopPluginNamesrv();
            await("the list from the stock nameserver's KV store alone", (cluster.ttlSeconds() + 10) * 1000L, () -> {
                JsonNode list = DiscoveryCluster.list(url(a));
                return list != null && "namesrv-kv".equals(list.get("source").asText())
                    && DiscoveryCluster.listedUrls(url(a)).equals(both);
            }, () -> lists(List.of(url(a))));

            cluster.restartPluginNamesrv();
            long back = await("the restarted plugin nameserver's table", APPEAR_MILLIS,
                () -> DiscoveryCluster.listedUrls(cluster.pluginHttpUrl()).equals(both), () -> lists(List.of(cluster.pluginHttpUrl())));
            log.info("a restarted plugin nameserver had both proxies back {} ms after it started", back);
            await("the list from the plugin again", APPEAR_MILLIS,
                () -> "namesrv-plugin".equals(DiscoveryCluster.list(url(a)).get("source").asText()), () -> lists(List.of(url(a))));
        } finally {
            a.shutdown();
            b.shutdown();
        }
    }

    @Test
    public void withOnlyAStockNamesrvProxiesUseItsKvStore() throws Exception {
        String stock = cluster.stockNamesrvAddr();
        HttpProxyController a = cluster.startProxy(c -> c.setNamesrvAddr(stock));
        HttpProxyController b = cluster.startProxy(c -> c.setNamesrvAddr(stock));
        HttpProxyController listener = cluster.startProxy(c -> {
            c.setNamesrvAddr(stock);
            c.getDiscovery().setProxyRegister(false);
        });
        try {
            Set<String> both = new TreeSet<>(Arrays.asList(url(a), url(b)));
            List<String> lists = Arrays.asList(url(a), url(b), url(listener));
            await("both registering proxies in the lists of all three", APPEAR_MILLIS, () -> everyListIs(both, lists),
                () -> lists(lists));
            assertEquals("namesrv-kv", DiscoveryCluster.list(url(a)).get("source").asText());
            Set<String> kv = cluster.kvIds(stock);
            assertTrue(kv.toString(), kv.contains(id(a)) && kv.contains(id(b)));
            assertFalse("a proxy with proxyRegister=false stays out", kv.contains(id(listener)));
            assertEquals(2, a.discovery().liveProxyCount());

            b.shutdown();
            assertFalse("a graceful stop removes the proxy's own KV entry", cluster.kvIds(stock).contains(id(b)));
            await("the stopped proxy gone", cluster.ttlSeconds() * 1000L,
                () -> DiscoveryCluster.listedUrls(url(a)).equals(new TreeSet<>(List.of(url(a)))), () -> lists(List.of(url(a))));
        } finally {
            a.shutdown();
            b.shutdown();
            listener.shutdown();
        }
    }

    @Test
    public void aProxyThatReachesNoNameserverListsOnlyItselfAsStatic() throws Exception {
        String deadNamesrv;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadNamesrv = "127.0.0.1:" + socket.getLocalPort();
        }
        String nowhere = deadNamesrv;
        HttpProxyController alone = TestCluster.startProxy(c -> {
            c.setNamesrvAddr(nowhere);
            c.getDiscovery().setProxyHeartbeatSeconds(1);
            c.getDiscovery().setProxyTtlSeconds(4);
        });
        try {
            Thread.sleep(1500);
            JsonNode list = DiscoveryCluster.list(url(alone));
            assertEquals(list.toString(), "static", list.get("source").asText());
            assertEquals(list.toString(), 1, list.get("proxies").size());
            assertEquals(url(alone), list.get("proxies").get(0).get("url").asText());
            assertEquals(1, alone.discovery().liveProxyCount());
        } finally {
            alone.shutdown();
        }
    }
}
