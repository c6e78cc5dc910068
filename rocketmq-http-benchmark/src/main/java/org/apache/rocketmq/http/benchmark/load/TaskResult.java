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

import java.util.ArrayList;
import java.util.List;

/**
 * What a load generator measured in one task (JSON, one line). Latencies travel as a compressed,
 * base64-encoded HdrHistogram in microseconds, so runs can be merged without losing the tail.
 */
public final class TaskResult {
    /** Messages sent (or received and acked) successfully. */
    public long messages;
    /** Messages that failed: errors answered, timeouts, messages sent but never received. */
    public long errors;
    /** Open loop: messages whose send time came after the run's grace period, so never sent. */
    public long unsent;
    public long elapsedNanos;
    /** CPU time the load generator used for the run (all its threads, JIT and GC included); -1 when unknown. */
    public long cpuNanos = -1;
    public String histogram;
    public List<String> errorSamples = new ArrayList<>();
}
