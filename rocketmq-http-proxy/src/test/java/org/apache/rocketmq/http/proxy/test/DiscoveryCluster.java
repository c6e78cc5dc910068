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

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.rocketmq.broker.BrokerController;
import org.apache.rocketmq.common.attribute.TopicMessageType;
import org.apache.rocketmq.common.namesrv.NamesrvConfig;
import org.apache.rocketmq.http.namesrv.HttpProxyNamesrvConfig;
import org.apache.rocketmq.http.namesrv.HttpProxyNamesrvController;
import org.apache.rocketmq.http.namesrv.protocol.HttpProxyRequestCode;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.body.KVTable;
import org.apache.rocketmq.remoting.protocol.header.namesrv.GetKVListByNamespaceRequestHeader;

/**
 * The cluster of the discovery tests: the test cluster's stock nameserver and broker plus a second,
 * in-process nameserver with the plugin; the broker registers with both. Proxies started here use
 * both nameservers (a mixed cluster), a cluster name of their own (so other tests' proxies never
 * show up) and short heartbeat and TTL periods. Close it to stop the plugin nameserver and give the
 * broker back its single nameserver.
 */
public final class DiscoveryCluster implements AutoCloseable {
    private final int heartbeatSeconds;
    private final int ttlSeconds;
    private final String clusterName = TestCluster.uniqueName("HttpProxyIT");
    private final File dir;
    private final NettyRemotingClient remoting = new NettyRemotingClient(new NettyClientConfig());
    private final List<HttpProxyController> proxies = Collections.synchronizedList(new ArrayList<>());
    private final List<ProxyProcess> processes = Collections.synchronizedList(new ArrayList<>());
    private HttpProxyNamesrvController pluginNamesrv;
    private boolean pluginRunning;
    private int pluginPort;
    private int pluginHttpPort;

    /**
     * @param heartbeatSeconds heartbeat period of the proxies
     * @param ttlSeconds TTL of the proxies and of the plugin's table
     */
    public DiscoveryCluster(int heartbeatSeconds, int ttlSeconds) throws Exception {
        this.heartbeatSeconds = heartbeatSeconds;
        this.ttlSeconds = ttlSeconds;
        this.dir = Files.createTempDirectory("rmq-http-plugin-namesrv").toFile();
        TestCluster.rocketmq();
        remoting.start();
        startPluginNamesrv(0, 0);
        useNamesrvs(namesrvAddr());
    }

    private void startPluginNamesrv(int port, int httpPort) throws Exception {
        NamesrvConfig config = new NamesrvConfig();
        config.setKvConfigPath(new File(dir, "kv.json").getPath());
        config.setConfigStorePath(new File(dir, "namesrv.properties").getPath());
        NettyServerConfig server = new NettyServerConfig();
        server.setListenPort(port);
        server.setBindAddress("127.0.0.1");
        HttpProxyNamesrvConfig plugin = new HttpProxyNamesrvConfig();
        plugin.setHttpBindAddress("127.0.0.1");
        plugin.setHttpListenPort(httpPort);
        plugin.setProxyTtlSeconds(ttlSeconds);
        HttpProxyNamesrvController controller = new HttpProxyNamesrvController(config, server, new NettyClientConfig(), plugin);
        if (!controller.initialize()) {
            throw new IllegalStateException("the plugin nameserver did not initialize");
        }
        controller.start();
        pluginNamesrv = controller;
        pluginRunning = true;
        pluginPort = server.getListenPort();
        pluginHttpPort = controller.httpPort();
    }

    /**
     * Stops the plugin nameserver, so its table is lost, and starts a new one on the same ports.
     */
    public void restartPluginNamesrv() throws Exception {
        stopPluginNamesrv();
        startPluginNamesrv(pluginPort, pluginHttpPort);
        // the broker registers every 30 s; routes are not what the discovery tests look at, so at once
        TestCluster.rocketmq().broker().registerBrokerAll(true, false, true);
    }

    /**
     * Stops the plugin nameserver (until {@link #restartPluginNamesrv()}).
     */
    public void stopPluginNamesrv() {
        if (pluginRunning) {
            pluginRunning = false;
            pluginNamesrv.shutdown();
        }
    }

    private static void useNamesrvs(String addrs) {
        BrokerController broker = TestCluster.rocketmq().broker();
        broker.getBrokerConfig().setNamesrvAddr(addrs);
        broker.getBrokerOuterAPI().updateNameServerAddressList(addrs);
        broker.registerBrokerAll(true, false, true);
    }

    public String clusterName() {
        return clusterName;
    }

    public int heartbeatSeconds() {
        return heartbeatSeconds;
    }

    public int ttlSeconds() {
        return ttlSeconds;
    }

    public String pluginNamesrvAddr() {
        return "127.0.0.1:" + pluginPort;
    }

    public String stockNamesrvAddr() {
        return TestCluster.namesrvAddr();
    }

    /**
     * @return both nameservers, the plugin one first
     */
    public String namesrvAddr() {
        return pluginNamesrvAddr() + ";" + stockNamesrvAddr();
    }

    /**
     * @return the base URL of the plugin's HTTP listener
     */
    public String pluginHttpUrl() {
        return "http://127.0.0.1:" + pluginHttpPort;
    }

    public HttpProxyNamesrvController pluginNamesrv() {
        return pluginNamesrv;
    }

    /**
     * Creates a topic and waits until both nameservers serve its route.
     */
    public String newTopic(String prefix) throws InterruptedException {
        String topic = TestCluster.newTopic(prefix, 4, TopicMessageType.NORMAL);
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(30);
        long nextRegister = start + TimeUnit.SECONDS.toNanos(3);
        while (pluginNamesrv.getRouteInfoManager().pickupTopicRouteData(topic) == null) {
            long now = System.nanoTime();
            if (now > deadline) {
                throw new IllegalStateException("route of " + topic + " did not reach the plugin nameserver");
            }
            if (now > nextRegister) {
                // the broker sends a new topic to the nameservers once; when that one registration is lost on
                // a busy machine, its next periodic one comes only after 30 s: register now, as that one would
                TestCluster.rocketmq().broker().registerBrokerAll(true, false, true);
                nextRegister = now + TimeUnit.SECONDS.toNanos(3);
            }
            Thread.sleep(20);
        }
        return topic;
    }

    /**
     * Starts a proxy in this JVM that uses both nameservers.
     */
    public HttpProxyController startProxy(Consumer<HttpProxyConfig> customizer) {
        HttpProxyController proxy = TestCluster.startProxy(c -> {
            c.setNamesrvAddr(namesrvAddr());
            c.getDiscovery().setProxyClusterName(clusterName);
            c.getDiscovery().setProxyHeartbeatSeconds(heartbeatSeconds);
            c.getDiscovery().setProxyTtlSeconds(ttlSeconds);
            customizer.accept(c);
        });
        proxies.add(proxy);
        return proxy;
    }

    public HttpProxyController startProxy() {
        return startProxy(c -> { });
    }

    /**
     * Starts a proxy in a JVM of its own that uses both nameservers.
     */
    public ProxyProcess startProxyProcess(Map<String, String> settings) throws IOException, InterruptedException {
        Map<String, String> conf = new TreeMap<>();
        conf.put("namesrvAddr", namesrvAddr());
        conf.put("proxyClusterName", clusterName);
        conf.put("proxyHeartbeatSeconds", Integer.toString(heartbeatSeconds));
        conf.put("proxyTtlSeconds", Integer.toString(ttlSeconds));
        conf.putAll(settings);
        ProxyProcess process = ProxyProcess.start(conf);
        processes.add(process);
        return process;
    }

    /**
     * @return the URLs that {@code GET /v1/proxies} of the given base URL lists, empty when it does not answer 200
     */
    public static TreeSet<String> listedUrls(String baseUrl) {
        TreeSet<String> urls = new TreeSet<>();
        JsonNode body = list(baseUrl);
        if (body != null) {
            body.get("proxies").forEach(p -> urls.add(p.get("url").asText()));
        }
        return urls;
    }

    /**
     * @return the answer of {@code GET /v1/proxies} at the given base URL, or null when it is not 200
     */
    public static JsonNode list(String baseUrl) {
        try {
            HttpTestClient.Response r = new HttpTestClient(baseUrl).get("/v1/proxies");
            return r.status == 200 ? r.json() : null;
        } catch (IllegalStateException e) {
            return null;
        }
    }

    /**
     * @return the ids of the proxies in the KV store of the given (stock) nameserver
     */
    public TreeSet<String> kvIds(String namesrvAddr) throws Exception {
        GetKVListByNamespaceRequestHeader header = new GetKVListByNamespaceRequestHeader();
        header.setNamespace(HttpProxyRequestCode.KV_NAMESPACE);
        RemotingCommand response = remoting.invokeSync(namesrvAddr,
            RemotingCommand.createRequestCommand(RequestCode.GET_KVLIST_BY_NAMESPACE, header), 3000);
        TreeSet<String> ids = new TreeSet<>();
        if (response.getCode() == ResponseCode.SUCCESS && response.getBody() != null) {
            ids.addAll(KVTable.decode(response.getBody(), KVTable.class).getTable().keySet());
        }
        return ids;
    }

    @Override
    public void close() throws Exception {
        for (ProxyProcess p : new ArrayList<>(processes)) {
            p.close();
        }
        for (HttpProxyController p : new ArrayList<>(proxies)) {
            p.shutdown();
        }
        useNamesrvs(stockNamesrvAddr());
        stopPluginNamesrv();
        remoting.shutdown();
        for (File f : dir.listFiles()) {
            f.delete();
        }
        dir.delete();
    }
}
