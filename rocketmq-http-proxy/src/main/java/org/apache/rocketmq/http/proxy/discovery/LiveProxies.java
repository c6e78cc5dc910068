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
package org.apache.rocketmq.http.proxy.discovery;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.rocketmq.http.namesrv.protocol.HttpProxyInfo;

/**
 * What a proxy knows of its cluster at one moment: the live proxies (itself included while it
 * registers), ordered by URL, and where the list came from (an {@code HttpProxyList.SOURCE_*} value).
 * Immutable.
 */
public final class LiveProxies {
    private final List<HttpProxyInfo> proxies;
    private final String source;
    private final long refreshedAt;

    LiveProxies(List<HttpProxyInfo> proxies, String source, long refreshedAt) {
        this.proxies = Collections.unmodifiableList(proxies);
        this.source = source;
        this.refreshedAt = refreshedAt;
    }

    public List<HttpProxyInfo> proxies() {
        return proxies;
    }

    public String source() {
        return source;
    }

    /**
     * @return when the list was built, epoch milliseconds
     */
    public long refreshedAt() {
        return refreshedAt;
    }

    /**
     * @return how many proxies are live, at least 1 while this proxy registers itself
     */
    public int size() {
        return proxies.size();
    }

    Set<String> ids() {
        Set<String> ids = new TreeSet<>();
        for (HttpProxyInfo p : proxies) {
            ids.add(p.getId());
        }
        return ids;
    }
}
