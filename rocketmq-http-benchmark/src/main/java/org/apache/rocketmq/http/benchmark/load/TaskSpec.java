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

/**
 * One run of one workload in a load generator, as the benchmark sends it (JSON, one line).
 */
public final class TaskSpec {
    /** {@code produce}, {@code batch}, {@code open-loop}, {@code prefill}, {@code consume} or {@code e2e}. */
    public String kind;
    public String topic;
    public String group;
    /** Closed loop: requests in flight. Open loop and e2e: sending threads. Consume: receiving threads. */
    public int concurrency = 1;
    public int batchSize = 16;
    public int bodyBytes = 1024;
    public long warmupMillis;
    public long durationMillis;
    /** Open loop and e2e: messages per second. */
    public double rate;
    /** Prefill: messages to store. Consume: messages to receive and ack. */
    public int messages;
    /** How long after the end in-flight work may still finish; bounds every wait. */
    public long graceMillis = 5_000;

    public static TaskSpec of(String kind, String topic) {
        TaskSpec spec = new TaskSpec();
        spec.kind = kind;
        spec.topic = topic;
        return spec;
    }
}
