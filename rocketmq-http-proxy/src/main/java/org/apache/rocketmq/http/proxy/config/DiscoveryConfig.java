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
 * How the proxy takes part in proxy discovery: it registers itself with every nameserver and lists
 * the live proxies of its cluster at {@code GET /v1/proxies}. Keys share the proxy's properties file.
 */
public class DiscoveryConfig {
    /** Register with the nameservers (and deregister on a graceful stop). */
    private boolean proxyRegister = true;
    /** The URL clients reach this proxy at; empty: http(s)://(bind address, or the first non-loopback address):(port). */
    private String advertisedUrl = "";
    /** Zone of this proxy (e.g. an availability zone), for clients that prefer proxies of their own zone. */
    private String proxyZone = "";
    /** Proxies of one cluster list each other; several clusters may share the nameservers. */
    private String proxyClusterName = "DefaultCluster";
    /** Registration and list refresh period. */
    private int proxyHeartbeatSeconds = 10;
    /** A proxy without a heartbeat for this long is gone from the lists. */
    private int proxyTtlSeconds = 30;

    public boolean isProxyRegister() {
        return proxyRegister;
    }

    public void setProxyRegister(boolean proxyRegister) {
        this.proxyRegister = proxyRegister;
    }

    public String getAdvertisedUrl() {
        return advertisedUrl;
    }

    public void setAdvertisedUrl(String advertisedUrl) {
        this.advertisedUrl = advertisedUrl;
    }

    public String getProxyZone() {
        return proxyZone;
    }

    public void setProxyZone(String proxyZone) {
        this.proxyZone = proxyZone;
    }

    public String getProxyClusterName() {
        return proxyClusterName;
    }

    public void setProxyClusterName(String proxyClusterName) {
        this.proxyClusterName = proxyClusterName;
    }

    public int getProxyHeartbeatSeconds() {
        return proxyHeartbeatSeconds;
    }

    public void setProxyHeartbeatSeconds(int proxyHeartbeatSeconds) {
        this.proxyHeartbeatSeconds = proxyHeartbeatSeconds;
    }

    public int getProxyTtlSeconds() {
        return proxyTtlSeconds;
    }

    public void setProxyTtlSeconds(int proxyTtlSeconds) {
        this.proxyTtlSeconds = proxyTtlSeconds;
    }
}
