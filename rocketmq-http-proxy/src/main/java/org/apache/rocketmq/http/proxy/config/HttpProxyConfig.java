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
 * Settings of the HTTP side and of the RocketMQ clients of the proxy. Bound from a properties file
 * with {@code MixAll.properties2Object}: every setter name is a key (e.g. {@code listenPort=8181}).
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

    private int maxBodyBytes = 4 * 1024 * 1024;
    private int maxRequestBytes = 4 * 1024 * 1024 + 64 * 1024;
    private int maxBatchMessages = 256;
    private int maxProperties = 128;
    private int maxPropertiesBytes = 16 * 1024;
    private long maxDelayMillis = 24L * 3600 * 1000;

    private String defaultProducerGroup = "HTTP_PROXY_DEFAULT_PRODUCER";
    private int maxProducerGroups = 256;
    private int sendTimeoutMillis = 3000;
    private int sendRetryTimes = 2;
    private int routeCacheMillis = 30_000;
    private int routeMissCacheMillis = 2_000;
    private int adminTimeoutMillis = 3000;
    private int readyCacheMillis = 1000;

    /** Added to a long poll's wait for the broker's answer to arrive before the request times out. */
    private int popTimeoutMarginMillis = 3000;
    /** Consumer group used to read by offset (replay); pulls store no offset for it. */
    private String replayConsumerGroup = "HTTP_PROXY_REPLAY";
    /** Receipt handles remembered as replaced by a lease change, to refuse their reuse on this proxy. */
    private int maxSupersededHandles = 100_000;

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

    public int getMaxBodyBytes() {
        return maxBodyBytes;
    }

    public void setMaxBodyBytes(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    public int getMaxRequestBytes() {
        return maxRequestBytes;
    }

    public void setMaxRequestBytes(int maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
    }

    public int getMaxBatchMessages() {
        return maxBatchMessages;
    }

    public void setMaxBatchMessages(int maxBatchMessages) {
        this.maxBatchMessages = maxBatchMessages;
    }

    public int getMaxProperties() {
        return maxProperties;
    }

    public void setMaxProperties(int maxProperties) {
        this.maxProperties = maxProperties;
    }

    public int getMaxPropertiesBytes() {
        return maxPropertiesBytes;
    }

    public void setMaxPropertiesBytes(int maxPropertiesBytes) {
        this.maxPropertiesBytes = maxPropertiesBytes;
    }

    public long getMaxDelayMillis() {
        return maxDelayMillis;
    }

    public void setMaxDelayMillis(long maxDelayMillis) {
        this.maxDelayMillis = maxDelayMillis;
    }

    public String getDefaultProducerGroup() {
        return defaultProducerGroup;
    }

    public void setDefaultProducerGroup(String defaultProducerGroup) {
        this.defaultProducerGroup = defaultProducerGroup;
    }

    public int getMaxProducerGroups() {
        return maxProducerGroups;
    }

    public void setMaxProducerGroups(int maxProducerGroups) {
        this.maxProducerGroups = maxProducerGroups;
    }

    public int getSendTimeoutMillis() {
        return sendTimeoutMillis;
    }

    public void setSendTimeoutMillis(int sendTimeoutMillis) {
        this.sendTimeoutMillis = sendTimeoutMillis;
    }

    public int getSendRetryTimes() {
        return sendRetryTimes;
    }

    public void setSendRetryTimes(int sendRetryTimes) {
        this.sendRetryTimes = sendRetryTimes;
    }

    public int getRouteCacheMillis() {
        return routeCacheMillis;
    }

    public void setRouteCacheMillis(int routeCacheMillis) {
        this.routeCacheMillis = routeCacheMillis;
    }

    public int getRouteMissCacheMillis() {
        return routeMissCacheMillis;
    }

    public void setRouteMissCacheMillis(int routeMissCacheMillis) {
        this.routeMissCacheMillis = routeMissCacheMillis;
    }

    public int getAdminTimeoutMillis() {
        return adminTimeoutMillis;
    }

    public void setAdminTimeoutMillis(int adminTimeoutMillis) {
        this.adminTimeoutMillis = adminTimeoutMillis;
    }

    public int getReadyCacheMillis() {
        return readyCacheMillis;
    }

    public void setReadyCacheMillis(int readyCacheMillis) {
        this.readyCacheMillis = readyCacheMillis;
    }

    public int getPopTimeoutMarginMillis() {
        return popTimeoutMarginMillis;
    }

    public void setPopTimeoutMarginMillis(int popTimeoutMarginMillis) {
        this.popTimeoutMarginMillis = popTimeoutMarginMillis;
    }

    public String getReplayConsumerGroup() {
        return replayConsumerGroup;
    }

    public void setReplayConsumerGroup(String replayConsumerGroup) {
        this.replayConsumerGroup = replayConsumerGroup;
    }

    public int getMaxSupersededHandles() {
        return maxSupersededHandles;
    }

    public void setMaxSupersededHandles(int maxSupersededHandles) {
        this.maxSupersededHandles = maxSupersededHandles;
    }
}
