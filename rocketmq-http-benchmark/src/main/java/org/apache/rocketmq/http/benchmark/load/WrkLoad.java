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

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.apache.rocketmq.http.client.internal.RequestSigner;

/**
 * The HTTP proxy driven by <a href="https://github.com/wg/wrk">wrk</a>, an HTTP load generator written in C that
 * has nothing of this project in it: {@code wrk -t1 -cN} posts 1 KiB {@code application/octet-stream} bodies
 * (or JSON batches) in a closed loop, N requests in flight on N keep-alive connections. One wrk thread, so wrk
 * takes at most one of the machine's cores; its CPU time is the {@code times} of the shell that waited for it.
 * A Lua script prints the counts and every latency wrk recorded, from which the same histogram as of the other
 * load generators is built. wrk has no consumer: it runs the produce and batch workloads only.
 *
 * <p>With access control on, wrk cannot compute signatures, so the benchmark signs a request for every
 * one wrk may send in the run before it starts (each with its own date and nonce, by the SDK's signer)
 * and wrk's script sends them in turn: the proxy checks every one as it would any signed request, and
 * the load generator's cost stays that of sending bytes. Should wrk send more requests than were signed,
 * the rest repeat the last one and are refused as replays, which shows as errors.
 */
public final class WrkLoad {
    private static final String LINE = "##WRK ";
    private static final Pattern TIMES = Pattern.compile("(\\d+)m([0-9.]+)s\\s+(\\d+)m([0-9.]+)s");
    /** Requests signed ahead per second of a run: well above what one wrk thread reaches on this proxy. */
    private static final int SIGNED_PER_SECOND = 40_000;

    private final Path wrk;
    private final String endpoint;
    private final Path workDir;
    private final RequestSigner signer;
    private int runs;

    /**
     * @param signer signs the requests ahead when the proxy has access control on, else null
     */
    public WrkLoad(Path wrk, String endpoint, Path workDir, RequestSigner signer) {
        this.wrk = wrk;
        this.endpoint = endpoint;
        this.workDir = workDir;
        this.signer = signer;
    }

    /**
     * @return the wrk executable on the PATH, if there is one
     */
    public static Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Paths.get(dir, "wrk");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Runs a {@code produce} or {@code batch} task for its duration, rounded up to whole seconds.
     */
    public TaskResult run(TaskSpec spec) throws IOException, InterruptedException {
        boolean batch;
        if ("produce".equals(spec.kind)) {
            batch = false;
        } else if ("batch".equals(spec.kind)) {
            batch = true;
        } else {
            throw new IllegalArgumentException("wrk runs produce and batch tasks, not " + spec.kind);
        }
        Path script = workDir.resolve(batch ? "wrk-batch.lua" : "wrk-produce.lua");
        Path signed = null;
        if (signer != null) {
            signed = workDir.resolve("wrk-signed.tsv");
            signAhead(spec, batch, signed, Math.max(1, (spec.durationMillis + 999) / 1000) * SIGNED_PER_SECOND);
        }
        Files.writeString(script, script(spec, batch, signed), StandardCharsets.UTF_8);
        try {
            List<String> lines = exec(spec, script, spec.durationMillis);
            return parse(lines, batch ? spec.batchSize : 1);
        } finally {
            if (signed != null) {
                Files.deleteIfExists(signed);
            }
        }
    }

    /**
     * Writes a line per request: its {@code X-RMQ-Date}, {@code X-RMQ-Nonce} and {@code Authorization}, tab-separated.
     */
    private void signAhead(TaskSpec spec, boolean batch, Path file, long requests) throws IOException {
        String path = URI.create(endpoint).getRawPath() + "/v1/topics/" + spec.topic + "/messages";
        byte[] body = body(spec, batch).replace("\\\"", "\"").getBytes(StandardCharsets.US_ASCII);
        String contentType = batch ? "application/json" : "application/octet-stream";
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (long i = 0; i < requests; i++) {
                Map<String, String> h = signer.sign("POST", path, null, contentType, body, Map.of());
                out.write(h.get("X-RMQ-Date"));
                out.write('\t');
                out.write(h.get("X-RMQ-Nonce"));
                out.write('\t');
                out.write(h.get("Authorization"));
                out.write('\n');
            }
        }
    }

    /**
     * @return the request body as a Lua string literal's content (quotes escaped)
     */
    private static String body(TaskSpec spec, boolean batch) {
        String body = new String(Workloads.body(spec.bodyBytes, 1), StandardCharsets.US_ASCII);
        if (!batch) {
            // only the body's letters and digits, nothing to escape
            return body;
        }
        StringBuilder json = new StringBuilder("{\\\"messages\\\":[");
        for (int i = 0; i < spec.batchSize; i++) {
            json.append(i > 0 ? "," : "").append("{\\\"body\\\":\\\"").append(body).append("\\\"}");
        }
        return json.append("]}").toString();
    }

    static String script(TaskSpec spec, boolean batch, Path signed) {
        StringBuilder lua = new StringBuilder(4096).append("-- written by the benchmark for one run of wrk\n")
            .append("wrk.method = \"POST\"\n")
            .append("wrk.body = \"").append(body(spec, batch)).append("\"\n")
            .append("wrk.headers[\"Content-Type\"] = \"").append(batch ? "application/json" : "application/octet-stream")
            .append("\"\n")
            .append("local threads = {}\n")
            .append("function setup(thread) table.insert(threads, thread) end\n");
        if (batch) {
            // a 207 is a batch of which some entries failed: counted whole, as errors
            lua.append("function response(status, headers, body) if status ~= 200 then notOk = notOk + 1 end end\n");
        }
        lua.append("function init(args)\n")
            .append("  notOk = 0\n");
        if (signed != null) {
            lua.append("  dates, nonces, authorizations, signedCount, sent = {}, {}, {}, 0, 0\n")
                .append("  for line in io.lines(\"").append(signed.toString().replace("\\", "\\\\")).append("\") do\n")
                .append("    local d, n, a = line:match(\"^([^\\t]*)\\t([^\\t]*)\\t(.*)$\")\n")
                .append("    signedCount = signedCount + 1\n")
                .append("    dates[signedCount], nonces[signedCount], authorizations[signedCount] = d, n, a\n")
                .append("  end\n");
        }
        lua.append("end\n");
        if (signed != null) {
            lua.append("function request()\n")
                .append("  if sent < signedCount then sent = sent + 1 end\n")
                .append("  wrk.headers[\"X-RMQ-Date\"] = dates[sent]\n")
                .append("  wrk.headers[\"X-RMQ-Nonce\"] = nonces[sent]\n")
                .append("  wrk.headers[\"Authorization\"] = authorizations[sent]\n")
                .append("  return wrk.format()\n")
                .append("end\n");
        }
        lua.append("function done(summary, latency, requests)\n")
            .append("  local notOk = 0\n")
            .append("  for _, t in ipairs(threads) do notOk = notOk + (t:get(\"notOk\") or 0) end\n")
            .append("  local e = summary.errors\n")
            .append("  io.write(string.format(\"" + LINE + "summary %d %d %d %d %d %d %d %d\\n\", summary.requests,")
            .append(" summary.duration, e.status, notOk, e.connect, e.read, e.write, e.timeout))\n")
            .append("  for i = 1, #latency do\n")
            .append("    local value, count = latency(i)\n")
            .append("    io.write(string.format(\"" + LINE + "latency %d %d\\n\", value, count))\n")
            .append("  end\n")
            .append("end\n");
        return lua.toString();
    }

    /**
     * Runs wrk under a shell that prints, with {@code times}, the CPU time of what it waited for.
     */
    private List<String> exec(TaskSpec spec, Path script, long millis) throws IOException, InterruptedException {
        long seconds = Math.max(1, (millis + 999) / 1000);
        String url = endpoint + "/v1/topics/" + spec.topic + "/messages";
        List<String> command = new ArrayList<>(List.of("sh", "-c", "\"$0\" \"$@\"; code=$?; times; exit $code",
            wrk.toString(), "-t1", "-c" + spec.concurrency, "-d" + seconds + "s", "--timeout", "30s", "-s",
            script.toString(), url));
        Path out = workDir.resolve("wrk-" + (++runs) + ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!process.waitFor(seconds + 60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("wrk did not end within " + (seconds + 60) + " s");
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        if (process.exitValue() != 0) {
            throw new IOException("wrk exited with " + process.exitValue() + ": " + String.join(" / ", lines));
        }
        return lines;
    }

    static TaskResult parse(List<String> lines, int messagesPerRequest) throws IOException {
        TaskResult result = new TaskResult();
        Histogram histogram = new Histogram(3);
        boolean summary = false;
        String times = null;
        for (String line : lines) {
            if (line.startsWith(LINE + "summary ")) {
                String[] f = line.substring(LINE.length() + 8).trim().split(" ");
                long requests = Long.parseLong(f[0]);
                long failedStatus = Long.parseLong(f[2]);
                long notOk = Long.parseLong(f[3]);
                long socketErrors = Long.parseLong(f[4]) + Long.parseLong(f[5]) + Long.parseLong(f[6]) + Long.parseLong(f[7]);
                long failedRequests = Math.max(failedStatus, notOk);
                result.elapsedNanos = Long.parseLong(f[1]) * 1000;
                result.messages = (requests - failedRequests) * messagesPerRequest;
                result.errors = failedRequests * messagesPerRequest + socketErrors;
                if (failedRequests > 0) {
                    result.errorSamples.add(failedRequests + " requests answered other than 200");
                }
                if (socketErrors > 0) {
                    result.errorSamples.add(socketErrors + " socket errors or timeouts (connect, read, write, timeout: "
                        + f[4] + ", " + f[5] + ", " + f[6] + ", " + f[7] + ")");
                }
                summary = true;
            } else if (line.startsWith(LINE + "latency ")) {
                String[] f = line.substring(LINE.length() + 8).trim().split(" ");
                histogram.recordValueWithCount(Long.parseLong(f[0]), Long.parseLong(f[1]));
            } else if (TIMES.matcher(line).find()) {
                // the second line of times: the children's user and system time
                times = line;
            }
        }
        if (!summary) {
            throw new IOException("wrk printed no summary: " + String.join(" / ", lines));
        }
        if (times != null) {
            Matcher m = TIMES.matcher(times);
            if (m.find()) {
                double seconds = Long.parseLong(m.group(1)) * 60 + Double.parseDouble(m.group(2))
                    + Long.parseLong(m.group(3)) * 60 + Double.parseDouble(m.group(4));
                result.cpuNanos = (long) (seconds * 1e9);
            }
        }
        result.histogram = Workloads.encode(histogram);
        return result;
    }
}
