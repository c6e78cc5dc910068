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
package org.apache.rocketmq.http.proxy.config;

/**
 * Settings of the proxy's HTTP server, with its request limits, RocketMQ client, discovery and
 * transaction settings as parts. Bound from a properties file with {@code MixAll.properties2Object}:
 * every setter name is a key (e.g. {@code listenPort=8181}), whichever part it belongs to.
 */
public class HttpProxyConfig {
    public static final String NAMESRV_ADDR_ENV = "NAMESRV_ADDR";

    private String bindAddress = "0.0.0.0";
    private int listenPort = 8181;
    private String namesrvAddr = System.getenv().getOrDefault(NAMESRV_ADDR_ENV, "127.0.0.1:9876");

    /** Netty event loop threads; 0 means one per core. */
    private int ioThreads = 0;
    private int idleTimeoutSeconds = 120;
    private int maxInitialLineLength = 8192;
    private int maxHeaderSize = 16384;
    private int maxPipelinedRequests = 64;
    private int shutdownDrainSeconds = 15;
    /** Topics that get a label of their own in the metrics; the others are counted as "other". */
    private int metricsMaxTopics = 200;

    private final LimitsConfig limits = new LimitsConfig();
    private final RocketMQClientConfig rocketmq = new RocketMQClientConfig();
    private final DiscoveryConfig discovery = new DiscoveryConfig();
    private final TransactionConfig transaction = new TransactionConfig();
    private final FlowControlConfig flowControl = new FlowControlConfig();
    private final AuthConfig auth = new AuthConfig();
    private final TlsConfig tls = new TlsConfig();

    public String getBindAddress() {
        return bindAddress;
    }

    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    public int getListenPort() {
        return listenPort;
    }

    public void setListenPort(int listenPort) {
        this.listenPort = listenPort;
    }

    public String getNamesrvAddr() {
        return namesrvAddr;
    }

    public void setNamesrvAddr(String namesrvAddr) {
        this.namesrvAddr = namesrvAddr;
    }

    public int getIoThreads() {
        return ioThreads;
    }

    public void setIoThreads(int ioThreads) {
        this.ioThreads = ioThreads;
    }

    public int getIdleTimeoutSeconds() {
        return idleTimeoutSeconds;
    }

    public void setIdleTimeoutSeconds(int idleTimeoutSeconds) {
        this.idleTimeoutSeconds = idleTimeoutSeconds;
    }

    public int getMaxInitialLineLength() {
        return maxInitialLineLength;
    }

    public void setMaxInitialLineLength(int maxInitialLineLength) {
        this.maxInitialLineLength = maxInitialLineLength;
    }

    public int getMaxHeaderSize() {
        return maxHeaderSize;
    }

    public void setMaxHeaderSize(int maxHeaderSize) {
        this.maxHeaderSize = maxHeaderSize;
    }

    public int getMaxPipelinedRequests() {
        return maxPipelinedRequests;
    }

    public void setMaxPipelinedRequests(int maxPipelinedRequests) {
        this.maxPipelinedRequests = maxPipelinedRequests;
    }

    public int getShutdownDrainSeconds() {
        return shutdownDrainSeconds;
    }

    public void setShutdownDrainSeconds(int shutdownDrainSeconds) {
        this.shutdownDrainSeconds = shutdownDrainSeconds;
    }

    public int getMetricsMaxTopics() {
        return metricsMaxTopics;
    }

    public void setMetricsMaxTopics(int metricsMaxTopics) {
        this.metricsMaxTopics = metricsMaxTopics;
    }

    /**
     * @return the request limits, bound from the same properties file
     */
    public LimitsConfig getLimits() {
        return limits;
    }

    /**
     * @return the RocketMQ client settings, bound from the same properties file
     */
    public RocketMQClientConfig getRocketmq() {
        return rocketmq;
    }

    /**
     * @return the proxy discovery settings, bound from the same properties file
     */
    public DiscoveryConfig getDiscovery() {
        return discovery;
    }

    /**
     * @return the settings of transactional messages, bound from the same properties file
     */
    public TransactionConfig getTransaction() {
        return transaction;
    }

    /**
     * @return the quota file and global guards, bound from the same properties file
     */
    public FlowControlConfig getFlowControl() {
        return flowControl;
    }

    /**
     * @return access control and the proxy's broker identity, bound from the same properties file
     */
    public AuthConfig getAuth() {
        return auth;
    }

    /**
     * @return TLS of the HTTP port, bound from the same properties file
     */
    public TlsConfig getTls() {
        return tls;
    }
}
