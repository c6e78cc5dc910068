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
package org.apache.rocketmq.http.benchmark;

import java.nio.file.Path;
import java.util.List;

/**
 * What one benchmark run does. {@link #full()} and {@link #tiny()} are the presets of {@code --mode};
 * options of the command line override single values.
 */
public final class BenchmarkConfig {
    public static final List<String> ALL_SYSTEMS = List.of("native", "proxy-sdk", "proxy-http", "proxy-wrk", "grpc-proxy");
    /**
     * The garbage collector options of the HTTP proxy's JVM unless {@code --proxy-gc-options} says otherwise: the
     * same as {@code distribution/bin/runserver.sh} uses by default.
     */
    public static final String DEFAULT_PROXY_GC_OPTIONS = "-XX:+UseG1GC -XX:MaxGCPauseMillis=100";

    public String mode;
    public List<String> systems = ALL_SYSTEMS;
    /** The workloads to run, in {@link Workload} order. */
    public List<String> workloads = Workload.ids();
    /** Garbage collector options of the HTTP proxy's JVM (its heap is {@link #serverHeap}). */
    public String proxyGcOptions = DEFAULT_PROXY_GC_OPTIONS;
    /** More options of the load generators' JVMs, e.g. a flight recording; {@code {system}} names the system. */
    public String loadGeneratorJvmOptions = "";
    public int rounds;
    public long warmupMillis;
    public long durationMillis;
    /**
     * Messages stored before each consume run; a run ends when they are consumed or after the run's
     * duration, whichever comes first.
     */
    public int consumeBacklog;
    public int consumeThreads = 4;
    /** Messages per second of the end-to-end latency runs. */
    public double e2eRate;
    /** Senders of the open-loop runs: requests that may be in flight at once. */
    public int openLoopSenders = 64;
    /** Rate of open-loop-half; 0: half the proxy's best closed-loop produce rate of the run. */
    public double openLoopRate;
    /** Long polls held open at once by the idle long-poll probe; 0 skips it. */
    public int idlePolls;
    public int idlePollWaitSeconds;
    /**
     * Whether the broker sheds requests that waited too long in its queues (RocketMQ's fast failure,
     * "broker busy" after 200 ms in the send queue), as a production broker does. A tiny run checks
     * that every path works, on whatever machine runs it: its broker queues bursts instead.
     */
    public boolean brokerShedsLoad = true;
    public int queues = 8;
    public int bodyBytes = 1024;
    /** The HTTP proxy's quota file (its quotaFile), null for none: measures what checking quotas costs. */
    public String quotaFile;
    /** The HTTP proxy with access control: the HTTP load generators sign every request. */
    public boolean proxyAcl;
    /** The HTTP load generators sign their requests: with {@link #proxyAcl}, or alone as its control. */
    public boolean signRequests;
    /** The HTTP proxy with TLS only (a certificate made at start); the HTTP load generators speak TLS. */
    public boolean proxyTls;
    public String serverHeap = "1g";
    public String brokerHeap = "2g";
    public String loadGeneratorHeap = "512m";
    public transient Path outDir;
    public transient String classpath;

    public static BenchmarkConfig full() {
        BenchmarkConfig c = new BenchmarkConfig();
        c.mode = "full";
        c.rounds = 2;
        c.warmupMillis = 2_000;
        c.durationMillis = 8_000;
        c.consumeBacklog = 40_000;
        c.e2eRate = 200;
        c.idlePolls = 1000;
        c.idlePollWaitSeconds = 20;
        return c;
    }

    public static BenchmarkConfig tiny() {
        BenchmarkConfig c = new BenchmarkConfig();
        c.mode = "tiny";
        c.rounds = 1;
        c.warmupMillis = 200;
        c.durationMillis = 700;
        c.consumeBacklog = 200;
        c.e2eRate = 50;
        c.idlePolls = 50;
        c.idlePollWaitSeconds = 10;
        c.brokerShedsLoad = false;
        return c;
    }
}
