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

/**
 * Holds the numbers of a run against the HTTP proxy's performance targets.
 */
public final class Targets {
    private static final String HTTP = "proxy-http";
    private static final String SDK = "proxy-sdk";
    private static final String WRK = "proxy-wrk";
    private static final String NATIVE = "native";

    private Targets() {
    }

    public static List<Target> evaluate(BenchmarkReport r) {
        List<Target> targets = new ArrayList<>();
        Optional<Summary> nativeC64 = r.summary("native", "produce-c64");
        targets.add(ratio("single-message HTTP produce at c=64 vs native produce at c=64", ">= 70 %", 0.70,
            r.summary(HTTP, "produce-c64"), r.summary(SDK, "produce-c64"), nativeC64));

        Optional<Summary> nativePeak = r.summaries.stream()
            .filter(s -> s.system.equals("native") && s.workload.startsWith("produce-"))
            .max((a, b) -> Double.compare(a.msgPerSec, b.msgPerSec));
        targets.add(ratio("batch produce (16 per request, c=16) vs native single-message peak", ">= 100 %", 1.0,
            r.summary(HTTP, "batch16-c16"), r.summary(SDK, "batch16-c16"), nativePeak));

        List<String> lines = new ArrayList<>();
        Boolean ahead = null;
        for (String workload : new String[] {"produce-c1", "produce-c16", "produce-c64", "batch16-c16", "consume"}) {
            Optional<Summary> grpc = r.summary("grpc-proxy", workload);
            Optional<Summary> http = r.summary(HTTP, workload);
            Optional<Summary> sdk = r.summary(SDK, workload);
            if (grpc.isEmpty() || http.isEmpty() && sdk.isEmpty()) {
                continue;
            }
            double best = Math.max(http.map(s -> s.msgPerSec).orElse(0.0), sdk.map(s -> s.msgPerSec).orElse(0.0));
            boolean thisAhead = best > grpc.get().msgPerSec;
            ahead = ahead == null ? thisAhead : ahead && thisAhead;
            lines.add(String.format("%s: HTTP %s / SDK %s vs gRPC %.0f msg/s", workload, rate(http), rate(sdk),
                grpc.get().msgPerSec));
        }
        targets.add(Target.of("ahead of the official gRPC proxy on produce and consume throughput (same concurrency)",
            "HTTP > gRPC in every workload", lines.isEmpty() ? "no gRPC proxy in this run" : String.join("; ", lines),
            ahead));

        Optional<Summary> nativeOpen = r.summary("native", "open-loop-half");
        Optional<Summary> httpOpen = r.summary(HTTP, "open-loop-half");
        Optional<Summary> sdkOpen = r.summary(SDK, "open-loop-half");
        if (nativeOpen.isPresent() && (httpOpen.isPresent() || sdkOpen.isPresent()) && nativeOpen.get().p99Ms >= 0) {
            double nativeP99 = nativeOpen.get().p99Ms;
            String measured = String.format("at %.0f msg/s: native p99 %.2f ms (p99.9 %.2f); raw HTTP p99 %s (+%s, p99.9 %s); "
                    + "SDK p99 %s (+%s, p99.9 %s)", nativeOpen.get().targetRate, nativeP99, nativeOpen.get().p999Ms, ms(httpOpen),
                added(httpOpen, nativeP99), ms999(httpOpen), ms(sdkOpen), added(sdkOpen, nativeP99), ms999(sdkOpen));
            Boolean met = httpOpen.map(s -> s.p99Ms - nativeP99 <= 2.0).orElse(sdkOpen.map(s -> s.p99Ms - nativeP99 <= 2.0).orElse(null));
            targets.add(Target.of("p99 latency added by the proxy over native at half load", "<= 2 ms", measured, met));
        } else {
            targets.add(Target.of("p99 latency added by the proxy over native at half load", "<= 2 ms",
                "needs native and an HTTP system", null));
        }

        targets.add(share("single-message produce at c=64, wrk (an HTTP load generator not of this project) vs native",
            ">= 85 %", 0.85, r.summary(WRK, "produce-c64"), nativeC64));
        for (String workload : new String[] {"produce-c16", "produce-c64", "batch16-c16", "consume"}) {
            targets.add(share("Java SDK vs the raw HTTP load generator, " + workload, ">= 80 %", 0.80, r.summary(SDK, workload),
                r.summary(HTTP, workload)));
        }
        targets.add(keepsRate("the Java SDK keeps the open-loop rate", r.summary(SDK, "open-loop-half")));
        targets.add(addedP99("p99 latency added by the proxy over native at c=16", r, "produce-c16"));

        IdlePollResult idle = r.idlePolls;
        if (idle != null) {
            String measured = String.format("%d polls held (proxy in-flight gauge %d): live heap %+.1f MiB, threads %+d",
                idle.polls, idle.inFlightSeen, idle.heapDeltaMiB, idle.threadsDelta);
            double scaledHeap = idle.polls == 0 ? 0 : idle.heapDeltaMiB * 1000.0 / idle.polls;
            if (idle.polls != 1000) {
                measured += String.format(" (%.1f MiB per 1,000)", scaledHeap);
            }
            targets.add(Target.of("1,000 idle long polls", "< 50 MiB heap, no threads", measured,
                scaledHeap < 50 && idle.threadsDelta <= 0 && idle.inFlightSeen >= idle.polls));
        } else {
            targets.add(Target.of("1,000 idle long polls", "< 50 MiB heap, no threads", "not measured", null));
        }
        return targets;
    }

    /**
     * The throughput of one system as a share of another's in the same workload.
     */
    private static Target share(String name, String goal, double threshold, Optional<Summary> part, Optional<Summary> whole) {
        if (part.isEmpty() || whole.isEmpty() || whole.get().msgPerSec <= 0) {
            return Target.of(name, goal, "needs " + part.map(x -> x.system).orElse("both systems") + " and "
                + whole.map(x -> x.system).orElse("its baseline") + " in the run", null);
        }
        double ratio = part.get().msgPerSec / whole.get().msgPerSec;
        return Target.of(name, goal, String.format("%s %.0f msg/s vs %s %.0f msg/s: %.0f %%", part.get().system,
            part.get().msgPerSec, whole.get().system, whole.get().msgPerSec, 100 * ratio), ratio >= threshold);
    }

    private static Target keepsRate(String name, Optional<Summary> run) {
        String goal = "all sent, >= 99 % of the rate";
        if (run.isEmpty() || run.get().targetRate <= 0) {
            return Target.of(name, goal, "needs the system's open-loop run", null);
        }
        Summary s = run.get();
        return Target.of(name, goal, String.format("%.0f of %.0f msg/s, %d unsent, p99 %.2f ms", s.msgPerSec, s.targetRate,
            s.unsent, s.p99Ms), s.unsent == 0 && s.msgPerSec >= 0.99 * s.targetRate);
    }

    /**
     * The p99 (and p99.9) of the HTTP systems over native's in one workload.
     */
    private static Target addedP99(String name, BenchmarkReport r, String workload) {
        Optional<Summary> base = r.summary(NATIVE, workload);
        List<String> parts = new ArrayList<>();
        Boolean met = null;
        for (String system : new String[] {HTTP, WRK, SDK}) {
            Optional<Summary> s = r.summary(system, workload);
            if (base.isEmpty() || s.isEmpty() || s.get().p99Ms < 0) {
                continue;
            }
            double added = s.get().p99Ms - base.get().p99Ms;
            parts.add(String.format("%s p99 %.2f ms (%+.2f), p99.9 %.2f ms", system, s.get().p99Ms, added, s.get().p999Ms));
            if (!system.equals(SDK)) {
                met = (met == null || met) && added <= 2.0;
            }
        }
        if (parts.isEmpty()) {
            return Target.of(name, "<= 2 ms", "needs native and an HTTP system", null);
        }
        return Target.of(name, "<= 2 ms (raw HTTP and wrk)", String.format("native p99 %.2f ms, p99.9 %.2f ms; ",
            base.get().p99Ms, base.get().p999Ms) + String.join("; ", parts), met);
    }

    private static Target ratio(String name, String goal, double threshold, Optional<Summary> http, Optional<Summary> sdk,
        Optional<Summary> base) {
        if (base.isEmpty() || http.isEmpty() && sdk.isEmpty() || base.get().msgPerSec <= 0) {
            return Target.of(name, goal, "needs native and an HTTP system", null);
        }
        double b = base.get().msgPerSec;
        String measured = String.format("raw HTTP %s (%s), SDK %s (%s) vs native %.0f msg/s (%s)", rate(http), percent(http, b),
            rate(sdk), percent(sdk, b), b, base.get().workload);
        Summary best = http.orElse(sdk.orElse(null));
        return Target.of(name, goal, measured, best.msgPerSec / b >= threshold);
    }

    private static String rate(Optional<Summary> s) {
        return s.map(x -> String.format("%.0f msg/s", x.msgPerSec)).orElse("-");
    }

    private static String percent(Optional<Summary> s, double base) {
        return s.map(x -> String.format("%.0f %%", 100 * x.msgPerSec / base)).orElse("-");
    }

    private static String ms(Optional<Summary> s) {
        return s.map(x -> String.format("%.2f ms", x.p99Ms)).orElse("-");
    }

    private static String ms999(Optional<Summary> s) {
        return s.map(x -> String.format("%.2f ms", x.p999Ms)).orElse("-");
    }

    private static String added(Optional<Summary> s, double base) {
        return s.map(x -> String.format("%.2f ms", x.p99Ms - base)).orElse("-");
    }
}
