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
package org.apache.rocketmq.http.proxy.handler;

import java.util.concurrent.CompletableFuture;
import org.apache.rocketmq.http.namesrv.protocol.HttpProxyList;
import org.apache.rocketmq.http.proxy.discovery.DiscoveryService;
import org.apache.rocketmq.http.proxy.discovery.LiveProxies;
import org.apache.rocketmq.http.proxy.server.HttpResult;
import org.apache.rocketmq.http.proxy.server.HttpRequestContext;

/**
 * {@code GET /v1/proxies}: the live proxies of this proxy's cluster, from the discovery service's
 * list (refreshed in the background; no nameserver call per request).
 */
public final class ProxiesHandler {
    private final DiscoveryService discovery;

    public ProxiesHandler(DiscoveryService discovery) {
        this.discovery = discovery;
    }

    public CompletableFuture<HttpResult> list(HttpRequestContext request) {
        LiveProxies live = discovery.current();
        return CompletableFuture.completedFuture(HttpResult.ok(HttpProxyList.toApiBody(live.proxies(), live.source())));
    }
}
