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
package org.apache.rocketmq.http.namesrv;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.http.namesrv.protocol.HttpProxyInfo;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

public class HttpProxyTableTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final HttpProxyTable table = new HttpProxyTable(30_000, 3, now::get);

    private static HttpProxyInfo proxy(String id, String cluster, String url) {
        return new HttpProxyInfo(id, cluster, url, "zone-a", "1.0.0", 5, 0);
    }

    @Test
    public void registrationIsStampedWithTheTableClockAndExpiresAfterTheTtl() {
        assertTrue(table.register(proxy("p1", "c", "http://10.0.0.1:8181")));
        assertEquals(1_000_000, table.list(null).get(0).getLastHeartbeat());
        assertEquals(5, table.list(null).get(0).getStartTime());

        now.addAndGet(29_999);
        assertEquals(1, table.list(null).size());
        now.addAndGet(1);
        assertEquals(0, table.list(null).size());
    }

    @Test
    public void aHeartbeatKeepsTheEntry() {
        table.register(proxy("p1", "c", "http://10.0.0.1:8181"));
        now.addAndGet(20_000);
        table.register(proxy("p1", "c", "http://10.0.0.1:8181"));
        now.addAndGet(20_000);
        assertEquals(1, table.list(null).size());
        assertEquals(1, table.expire() + table.size());
    }

    @Test
    public void unregisterRemovesAtOnce() {
        table.register(proxy("p1", "c", "http://10.0.0.1:8181"));
        table.register(proxy("p2", "c", "http://10.0.0.2:8181"));
        assertTrue(table.unregister("c", "p1"));
        assertFalse(table.unregister("c", "p1"));
        List<HttpProxyInfo> left = table.list(null);
        assertEquals(1, left.size());
        assertEquals("p2", left.get(0).getId());
    }

    @Test
    public void listFiltersByClusterAndOrdersByUrl() {
        table.register(proxy("p2", "c", "http://10.0.0.2:8181"));
        table.register(proxy("p1", "c", "http://10.0.0.1:8181"));
        table.register(proxy("x1", "other", "http://10.0.0.9:8181"));
        List<HttpProxyInfo> c = table.list("c");
        assertEquals(2, c.size());
        assertEquals("p1", c.get(0).getId());
        assertEquals("p2", c.get(1).getId());
        assertEquals(3, table.list(null).size());
    }

    @Test
    public void theTableIsBoundedButKnownProxiesKeepTheirHeartbeat() {
        assertTrue(table.register(proxy("p1", "c", "http://10.0.0.1:8181")));
        assertTrue(table.register(proxy("p2", "c", "http://10.0.0.2:8181")));
        assertTrue(table.register(proxy("p3", "c", "http://10.0.0.3:8181")));
        assertFalse(table.register(proxy("p4", "c", "http://10.0.0.4:8181")));
        assertTrue(table.register(proxy("p3", "c", "http://10.0.0.3:8181")));
        assertEquals(3, table.size());

        // room again once an entry expired
        now.addAndGet(10_000);
        table.register(proxy("p1", "c", "http://10.0.0.1:8181"));
        table.register(proxy("p2", "c", "http://10.0.0.2:8181"));
        now.addAndGet(25_000);
        assertTrue(table.register(proxy("p4", "c", "http://10.0.0.4:8181")));
    }

    @Test
    public void aProxyRestartedOnTheSameUrlReplacesItsOldEntry() {
        table.register(proxy("old", "c", "http://10.0.0.1:8181"));
        table.register(proxy("same-url-other-cluster", "d", "http://10.0.0.1:8181"));
        table.register(proxy("new", "c", "http://10.0.0.1:8181"));
        List<HttpProxyInfo> c = table.list("c");
        assertEquals(1, c.size());
        assertEquals("new", c.get(0).getId());
        assertEquals(1, table.list("d").size());
    }
}
