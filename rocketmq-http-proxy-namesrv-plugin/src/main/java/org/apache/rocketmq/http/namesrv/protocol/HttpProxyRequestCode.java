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

/**
 * The remoting request codes of proxy discovery, answered by a nameserver with the plugin
 * ({@code HttpProxyNamesrvController}). RocketMQ 5.2.0 does not use them (nor does any later RocketMQ
 * release up to 5.3.3); they fit the two bytes that RocketMQ's binary serialization has for a code. A
 * stock nameserver answers them with {@code REQUEST_CODE_NOT_SUPPORTED}, and then proxies fall back to
 * the nameserver's KV store under {@link #KV_NAMESPACE}.
 */
public final class HttpProxyRequestCode {
    /** Body: an {@link HttpProxyInfo}. Adds or refreshes the proxy; its heartbeat time is the nameserver's clock. */
    public static final int REGISTER_HTTP_PROXY = 8181;
    /** Body: an {@link HttpProxyInfo} naming the cluster and id. Removes the proxy at once. */
    public static final int UNREGISTER_HTTP_PROXY = 8182;
    /** Optional extension field {@link #CLUSTER_FIELD}. Answer body: an {@link HttpProxyList} of the live proxies. */
    public static final int GET_HTTP_PROXY_LIST = 8183;

    /** Extension field of {@link #GET_HTTP_PROXY_LIST}: only proxies of this cluster. */
    public static final String CLUSTER_FIELD = "cluster";

    /**
     * Namespace of the stock KV store that proxies use with nameservers without the plugin: key = proxy
     * id, value = the {@link HttpProxyInfo} as JSON, with the writer's heartbeat time.
     */
    public static final String KV_NAMESPACE = "ROCKETMQ_HTTP_PROXY";

    private HttpProxyRequestCode() {
    }
}
