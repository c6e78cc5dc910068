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
package org.apache.rocketmq.http.proxy.service.fault;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics;
import org.apache.rocketmq.http.proxy.test.Routes;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

public class BrokerWatcherTest {
    private static final String A = "10.0.0.1:10911";
    private static final String B = "10.0.0.2:10911";

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong millis = new AtomicLong(1_000_000);
    private final BrokerFaultTolerance faults = new BrokerFaultTolerance(1000, 10_000, nanos::get, new ProxyMetrics(), () -> { });
    private final AtomicReference<ClusterInfo> registered = new AtomicReference<>();
    private final Map<String, Set<String>> topicsOfBroker = new HashMap<>();
    private final AtomicInteger changes = new AtomicInteger();
    private final BrokerWatcher watcher = new BrokerWatcher(registered::get, faults,
        name -> topicsOfBroker.getOrDefault(name, Collections.emptySet()), 1000, millis::get);

    {
        watcher.onChange(changes::incrementAndGet);
        topicsOfBroker.put("broker-a", new HashSet<>(Arrays.asList("orders", "payments")));
        topicsOfBroker.put("broker-b", new HashSet<>(Collections.singletonList("orders")));
    }

    @Test
    public void firstCheckOnlyLearnsTheBrokers() {
        registered.set(Routes.clusterInfo(Routes.broker("broker-a", A), Routes.broker("broker-b", B)));
        watcher.check();
        watcher.check();
        assertEquals(0, changes.get());
        assertEquals(Collections.emptyList(), watcher.departedBrokers("orders"));
    }

    @Test
    public void brokerThatLeftIsNamedForItsTopicsUntilItRegistersAgain() {
        registered.set(Routes.clusterInfo(Routes.broker("broker-a", A), Routes.broker("broker-b", B)));
        watcher.check();
        registered.set(Routes.clusterInfo(Routes.broker("broker-a", A)));
        watcher.check();
        assertEquals(1, changes.get());
        assertEquals(Collections.singletonList("broker-b"), watcher.departedBrokers("orders"));
        assertEquals(Collections.emptyList(), watcher.departedBrokers("payments"));

        faults.onFailure(B);
        registered.set(Routes.clusterInfo(Routes.broker("broker-a", A), Routes.broker("broker-b", B)));
        watcher.check();
        assertEquals(2, changes.get());
        assertEquals(Collections.emptyList(), watcher.departedBrokers("orders"));
        assertEquals("a broker that registered again is probed by the next request, whatever its back-off",
            BrokerFaultTolerance.Access.PROBE, faults.access(B));
    }

    @Test
    public void newMasterAddressIsAChange() {
        registered.set(Routes.clusterInfo(Routes.broker("broker-a", A)));
        watcher.check();
        registered.set(Routes.clusterInfo(Routes.broker("broker-a", "10.0.0.9:10911")));
        watcher.check();
        assertEquals(1, changes.get());
        assertEquals("the broker is there, at another address", Collections.emptyList(), watcher.departedBrokers("orders"));
    }

    @Test
    public void departedBrokerIsForgottenAfterAWhile() {
        registered.set(Routes.clusterInfo(Routes.broker("broker-a", A), Routes.broker("broker-b", B)));
        watcher.check();
        registered.set(Routes.clusterInfo(Routes.broker("broker-a", A)));
        watcher.check();
        millis.addAndGet(BrokerWatcher.DEPARTED_MEMORY_MILLIS + 1);
        watcher.check();
        assertEquals(Collections.emptyList(), watcher.departedBrokers("orders"));
    }

    @Test
    public void unansweredCheckChangesNothing() {
        registered.set(Routes.clusterInfo(Routes.broker("broker-a", A)));
        watcher.check();
        BrokerWatcher failing = new BrokerWatcher(() -> {
            throw new IllegalStateException("nameserver down");
        }, faults, name -> Collections.emptySet(), 1000, millis::get);
        failing.onChange(changes::incrementAndGet);
        failing.check();
        assertEquals(0, changes.get());
        assertTrue(failing.departedBrokers("orders").isEmpty());
    }
}
