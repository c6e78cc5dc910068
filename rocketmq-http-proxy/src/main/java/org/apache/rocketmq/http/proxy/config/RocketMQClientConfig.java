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
 * How the proxy uses its RocketMQ clients: producer pooling, timeouts, caches of routes and groups, and
 * how it rides through a broker that stops answering.
 * Keys share the proxy's properties file.
 */
public class RocketMQClientConfig {
    private String defaultProducerGroup = "HTTP_PROXY_DEFAULT_PRODUCER";
    private int maxProducerGroups = 256;
    private int sendTimeoutMillis = 3000;
    private int sendRetryTimes = 2;
    private int routeCacheMillis = 30_000;
    private int routeMissCacheMillis = 2_000;
    private int adminTimeoutMillis = 3000;
    private int readyCacheMillis = 1000;
    /**
     * Added to a long poll's wait for the broker's answer to arrive before the request times out and the
     * broker counts as failed; the client is answered at its wait's end regardless.
     */
    private int popTimeoutMarginMillis = 3000;
    /** Consumer group used to read by offset (replay); pulls store no offset for it. */
    private String replayConsumerGroup = "HTTP_PROXY_REPLAY";
    /** Receipt handles remembered as replaced by a lease change, to refuse their reuse on this proxy. */
    private int maxSupersededHandles = 100_000;
    /** A broker that failed to answer is not asked again for this long; each failed retry doubles it. */
    private int brokerFaultBackoffMillis = 1000;
    /** The longest a failed broker is left alone before it is tried again. */
    private int brokerFaultMaxBackoffMillis = 10_000;
    /** How often the nameserver is asked which brokers are registered; a change refreshes the cached routes. */
    private int brokerWatchIntervalMillis = 1000;
    /**
     * Header form of the requests to brokers and nameservers: ROCKETMQ (RocketMQ's binary form, cheaper to
     * write) or JSON.
     */
    private String remotingSerializeType = "ROCKETMQ";

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

    public int getBrokerFaultBackoffMillis() {
        return brokerFaultBackoffMillis;
    }

    public void setBrokerFaultBackoffMillis(int brokerFaultBackoffMillis) {
        this.brokerFaultBackoffMillis = brokerFaultBackoffMillis;
    }

    public int getBrokerFaultMaxBackoffMillis() {
        return brokerFaultMaxBackoffMillis;
    }

    public void setBrokerFaultMaxBackoffMillis(int brokerFaultMaxBackoffMillis) {
        this.brokerFaultMaxBackoffMillis = brokerFaultMaxBackoffMillis;
    }

    public int getBrokerWatchIntervalMillis() {
        return brokerWatchIntervalMillis;
    }

    public void setBrokerWatchIntervalMillis(int brokerWatchIntervalMillis) {
        this.brokerWatchIntervalMillis = brokerWatchIntervalMillis;
    }

    public String getRemotingSerializeType() {
        return remotingSerializeType;
    }

    public void setRemotingSerializeType(String remotingSerializeType) {
        this.remotingSerializeType = remotingSerializeType;
    }
}
