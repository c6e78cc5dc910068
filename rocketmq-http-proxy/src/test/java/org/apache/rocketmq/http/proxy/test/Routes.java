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
package org.apache.rocketmq.http.proxy.test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;

/**
 * What a nameserver answers, built by hand for unit tests: brokers, topic routes, cluster tables.
 */
public final class Routes {
    private Routes() {
    }

    /**
     * @param masterAddr the master's address, or {@code null} for a broker without master
     */
    public static BrokerData broker(String name, String masterAddr) {
        HashMap<Long, String> addrs = new HashMap<>();
        if (masterAddr != null) {
            addrs.put(MixAll.MASTER_ID, masterAddr);
        }
        return new BrokerData("TestCluster", name, addrs);
    }

    /**
     * @return a route with four readable and writable queues on each broker
     */
    public static TopicRouteData route(BrokerData... brokers) {
        TopicRouteData route = new TopicRouteData();
        route.setBrokerDatas(new ArrayList<>(Arrays.asList(brokers)));
        List<QueueData> queues = new ArrayList<>();
        for (BrokerData b : brokers) {
            QueueData qd = new QueueData();
            qd.setBrokerName(b.getBrokerName());
            qd.setReadQueueNums(4);
            qd.setWriteQueueNums(4);
            qd.setPerm(PermName.PERM_READ | PermName.PERM_WRITE);
            queues.add(qd);
        }
        route.setQueueDatas(queues);
        return route;
    }

    /**
     * @return the nameserver's table of registered brokers
     */
    public static ClusterInfo clusterInfo(BrokerData... brokers) {
        ClusterInfo info = new ClusterInfo();
        HashMap<String, BrokerData> table = new HashMap<>();
        for (BrokerData b : brokers) {
            table.put(b.getBrokerName(), b);
        }
        info.setBrokerAddrTable(table);
        return info;
    }
}
