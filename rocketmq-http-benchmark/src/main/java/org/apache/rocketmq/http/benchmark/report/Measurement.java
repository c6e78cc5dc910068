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
package org.apache.rocketmq.http.benchmark.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;

/**
 * One measured run: one workload against one system in one round. Latencies in milliseconds, CPU time
 * of the server JVMs in milliseconds per 10,000 messages, heap in MiB; -1 where not applicable.
 */
public final class Measurement {
    public String system;
    public String workload;
    public int round;
    public long messages;
    public long errors;
    public long unsent;
    public double seconds;
    public double msgPerSec;
    public double mbPerSec;
    public double p50Ms = -1;
    public double p99Ms = -1;
    public double p999Ms = -1;
    public double maxMs = -1;
    /** Target rate of open-loop and end-to-end runs, messages per second. */
    public double targetRate;
    public double proxyCpuMsPer10k = -1;
    public double brokerCpuMsPer10k = -1;
    public double proxyPeakHeapMiB = -1;
    public double brokerPeakHeapMiB = -1;
    /** CPU time of the load generator (the SDK or raw HTTP client, wrk, the native or gRPC client) per 10k messages. */
    public double clientCpuMsPer10k = -1;
    /** Stop-the-world GC pauses of the HTTP proxy during the run, from its GC log; -1 when not measured. */
    public long proxyGcPauses = -1;
    public double proxyGcPauseTotalMs = -1;
    public double proxyGcPauseMaxMs = -1;
    /**
     * Produce runs: messages the broker stored in the run's topic during the run, at least every message answered
     * as sent (more when requests cut off at the end of a run were stored all the same); -1 when not counted.
     */
    public long stored = -1;
    public List<String> errorSamples = new ArrayList<>();
    /** The latency histogram (microseconds), compressed and base64-encoded; merged into the summary. */
    @JsonIgnore
    public String histogram;
}
