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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.remoting.protocol.RemotingSerializable;

/**
 * The answer to {@link HttpProxyRequestCode#GET_HTTP_PROXY_LIST}: the live proxies. The {@code source}
 * values are those of {@code GET /v1/proxies}.
 */
public class HttpProxyList extends RemotingSerializable {
    /** The list came from nameservers with the plugin. */
    public static final String SOURCE_NAMESRV_PLUGIN = "namesrv-plugin";
    /** The list came from the KV store of stock nameservers. */
    public static final String SOURCE_NAMESRV_KV = "namesrv-kv";
    /** No nameserver answered (or registration is off): the proxy knows only itself. */
    public static final String SOURCE_STATIC = "static";

    private List<HttpProxyInfo> proxies = new ArrayList<>();

    public HttpProxyList() {
    }

    public HttpProxyList(List<HttpProxyInfo> proxies) {
        this.proxies = proxies;
    }

    /**
     * The body of {@code GET /v1/proxies}, as plain maps and lists in the field order of the API, for
     * any JSON library: {@code {"proxies": [{"id", "cluster", "url", "zone", "version", "startTime",
     * "lastHeartbeat"}], "source"}}. A missing zone or version is an empty string.
     */
    public static Map<String, Object> toApiBody(List<HttpProxyInfo> proxies, String source) {
        List<Map<String, Object>> entries = new ArrayList<>(proxies.size());
        for (HttpProxyInfo proxy : proxies) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", proxy.getId());
            entry.put("cluster", proxy.getCluster());
            entry.put("url", proxy.getUrl());
            entry.put("zone", proxy.getZone() == null ? "" : proxy.getZone());
            entry.put("version", proxy.getVersion() == null ? "" : proxy.getVersion());
            entry.put("startTime", proxy.getStartTime());
            entry.put("lastHeartbeat", proxy.getLastHeartbeat());
            entries.add(entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("proxies", entries);
        body.put("source", source);
        return body;
    }

    public List<HttpProxyInfo> getProxies() {
        return proxies;
    }

    public void setProxies(List<HttpProxyInfo> proxies) {
        this.proxies = proxies;
    }
}
