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

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One system and workload over all rounds: throughput as the mean of the rounds (with their range, so
 * noise shows), latencies from the merged histogram, CPU per message over all rounds, the highest peak.
 */
public final class Summary {
    public String system;
    public String workload;
    public int rounds;
    public long messages;
    public long errors;
    public long unsent;
    public double msgPerSec;
    public double msgPerSecMin;
    public double msgPerSecMax;
    public double mbPerSec;
    public double p50Ms = -1;
    public double p99Ms = -1;
    public double p999Ms = -1;
    public double targetRate;
    public double proxyCpuMsPer10k = -1;
    public double brokerCpuMsPer10k = -1;
    public double proxyPeakHeapMiB = -1;
    public double clientCpuMsPer10k = -1;
    public long proxyGcPauses = -1;
    public double proxyGcPauseTotalMs = -1;
    public double proxyGcPauseMaxMs = -1;

    public static Summary of(List<Measurement> runs) {
        Summary s = new Summary();
        Measurement first = runs.get(0);
        s.system = first.system;
        s.workload = first.workload;
        s.rounds = runs.size();
        s.msgPerSecMin = Double.MAX_VALUE;
        Histogram merged = new Histogram(3);
        double proxyCpu = 0;
        double brokerCpu = 0;
        double clientCpu = 0;
        for (Measurement m : runs) {
            s.messages += m.messages;
            s.errors += m.errors;
            s.unsent += m.unsent;
            s.msgPerSec += m.msgPerSec / runs.size();
            s.mbPerSec += m.mbPerSec / runs.size();
            s.msgPerSecMin = Math.min(s.msgPerSecMin, m.msgPerSec);
            s.msgPerSecMax = Math.max(s.msgPerSecMax, m.msgPerSec);
            s.targetRate = m.targetRate;
            s.proxyPeakHeapMiB = Math.max(s.proxyPeakHeapMiB, m.proxyPeakHeapMiB);
            // back to absolute CPU time, so that the sum can be divided by all messages
            proxyCpu += m.proxyCpuMsPer10k < 0 ? 0 : m.proxyCpuMsPer10k * m.messages;
            brokerCpu += m.brokerCpuMsPer10k < 0 ? 0 : m.brokerCpuMsPer10k * m.messages;
            clientCpu += m.clientCpuMsPer10k < 0 ? 0 : m.clientCpuMsPer10k * m.messages;
            if (m.proxyGcPauses >= 0) {
                s.proxyGcPauses = Math.max(0, s.proxyGcPauses) + m.proxyGcPauses;
                s.proxyGcPauseTotalMs = Math.max(0, s.proxyGcPauseTotalMs) + m.proxyGcPauseTotalMs;
                s.proxyGcPauseMaxMs = Math.max(s.proxyGcPauseMaxMs, m.proxyGcPauseMaxMs);
            }
            if (m.histogram != null) {
                merged.add(Histograms.decode(m.histogram));
            }
        }
        if (s.messages > 0) {
            s.proxyCpuMsPer10k = first.proxyCpuMsPer10k < 0 ? -1 : proxyCpu / s.messages;
            s.brokerCpuMsPer10k = first.brokerCpuMsPer10k < 0 ? -1 : brokerCpu / s.messages;
            s.clientCpuMsPer10k = first.clientCpuMsPer10k < 0 ? -1 : clientCpu / s.messages;
        }
        if (merged.getTotalCount() > 0) {
            s.p50Ms = merged.getValueAtPercentile(50) / 1000.0;
            s.p99Ms = merged.getValueAtPercentile(99) / 1000.0;
            s.p999Ms = merged.getValueAtPercentile(99.9) / 1000.0;
        }
        return s;
    }
}
