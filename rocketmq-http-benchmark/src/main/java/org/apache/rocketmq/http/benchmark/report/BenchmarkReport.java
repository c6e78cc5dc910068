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

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.rocketmq.http.benchmark.BenchmarkConfig;

/**
 * Everything a run found, as written to {@code results.json}.
 */
public final class BenchmarkReport {
    public MachineInfo machine;
    public BenchmarkConfig config;
    public String command;
    public double openLoopRate;
    public double wallSeconds;
    public List<Measurement> runs = new ArrayList<>();
    public List<Summary> summaries = new ArrayList<>();
    public IdlePollResult idlePolls;
    public List<Target> targets = new ArrayList<>();
    /** What the run left out and why, e.g. a system whose tool is not installed. */
    public List<String> notes = new ArrayList<>();

    public Optional<Summary> summary(String system, String workload) {
        return summaries.stream().filter(s -> s.system.equals(system) && s.workload.equals(workload)).findFirst();
    }
}
