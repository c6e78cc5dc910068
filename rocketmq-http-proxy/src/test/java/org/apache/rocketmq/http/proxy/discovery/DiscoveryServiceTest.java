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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.http.namesrv.protocol.HttpProxyInfo;
import org.apache.rocketmq.http.proxy.discovery.ProxyRegistryClient.Answer;
import org.apache.rocketmq.http.proxy.discovery.ProxyRegistryClient.Mode;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

public class DiscoveryServiceTest {
    private static final long TTL = 30_000;
    private static final long NOW = 1_000_000;

    private static HttpProxyInfo proxy(String id, String url, long heartbeat) {
        return new HttpProxyInfo(id, "c", url, "", "1", 1, heartbeat);
    }

    private static Answer answer(Mode mode, long at, HttpProxyInfo... proxies) {
        return new Answer(mode, new ArrayList<>(Arrays.asList(proxies)), at);
    }

    private static List<String> urls(LiveProxies live) {
        List<String> urls = new ArrayList<>();
        live.proxies().forEach(p -> urls.add(p.getUrl()));
        return urls;
    }

    @Test
    public void listsOfAllNameserversAreMergedWithSelfIncluded() {
        HttpProxyInfo self = proxy("me", "http://h:3", NOW);
        Map<String, Answer> answers = new HashMap<>();
        answers.put("ns1", answer(Mode.PLUGIN, NOW, proxy("a", "http://h:1", NOW - 5000)));
        answers.put("ns2", answer(Mode.KV, NOW, proxy("a", "http://h:1", NOW - 1000), proxy("b", "http://h:2", NOW - 2000)));
        LiveProxies live = DiscoveryService.merge(self, answers, NOW, TTL);
        assertEquals(Arrays.asList("http://h:1", "http://h:2", "http://h:3"), urls(live));
        assertEquals("namesrv-plugin", live.source());
        // one entry per id, the latest heartbeat
        assertEquals(NOW - 1000, live.proxies().get(0).getLastHeartbeat());
        assertSame(self, live.proxies().get(2));
    }

    @Test
    public void staleKvEntriesAreLeftOutButThePluginIsTrusted() {
        Map<String, Answer> answers = new HashMap<>();
        answers.put("ns1", answer(Mode.KV, NOW, proxy("old", "http://h:1", NOW - TTL), proxy("fresh", "http://h:2", NOW - TTL + 1)));
        LiveProxies kv = DiscoveryService.merge(null, answers, NOW, TTL);
        assertEquals(Arrays.asList("http://h:2"), urls(kv));
        assertEquals("namesrv-kv", kv.source());

        answers.put("ns1", answer(Mode.PLUGIN, NOW, proxy("old", "http://h:1", NOW - 5 * TTL)));
        assertEquals(Arrays.asList("http://h:1"), urls(DiscoveryService.merge(null, answers, NOW, TTL)));
    }

    @Test
    public void anAnswerOlderThanTheTtlIsNoLongerUsed() {
        Map<String, Answer> answers = new HashMap<>();
        answers.put("ns1", answer(Mode.PLUGIN, NOW - TTL, proxy("a", "http://h:1", NOW)));
        answers.put("ns2", answer(Mode.KV, NOW - 1000, proxy("b", "http://h:2", NOW)));
        LiveProxies live = DiscoveryService.merge(null, answers, NOW, TTL);
        assertEquals(Arrays.asList("http://h:2"), urls(live));
        assertEquals("namesrv-kv", live.source());
    }

    @Test
    public void withoutAnyAnswerTheListIsStaticAndHoldsOnlySelf() {
        HttpProxyInfo self = proxy("me", "http://h:3", NOW);
        LiveProxies live = DiscoveryService.merge(self, new HashMap<>(), NOW, TTL);
        assertEquals("static", live.source());
        assertEquals(Arrays.asList("http://h:3"), urls(live));
        assertEquals("static", DiscoveryService.merge(null, new HashMap<>(), NOW, TTL).source());
        assertEquals(0, DiscoveryService.merge(null, new HashMap<>(), NOW, TTL).size());
    }

    @Test
    public void oneEntryPerUrlTheLatestOrSelf() {
        HttpProxyInfo self = proxy("me-now", "http://h:1", NOW - 10_000);
        Map<String, Answer> answers = new HashMap<>();
        answers.put("ns1", answer(Mode.KV, NOW, proxy("me-before-restart", "http://h:1", NOW - 1000),
            proxy("x-old", "http://h:2", NOW - 9000), proxy("x-new", "http://h:2", NOW - 2000)));
        LiveProxies live = DiscoveryService.merge(self, answers, NOW, TTL);
        assertEquals(Arrays.asList("http://h:1", "http://h:2"), urls(live));
        assertSame(self, live.proxies().get(0));
        assertEquals("x-new", live.proxies().get(1).getId());
    }
}
