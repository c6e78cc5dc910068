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
package org.apache.rocketmq.http.namesrv.protocol;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.rocketmq.remoting.protocol.RemotingSerializable;

/**
 * One HTTP proxy as the nameservers know it: the body of a registration, an entry of a list and the
 * value of a KV entry. Times are epoch milliseconds. Whoever receives one checks it with
 * {@link #problem()} first: anything that can reach a nameserver can register.
 */
public class HttpProxyInfo extends RemotingSerializable {
    public static final int MAX_ID_LENGTH = 128;
    public static final int MAX_CLUSTER_LENGTH = 127;
    public static final int MAX_URL_LENGTH = 512;
    public static final int MAX_ZONE_LENGTH = 64;
    public static final int MAX_VERSION_LENGTH = 64;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1," + MAX_ID_LENGTH + "}");
    private static final Pattern CLUSTER = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_CLUSTER_LENGTH + "}");
    private static final Pattern ZONE = Pattern.compile("[A-Za-z0-9._-]{0," + MAX_ZONE_LENGTH + "}");
    private static final Pattern VERSION = Pattern.compile("[\\x21-\\x7e]{0," + MAX_VERSION_LENGTH + "}");

    private String id;
    private String cluster;
    private String url;
    private String zone;
    private String version;
    private long startTime;
    private long lastHeartbeat;

    public HttpProxyInfo() {
    }

    public HttpProxyInfo(String id, String cluster, String url, String zone, String version, long startTime,
        long lastHeartbeat) {
        this.id = id;
        this.cluster = cluster;
        this.url = url;
        this.zone = zone;
        this.version = version;
        this.startTime = startTime;
        this.lastHeartbeat = lastHeartbeat;
    }

    /**
     * @return a copy with another heartbeat time
     */
    public HttpProxyInfo withLastHeartbeat(long time) {
        return new HttpProxyInfo(id, cluster, url, zone, version, startTime, time);
    }

    /**
     * @return what is wrong with this record, or null when it may be stored and handed to clients
     */
    public String problem() {
        if (id == null || !ID.matcher(id).matches()) {
            return "id must be 1 to " + MAX_ID_LENGTH + " characters of [A-Za-z0-9._:@-]";
        }
        if (cluster == null || !CLUSTER.matcher(cluster).matches()) {
            return "cluster must be 1 to " + MAX_CLUSTER_LENGTH + " characters of [A-Za-z0-9._-]";
        }
        String urlProblem = urlProblem(url);
        if (urlProblem != null) {
            return urlProblem;
        }
        if (zone != null && !ZONE.matcher(zone).matches()) {
            return "zone must be at most " + MAX_ZONE_LENGTH + " characters of [A-Za-z0-9._-]";
        }
        if (version != null && !VERSION.matcher(version).matches()) {
            return "version must be at most " + MAX_VERSION_LENGTH + " printable ASCII characters";
        }
        if (startTime < 0 || lastHeartbeat < 0) {
            return "times must not be negative";
        }
        return null;
    }

    /**
     * @return what is wrong with an advertised URL, or null when it is an absolute http(s) URL with a
     *     host and without user info, query or fragment
     */
    public static String urlProblem(String url) {
        if (url == null || url.isEmpty() || url.length() > MAX_URL_LENGTH) {
            return "url must be 1 to " + MAX_URL_LENGTH + " characters";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "url is not a URI";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "url must be an http:// or https:// URL";
        }
        if (uri.getHost() == null) {
            return "url has no host";
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return "url must not have user info, a query or a fragment";
        }
        return null;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getCluster() {
        return cluster;
    }

    public void setCluster(String cluster) {
        this.cluster = cluster;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getZone() {
        return zone;
    }

    public void setZone(String zone) {
        this.zone = zone;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public long getStartTime() {
        return startTime;
    }

    public void setStartTime(long startTime) {
        this.startTime = startTime;
    }

    public long getLastHeartbeat() {
        return lastHeartbeat;
    }

    public void setLastHeartbeat(long lastHeartbeat) {
        this.lastHeartbeat = lastHeartbeat;
    }

    @Override
    public String toString() {
        return "HttpProxyInfo{id=" + id + ", cluster=" + cluster + ", url=" + url + ", zone=" + zone + ", version="
            + version + ", startTime=" + startTime + ", lastHeartbeat=" + lastHeartbeat + '}';
    }
}
