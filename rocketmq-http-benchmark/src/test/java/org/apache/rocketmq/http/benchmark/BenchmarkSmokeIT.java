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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.rocketmq.http.benchmark.load.WrkLoad;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

/**
 * Runs the whole benchmark in tiny mode (every system, every workload, short runs; real broker, proxies
 * and load generators in their own JVMs) and checks that it produced its reports with an entry per
 * system and workload and no errors. It asserts nothing about speed.
 */
public class BenchmarkSmokeIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test(timeout = 300_000)
    public void tinyRunReportsEverySystemAndWorkloadWithoutErrors() throws Exception {
        Path out = Paths.get("target", "benchmark-smoke").toAbsolutePath();
        BenchmarkMain.run(new String[] {"--mode", "tiny", "--out", out.toString(), "--classpath", runtimeClasspath()});

        JsonNode report = JSON.readTree(out.resolve(BenchmarkMain.JSON_FILE).toFile());
        String markdown = Files.readString(out.resolve(BenchmarkMain.MARKDOWN_FILE));
        Set<String> seen = new HashSet<>();
        for (JsonNode summary : report.path("summaries")) {
            String key = summary.path("system").asText() + "|" + summary.path("workload").asText();
            seen.add(key);
            assertEquals("errors in " + key + ": " + errorSamples(report, summary), 0, summary.path("errors").asLong());
            assertTrue("no messages in " + key, summary.path("messages").asLong() > 0);
            assertTrue("no throughput in " + key, summary.path("msgPerSec").asDouble() > 0);
        }
        // wrk is used when it is installed, and said to be missing when it is not
        boolean wrk = WrkLoad.find().isPresent();
        int expected = 0;
        for (String system : BenchmarkConfig.ALL_SYSTEMS) {
            for (Workload workload : Workload.values()) {
                String key = system + "|" + workload.id();
                if (!workload.runsOn(system) || system.equals("proxy-wrk") && !wrk) {
                    assertFalse("a result for " + key, seen.contains(key));
                    continue;
                }
                expected++;
                assertTrue("no result for " + key, seen.contains(key));
                assertTrue("no Markdown row for " + key, markdown.contains("| " + workload.id() + " | " + system + " |"));
            }
        }
        assertEquals(expected, report.path("summaries").size());
        assertEquals("a note on wrk: " + report.path("notes"), !wrk, markdown.contains("proxy-wrk: skipped, wrk is not on the PATH"));
        for (JsonNode run : report.path("runs")) {
            String kind = Workload.byId(run.path("workload").asText()).kind();
            if (kind.equals("produce") || kind.equals("batch") || kind.equals("open-loop")) {
                assertTrue("not counted in the broker: " + run, run.path("stored").asLong() >= run.path("messages").asLong());
            }
            assertTrue("no client CPU: " + run, run.path("clientCpuMsPer10k").asDouble() >= 0);
            if (run.path("system").asText().startsWith("proxy-")) {
                assertTrue("no GC pauses counted: " + run, run.path("proxyGcPauses").asLong() >= 0);
            }
        }
        assertTrue("the idle long-poll probe did not run", report.path("idlePolls").path("polls").asInt() > 0);
        assertEquals(12, report.path("targets").size());

        BufferedImage chart = ImageIO.read(out.resolve(BenchmarkMain.CHART_FILE).toFile());
        assertNotNull("chart.png is not a PNG", chart);
        assertTrue(chart.getWidth() > 0 && chart.getHeight() > 0);
    }

    private static String errorSamples(JsonNode report, JsonNode summary) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode run : report.path("runs")) {
            if (run.path("system").equals(summary.path("system")) && run.path("workload").equals(summary.path("workload"))) {
                sb.append(run.path("errorSamples"));
            }
        }
        return sb.toString();
    }

    /**
     * The module's classes and runtime dependencies, as the build wrote them for the launcher script.
     */
    private static String runtimeClasspath() throws Exception {
        Path file = Paths.get("target", "runtime-classpath.txt");
        assertTrue(file + " is missing: the build writes it in generate-resources", Files.isRegularFile(file));
        return Paths.get("target", "classes").toAbsolutePath() + File.pathSeparator + Files.readString(file).trim();
    }
}
