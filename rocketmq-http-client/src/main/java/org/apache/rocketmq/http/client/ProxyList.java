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

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The answer of {@code GET /v1/proxies}: the live proxies and where the list came from. Immutable
 * and thread-safe.
 */
public final class ProxyList {
    private final List<ProxyInfo> proxies;
    private final String source;

    /**
     * Creates a list; the SDK does this from the answer, tests may do it for fakes.
     *
     * @param proxies the live proxies
     * @param source where the list came from
     */
    public ProxyList(List<ProxyInfo> proxies, String source) {
        this.proxies = Collections.unmodifiableList(new ArrayList<>(proxies));
        this.source = source;
    }

    /**
     * Returns the live proxies, those whose URL is not a usable {@code http}/{@code https} URL left out.
     *
     * @return an unmodifiable list
     */
    public List<ProxyInfo> proxies() {
        return proxies;
    }

    /**
     * Returns where the list came from: {@code namesrv-plugin} (nameservers with the discovery
     * plugin), {@code namesrv-kv} (the KV store of stock nameservers) or {@code static} (the proxy
     * asked reached no nameserver and knows only itself).
     *
     * @return the source
     */
    public String source() {
        return source;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ProxyList)) {
            return false;
        }
        ProxyList other = (ProxyList) o;
        return proxies.equals(other.proxies) && Objects.equals(source, other.source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(proxies, source);
    }

    @Override
    public String toString() {
        return "ProxyList{proxies=" + proxies + ", source=" + source + '}';
    }
}
