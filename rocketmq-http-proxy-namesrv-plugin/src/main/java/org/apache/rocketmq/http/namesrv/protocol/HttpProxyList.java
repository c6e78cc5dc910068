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
import java.util.List;
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

    public List<HttpProxyInfo> getProxies() {
        return proxies;
    }

    public void setProxies(List<HttpProxyInfo> proxies) {
        this.proxies = proxies;
    }
}
