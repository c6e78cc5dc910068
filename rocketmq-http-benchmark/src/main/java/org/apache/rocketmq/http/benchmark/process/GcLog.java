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
package org.apache.rocketmq.http.benchmark.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stop-the-world pauses a JVM's GC log ({@code -Xlog:gc*:file=...:uptime,level,tags}) records in a window
 * of its uptime: G1's {@code Pause Young}, {@code Pause Remark}, {@code Pause Cleanup}, {@code Pause Full}, ZGC's
 * {@code Pause Mark Start} and the like, each line ending with the pause's duration.
 */
public final class GcLog {
    private static final Pattern PAUSE = Pattern.compile("^\\[(\\d+(?:\\.\\d+)?)s\\].*\\bPause \\S.*\\s(\\d+(?:\\.\\d+)?)ms$");

    /** Pauses in a window: how many, their sum and the longest, in milliseconds. */
    public static final class Pauses {
        public long count;
        public double totalMs;
        public double maxMs;
    }

    private GcLog() {
    }

    /**
     * @param options where to write the log, for the JVM's command line
     */
    public static List<String> options(Path log) {
        return List.of("-Xlog:gc*:file=" + log + ":uptime,level,tags");
    }

    /**
     * @return the pauses that ended between the two uptimes, in milliseconds since the JVM started
     */
    public static Pauses between(Path log, long fromUptimeMillis, long toUptimeMillis) throws IOException {
        Pauses pauses = new Pauses();
        if (!Files.isRegularFile(log)) {
            return pauses;
        }
        try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                Matcher m = PAUSE.matcher(line.trim());
                if (!m.matches()) {
                    continue;
                }
                double at = Double.parseDouble(m.group(1)) * 1000;
                if (at < fromUptimeMillis || at > toUptimeMillis) {
                    continue;
                }
                double ms = Double.parseDouble(m.group(2));
                pauses.count++;
                pauses.totalMs += ms;
                pauses.maxMs = Math.max(pauses.maxMs, ms);
            }
        }
        return pauses;
    }
}
