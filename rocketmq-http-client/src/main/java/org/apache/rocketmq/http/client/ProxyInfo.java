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
package org.apache.rocketmq.http.client;

import java.net.URI;
import java.util.Objects;

/**
 * One live proxy, as {@code GET /v1/proxies} lists it. Immutable and thread-safe.
 */
public final class ProxyInfo {
    private final String id;
    private final String cluster;
    private final URI url;
    private final String zone;
    private final String version;
    private final long startTime;
    private final long lastHeartbeat;

    /**
     * Creates an entry; the SDK does this from the proxy's answer, tests may do it for fakes.
     *
     * @param id the proxy's instance id
     * @param cluster the proxy's cluster, empty when the answer had none
     * @param url where clients reach the proxy
     * @param zone the proxy's zone, empty when it has none
     * @param version the proxy's version
     * @param startTime when the proxy started, epoch milliseconds
     * @param lastHeartbeat when the proxy last registered, epoch milliseconds
     */
    public ProxyInfo(String id, String cluster, URI url, String zone, String version, long startTime, long lastHeartbeat) {
        this.id = id;
        this.cluster = cluster;
        this.url = Objects.requireNonNull(url, "url");
        this.zone = zone;
        this.version = version;
        this.startTime = startTime;
        this.lastHeartbeat = lastHeartbeat;
    }

    /**
     * Returns the proxy's instance id, new on every start of the proxy.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * Returns the cluster the proxy belongs to ({@code proxyClusterName}).
     *
     * @return the cluster name, empty when unknown
     */
    public String cluster() {
        return cluster;
    }

    /**
     * Returns the URL the proxy advertises ({@code advertisedUrl}).
     *
     * @return the base URL of the proxy
     */
    public URI url() {
        return url;
    }

    /**
     * Returns the proxy's zone ({@code proxyZone}).
     *
     * @return the zone, empty when it has none
     */
    public String zone() {
        return zone;
    }

    /**
     * Returns the proxy's version.
     *
     * @return the version
     */
    public String version() {
        return version;
    }

    /**
     * Returns when the proxy started.
     *
     * @return epoch milliseconds
     */
    public long startTime() {
        return startTime;
    }

    /**
     * Returns when the proxy last registered.
     *
     * @return epoch milliseconds
     */
    public long lastHeartbeat() {
        return lastHeartbeat;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ProxyInfo)) {
            return false;
        }
        ProxyInfo other = (ProxyInfo) o;
        return startTime == other.startTime && lastHeartbeat == other.lastHeartbeat && Objects.equals(id, other.id)
            && Objects.equals(cluster, other.cluster) && url.equals(other.url) && Objects.equals(zone, other.zone)
            && Objects.equals(version, other.version);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, cluster, url, zone, version, startTime, lastHeartbeat);
    }

    @Override
    public String toString() {
        return "ProxyInfo{id=" + id + ", cluster=" + cluster + ", url=" + url + ", zone=" + zone + ", version=" + version
            + ", startTime=" + startTime + ", lastHeartbeat=" + lastHeartbeat + '}';
    }
}
