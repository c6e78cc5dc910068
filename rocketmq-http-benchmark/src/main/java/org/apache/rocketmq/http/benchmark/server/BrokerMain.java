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
package org.apache.rocketmq.http.benchmark.server;

import java.io.File;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.attribute.TopicMessageType;
import org.apache.rocketmq.http.benchmark.process.ChildMain;
import org.apache.rocketmq.http.proxy.standalone.EmbeddedRocketMQ;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;

/**
 * The benchmark's RocketMQ cluster in a JVM of its own: a nameserver and one broker.
 * {@code BrokerMain STORE_DIR NAMESRV_PORT BROKER_PORT CLUSTER BROKER_NAME COMMITLOG_FILE_BYTES [SHEDS_LOAD]};
 * {@code SHEDS_LOAD false} turns the broker's flow control off (it then queues bursts rather than
 * answering "broker busy").
 * Control commands: {@code topic NAME QUEUES} and {@code group NAME}.
 */
public final class BrokerMain {
    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        // as RocketMQ's BrokerStartup does: without it the nameserver reads the broker's registration
        // in the pre-3.0.11 format and drops its topics
        System.setProperty(RemotingCommand.REMOTING_VERSION_KEY, Integer.toString(MQVersion.CURRENT_VERSION));
        EmbeddedRocketMQ rocketmq = new EmbeddedRocketMQ(new File(args[0]), Integer.parseInt(args[1]),
            Integer.parseInt(args[2]), args[3], args[4], Integer.parseInt(args[5]));
        boolean shedsLoad = args.length < 7 || Boolean.parseBoolean(args[6]);
        rocketmq.tune(broker -> broker.setBrokerFastFailureEnable(shedsLoad), store -> {
            if (!shedsLoad) {
                // nor refuse sends while a slow disk write holds the commit log for over a second
                store.setOsPageCacheBusyTimeOutMills(10_000);
            }
        });
        rocketmq.start();
        ChildMain.register("topic", argument -> {
            String[] parts = argument.split(" ");
            rocketmq.createTopic(parts[0], Integer.parseInt(parts[1]), TopicMessageType.NORMAL);
            return parts[0];
        });
        ChildMain.register("group", argument -> {
            rocketmq.createGroup(argument.trim(), false);
            return argument.trim();
        });
        // messages stored in a topic's queues (appended to the commit log, whose consume queues the broker
        // writes a moment later), to check that every message answered as sent is there
        ChildMain.register("stored", argument -> {
            String topic = argument.trim();
            TopicConfig config = rocketmq.broker().getTopicConfigManager().selectTopicConfig(topic);
            long stored = 0;
            for (int queue = 0; config != null && queue < config.getWriteQueueNums(); queue++) {
                stored += rocketmq.broker().getMessageStore().getMaxOffsetInQueue(topic, queue, false);
            }
            return Long.toString(stored);
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // an orderly broker stop waits for executors; the store is thrown away anyway
            Thread stopper = new Thread(rocketmq::shutdown, "bench-broker-stop");
            stopper.setDaemon(true);
            stopper.start();
            try {
                stopper.join(5_000);
            } catch (InterruptedException ignored) {
                // exit now
            }
        }, "bench-broker-shutdown"));
        ChildMain.announce(ChildMain.READY + " " + rocketmq.namesrvAddr() + " " + rocketmq.brokerAddr());
    }
}
