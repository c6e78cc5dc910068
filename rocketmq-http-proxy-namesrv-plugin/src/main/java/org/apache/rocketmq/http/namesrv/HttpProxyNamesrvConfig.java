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
package org.apache.rocketmq.http.namesrv;

/**
 * Settings of the plugin, bound from the nameserver's properties file next to RocketMQ's own
 * {@code NamesrvConfig} and {@code NettyServerConfig} keys.
 */
public class HttpProxyNamesrvConfig {
    /** Port of the HTTP listener that answers {@code GET /v1/proxies}; 0 picks a free one. */
    private int httpListenPort = 9880;
    private String httpBindAddress = "0.0.0.0";
    /** A proxy that has not sent a heartbeat for this long is gone from the table. */
    private int proxyTtlSeconds = 30;
    /** Most proxies the table holds; registrations of new proxies beyond that are refused. */
    private int maxProxies = 1024;

    public int getHttpListenPort() {
        return httpListenPort;
    }

    public void setHttpListenPort(int httpListenPort) {
        this.httpListenPort = httpListenPort;
    }

    public String getHttpBindAddress() {
        return httpBindAddress;
    }

    public void setHttpBindAddress(String httpBindAddress) {
        this.httpBindAddress = httpBindAddress;
    }

    public int getProxyTtlSeconds() {
        return proxyTtlSeconds;
    }

    public void setProxyTtlSeconds(int proxyTtlSeconds) {
        this.proxyTtlSeconds = proxyTtlSeconds;
    }

    public int getMaxProxies() {
        return maxProxies;
    }

    public void setMaxProxies(int maxProxies) {
        this.maxProxies = maxProxies;
    }
}
