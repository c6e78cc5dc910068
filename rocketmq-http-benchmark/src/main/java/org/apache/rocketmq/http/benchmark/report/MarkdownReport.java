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
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.rocketmq.http.benchmark.Workload;

/**
 * The Markdown form of a report: the machine, the command, one table row per system and workload,
 * the targets, and the runs of each round (so noise shows).
 */
public final class MarkdownReport {
    private MarkdownReport() {
    }

    public static String render(BenchmarkReport r, String chartFileName) {
        StringBuilder md = new StringBuilder();
        md.append("## Results (").append(r.config.mode).append(" mode, ").append(r.machine.date).append(")\n\n");
        md.append("- Machine: ").append(r.machine.cpus).append(" CPUs (").append(r.machine.cpuModel).append("), ")
            .append(r.machine.memory).append(" RAM, ").append(r.machine.os).append('\n');
        md.append("- Java: ").append(r.machine.java).append('\n');
        if (r.config.quotaFile != null) {
            md.append("- HTTP proxy with quotaFile ").append(r.config.quotaFile).append('\n');
        }
        md.append("- Load average (1/5/15 min) at start: ").append(r.machine.loadAverageAtStart).append(", at end: ")
            .append(r.machine.loadAverageAtEnd).append('\n');
        md.append(String.format(Locale.ROOT, "- %d round(s); each run %.1f s after a %.1f s warm-up; %d-byte bodies; "
                + "consume: a backlog of %d messages, until drained or for the run's duration; "
                + "open loop at %.0f msg/s (%s); end-to-end at %.0f msg/s; wall time %.0f s%n",
            r.config.rounds, r.config.durationMillis / 1000.0, r.config.warmupMillis / 1000.0, r.config.bodyBytes,
            r.config.consumeBacklog, r.openLoopRate, r.config.openLoopRate > 0 ? "--open-loop-rate" : "half the HTTP proxy's peak",
            r.config.e2eRate, r.wallSeconds));
        md.append("- HTTP proxy JVM: `-Xms").append(r.config.serverHeap).append(" -Xmx").append(r.config.serverHeap).append(' ')
            .append(r.config.proxyGcOptions).append("`\n");
        md.append("- Command: `").append(r.command).append("`\n");
        for (String note : r.notes) {
            md.append("- ").append(note).append('\n');
        }
        md.append('\n');

        md.append("| Workload | System | msg/s (min–max over rounds) | MB/s | p50 ms | p99 ms | p99.9 ms | errors "
            + "| client CPU ms / 10k msgs | proxy CPU ms / 10k msgs | broker CPU ms / 10k msgs | proxy GC pauses: count, max ms "
            + "| proxy peak heap MiB |\n");
        md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Summary s : r.summaries) {
            md.append("| ").append(s.workload).append(" | ").append(s.system).append(" | ")
                .append(String.format(Locale.ROOT, "%.0f (%.0f–%.0f)", s.msgPerSec, s.msgPerSecMin, s.msgPerSecMax)).append(" | ")
                .append(num(s.mbPerSec, 2)).append(" | ")
                .append(num(s.p50Ms, 2)).append(" | ").append(num(s.p99Ms, 2)).append(" | ").append(num(s.p999Ms, 2)).append(" | ")
                .append(s.errors).append(s.unsent > 0 ? " (+" + s.unsent + " unsent)" : "").append(" | ")
                .append(num(s.clientCpuMsPer10k, 0)).append(" | ")
                .append(num(s.proxyCpuMsPer10k, 0)).append(" | ").append(num(s.brokerCpuMsPer10k, 0)).append(" | ")
                .append(s.proxyGcPauses < 0 ? "–" : s.proxyGcPauses + ", " + num(s.proxyGcPauseMaxMs, 1)).append(" | ")
                .append(num(s.proxyPeakHeapMiB, 0)).append(" |\n");
        }
        md.append('\n');
        md.append("Workloads: ");
        List<Workload> workloads = r.config.workloads.stream().map(Workload::byId).collect(Collectors.toList());
        for (int i = 0; i < workloads.size(); i++) {
            md.append(i > 0 ? "; " : "").append('`').append(workloads.get(i).id()).append("` ").append(workloads.get(i).title());
        }
        md.append(". Consume has no latency column: it is measured as throughput only. `proxy-wrk` runs the produce and batch "
            + "workloads only (wrk has no consumer and no fixed-rate mode). Every message answered as sent is checked to be "
            + "in the broker (errors otherwise).\n\n");
        if (chartFileName != null) {
            md.append("![msg/s and p99 latency per workload and system](").append(chartFileName).append(")\n\n");
        }

        md.append("### Targets\n\n| Target | Goal | Measured | Status |\n| --- | --- | --- | --- |\n");
        for (Target t : r.targets) {
            md.append("| ").append(t.name).append(" | ").append(t.goal).append(" | ").append(t.measured).append(" | **")
                .append(t.status).append("** |\n");
        }
        md.append('\n');
        if (r.idlePolls != null) {
            IdlePollResult p = r.idlePolls;
            md.append(String.format(Locale.ROOT, "Idle long polls: %d × `GET …/messages?waitSeconds=%d` on an empty topic; "
                    + "proxy in-flight gauge %d; live heap after full GC %.1f → %.1f MiB (%+.1f MiB); threads %d → %d (%+d); "
                    + "answered before release: %d.%n%n", p.polls, p.waitSeconds, p.inFlightSeen, p.heapBeforeMiB, p.heapDuringMiB,
                p.heapDeltaMiB, p.threadsBefore, p.threadsDuring, p.threadsDelta, p.answeredEarly));
        }

        md.append("### Every run\n\n| Round | Workload | System | msg/s | p99 ms | p99.9 ms | errors | stored | client CPU ms / 10k "
                + "| proxy CPU ms / 10k | proxy GC pauses: count, total ms, max ms | proxy peak heap MiB |\n")
            .append("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Measurement m : r.runs) {
            md.append("| ").append(m.round).append(" | ").append(m.workload).append(" | ").append(m.system).append(" | ")
                .append(num(m.msgPerSec, 0)).append(" | ").append(num(m.p99Ms, 2)).append(" | ").append(num(m.p999Ms, 2))
                .append(" | ").append(m.errors).append(" | ").append(m.stored < 0 ? "–" : Long.toString(m.stored)).append(" | ")
                .append(num(m.clientCpuMsPer10k, 0)).append(" | ").append(num(m.proxyCpuMsPer10k, 0)).append(" | ")
                .append(m.proxyGcPauses < 0 ? "–" : m.proxyGcPauses + ", " + num(m.proxyGcPauseTotalMs, 1) + ", "
                    + num(m.proxyGcPauseMaxMs, 1)).append(" | ")
                .append(num(m.proxyPeakHeapMiB, 0)).append(" |\n");
        }
        List<Measurement> failed = r.runs.stream().filter(m -> !m.errorSamples.isEmpty()).toList();
        if (!failed.isEmpty()) {
            md.append("\nErrors seen:\n\n");
            for (Measurement m : failed) {
                md.append("- round ").append(m.round).append(' ').append(m.workload).append(' ').append(m.system).append(": ")
                    .append(String.join("; ", m.errorSamples).replace("|", "\\|")).append('\n');
            }
        }
        return md.toString();
    }

    private static String num(double value, int decimals) {
        return value < 0 ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
