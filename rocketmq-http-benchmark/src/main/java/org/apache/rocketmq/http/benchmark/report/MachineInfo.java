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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The machine a run was measured on.
 */
public final class MachineInfo {
    public String date;
    public int cpus;
    public String cpuModel;
    public String memory;
    public String os;
    public String java;
    /** 1, 5 and 15 minute load averages when the run started: other work on the machine shows here. */
    public String loadAverageAtStart;
    public String loadAverageAtEnd;

    public static MachineInfo collect() {
        MachineInfo m = new MachineInfo();
        m.date = OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        m.cpus = Runtime.getRuntime().availableProcessors();
        m.cpuModel = firstValue(Paths.get("/proc/cpuinfo"), "model name");
        String memKb = firstValue(Paths.get("/proc/meminfo"), "MemTotal");
        if (memKb != null) {
            long kb = Long.parseLong(memKb.replaceAll("[^0-9]", ""));
            m.memory = String.format("%.1f GiB", kb / 1024.0 / 1024.0);
        }
        m.os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
        m.java = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
            + System.getProperty("java.vendor") + ")";
        m.loadAverageAtStart = loadAverage();
        return m;
    }

    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                if (line.startsWith(key)) {
                    int colon = line.indexOf(':');
                    return colon < 0 ? null : line.substring(colon + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
