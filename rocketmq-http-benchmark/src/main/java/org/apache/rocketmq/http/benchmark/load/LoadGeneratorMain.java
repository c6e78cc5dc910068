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
package org.apache.rocketmq.http.benchmark.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.CountDownLatch;
import org.apache.rocketmq.http.benchmark.process.ChildMain;

/**
 * A load generator JVM for one system: {@code LoadGeneratorMain SYSTEM ENDPOINT NAMESRV_ADDR}, where
 * SYSTEM is {@code native}, {@code proxy-sdk}, {@code proxy-http} or {@code grpc-proxy} and ENDPOINT
 * the nameserver, the HTTP proxy's URL or the gRPC proxy's host:port. Control command
 * {@code run TASK_JSON} runs a {@link TaskSpec} and answers its {@link TaskResult}. Clients live as long
 * as the JVM, so they are warm across runs; backlogs are stored with a native producer in every case.
 */
public final class LoadGeneratorMain {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LoadGeneratorMain() {
    }

    static Driver driver(String system, String endpoint) throws Exception {
        switch (system) {
            case "native":
                return new NativeDriver(endpoint, "BENCH_NATIVE_PRODUCER");
            case "proxy-sdk":
                return new ProxySdkDriver(endpoint);
            case "proxy-http":
                return new ProxyHttpDriver(endpoint);
            case "grpc-proxy":
                return new GrpcProxyDriver(endpoint);
            default:
                throw new IllegalArgumentException("unknown system " + system);
        }
    }

    public static void main(String[] args) throws Exception {
        Driver driver = driver(args[0], args[1]);
        Driver filler = new NativeDriver(args[2], "BENCH_PREFILL_PRODUCER");
        ChildMain.register("run", argument -> {
            TaskSpec spec = JSON.readValue(argument, TaskSpec.class);
            return JSON.writeValueAsString(Workloads.run(driver, spec, filler));
        });
        ChildMain.announce(ChildMain.READY);
        // the control channel ends this JVM
        new CountDownLatch(1).await();
    }
}
