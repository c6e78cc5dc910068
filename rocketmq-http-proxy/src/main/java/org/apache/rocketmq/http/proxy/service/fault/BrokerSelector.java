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
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;

/**
 * The order in which receives ask a topic's brokers: a rotation that moves on with every receive, so
 * that receives spread over the brokers, and in it the brokers a receive may ask now: not those that
 * failed for this receive already, nor those the {@link BrokerFaultTolerance} holds back. Thread-safe.
 */
public final class BrokerSelector {
    private final BrokerFaultTolerance faults;
    private final AtomicInteger cursor = new AtomicInteger();

    /**
     * A broker chosen for one request.
     *
     * @param addr its master's address
     * @param index its position in the order it was chosen from
     * @param probe whether this request probes a broker that failed; a probe should not wait long
     */
    public record Choice(BrokerData broker, String addr, int index, boolean probe) {
    }

    public BrokerSelector(BrokerFaultTolerance faults) {
        this.faults = faults;
    }

    /**
     * @return the brokers in the order one receive tries them, starting one further with each call
     */
    public List<BrokerData> rotation(List<BrokerData> brokers) {
        int size = brokers.size();
        int start = Math.floorMod(cursor.getAndIncrement(), size);
        List<BrokerData> order = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            order.add(brokers.get((start + i) % size));
        }
        return order;
    }

    /**
     * Chooses the first broker of {@code order}, from position {@code from} on, that has a master, is
     * not in {@code failed} and may be asked now. A broker answered with a probe must be asked.
     *
     * @param failed master addresses that failed for this receive
     * @return the choice, or {@code null} when no broker from {@code from} on may be asked
     */
    public Choice next(List<BrokerData> order, int from, Set<String> failed) {
        for (int i = from; i < order.size(); i++) {
            String addr = order.get(i).getBrokerAddrs().get(MixAll.MASTER_ID);
            if (addr == null || failed.contains(addr)) {
                continue;
            }
            BrokerFaultTolerance.Access access = faults.access(addr);
            if (access != BrokerFaultTolerance.Access.SKIPPED) {
                return new Choice(order.get(i), addr, i, access == BrokerFaultTolerance.Access.PROBE);
            }
        }
        return null;
    }
}
