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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics;
import org.apache.rocketmq.http.proxy.test.Routes;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

public class BrokerSelectorTest {
    private final AtomicLong nanos = new AtomicLong();
    private final BrokerFaultTolerance faults = new BrokerFaultTolerance(1000, 10_000, nanos::get, new ProxyMetrics(), () -> { });
    private final BrokerSelector selector = new BrokerSelector(faults);
    private final List<BrokerData> brokers = Arrays.asList(Routes.broker("broker-a", "10.0.0.1:10911"),
        Routes.broker("broker-b", "10.0.0.2:10911"), Routes.broker("broker-c", "10.0.0.3:10911"));

    private static List<String> names(List<BrokerData> order) {
        List<String> names = new ArrayList<>();
        order.forEach(b -> names.add(b.getBrokerName()));
        return names;
    }

    /** The brokers one receive would ask, in order, when each of them answers. */
    private List<String> asked(List<BrokerData> order, Set<String> failed) {
        List<String> asked = new ArrayList<>();
        for (BrokerSelector.Choice c = selector.next(order, 0, failed); c != null; c = selector.next(order, c.index() + 1, failed)) {
            asked.add(c.broker().getBrokerName());
            faults.onSuccess(c.addr());
        }
        return asked;
    }

    @Test
    public void rotationStartsOneBrokerFurtherWithEveryReceive() {
        assertEquals(Arrays.asList("broker-a", "broker-b", "broker-c"), names(selector.rotation(brokers)));
        assertEquals(Arrays.asList("broker-b", "broker-c", "broker-a"), names(selector.rotation(brokers)));
        assertEquals(Arrays.asList("broker-c", "broker-a", "broker-b"), names(selector.rotation(brokers)));
        assertEquals(Arrays.asList("broker-a", "broker-b", "broker-c"), names(selector.rotation(brokers)));
    }

    @Test
    public void everyHealthyBrokerIsAskedInTheOrderOfTheRotation() {
        assertEquals(Arrays.asList("broker-a", "broker-b", "broker-c"), asked(brokers, Collections.emptySet()));
    }

    @Test
    public void brokerThatFailedForThisReceiveIsNotAskedAgainByIt() {
        Set<String> failed = new HashSet<>(Collections.singleton("10.0.0.2:10911"));
        assertEquals(Arrays.asList("broker-a", "broker-c"), asked(brokers, failed));
    }

    @Test
    public void backingOffBrokerIsSkippedUntilOneReceiveProbesIt() {
        faults.onFailure("10.0.0.2:10911");
        assertEquals(Arrays.asList("broker-a", "broker-c"), asked(brokers, Collections.emptySet()));
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
        BrokerSelector.Choice probe = selector.next(brokers, 1, Collections.emptySet());
        assertEquals("broker-b", probe.broker().getBrokerName());
        assertTrue(probe.probe());
        assertEquals("a second receive meanwhile goes to the others", "broker-c",
            selector.next(brokers, 1, Collections.emptySet()).broker().getBrokerName());
        faults.onSuccess(probe.addr());
        BrokerSelector.Choice after = selector.next(brokers, 1, Collections.emptySet());
        assertEquals("broker-b", after.broker().getBrokerName());
        assertFalse(after.probe());
    }

    @Test
    public void nothingIsChosenWhenEveryBrokerIsHeldBack() {
        faults.onFailure("10.0.0.1:10911");
        faults.onFailure("10.0.0.3:10911");
        Set<String> failed = new HashSet<>(Collections.singleton("10.0.0.2:10911"));
        assertNull(selector.next(brokers, 0, failed));
    }

    @Test
    public void brokerWithoutMasterIsNeverChosen() {
        List<BrokerData> withSlaveOnly = Arrays.asList(Routes.broker("broker-a", null), Routes.broker("broker-b", "10.0.0.2:10911"));
        BrokerSelector.Choice choice = selector.next(withSlaveOnly, 0, Collections.emptySet());
        assertEquals("broker-b", choice.broker().getBrokerName());
        assertEquals(1, choice.index());
        assertNull(selector.next(withSlaveOnly, 2, Collections.emptySet()));
    }
}
