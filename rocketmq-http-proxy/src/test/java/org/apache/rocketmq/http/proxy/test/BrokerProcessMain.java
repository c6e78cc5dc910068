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

import java.io.File;
import org.apache.rocketmq.http.proxy.standalone.EmbeddedRocketMQ;

/**
 * A broker in a JVM of its own, started by {@link BrokerProcess}:
 * {@code BrokerProcessMain STORE_DIR NAMESRV_ADDR PORT CLUSTER BROKER_NAME}. Prints
 * {@value #READY} and its address once it serves (it registers while it starts). It stops only by being killed,
 * or when its standard input ends: the JVM that started it holds that pipe, so the broker never
 * outlives it.
 */
public final class BrokerProcessMain {
    static final String READY = "BROKER PROCESS READY";
    private static final int COMMIT_LOG_FILE_BYTES = 64 * 1024 * 1024;

    private BrokerProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedRocketMQ broker = EmbeddedRocketMQ.brokerOnly(new File(args[0]), args[1], Integer.parseInt(args[2]), args[3],
            args[4], COMMIT_LOG_FILE_BYTES);
        TestCluster.tuneForTests(broker);
        broker.start();
        // checkstyle:cli-output
        System.out.println(READY + " " + broker.brokerAddr());
        System.out.flush();
        // checkstyle:end-cli-output
        while (System.in.read() >= 0) {
            // only the end of the input matters
        }
        Runtime.getRuntime().halt(0);
    }
}
