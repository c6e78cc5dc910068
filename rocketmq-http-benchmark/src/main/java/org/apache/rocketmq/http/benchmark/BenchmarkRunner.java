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
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.rocketmq.http.benchmark.load.LoadGeneratorMain;
import org.apache.rocketmq.http.benchmark.load.TaskResult;
import org.apache.rocketmq.http.benchmark.load.TaskSpec;
import org.apache.rocketmq.http.benchmark.load.WrkLoad;
import org.apache.rocketmq.http.client.internal.RequestSigner;
import org.apache.rocketmq.http.benchmark.process.ChildMain;
import org.apache.rocketmq.http.benchmark.process.ChildProcess;
import org.apache.rocketmq.http.benchmark.process.GcLog;
import org.apache.rocketmq.http.benchmark.process.JvmLauncher;
import org.apache.rocketmq.http.benchmark.report.BenchmarkReport;
import org.apache.rocketmq.http.benchmark.report.Histograms;
import org.apache.rocketmq.http.benchmark.report.MachineInfo;
import org.apache.rocketmq.http.benchmark.report.Measurement;
import org.apache.rocketmq.http.benchmark.report.Summary;
import org.apache.rocketmq.http.benchmark.report.Targets;
import org.apache.rocketmq.http.benchmark.server.BrokerMain;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the benchmark: starts the broker, the HTTP proxy, the official gRPC proxy and one load
 * generator per system, each in its own JVM; runs every workload against every system, round after
 * round (the order of systems rotates each round); measures the server JVMs around each run; and
 * stops everything, also when something fails.
 */
public final class BenchmarkRunner {
    private static final Logger log = LoggerFactory.getLogger(BenchmarkRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STATS_TIMEOUT = Duration.ofSeconds(30);
    private static final String HTTP_PROXY = "http-proxy";
    private static final String GRPC_PROXY = "grpc-proxy-server";
    private static final String BROKER = "broker";
    private static final String CLUSTER = "BenchmarkCluster";
    private static final String WRK = "proxy-wrk";

    private final BenchmarkConfig config;
    private final Map<String, ChildProcess> servers = new LinkedHashMap<>();
    private final Map<String, ChildProcess> loadGenerators = new LinkedHashMap<>();
    private WrkLoad wrk;
    private Path proxyGcLog;
    private String namesrvAddr;
    private String httpEndpoint;
    private String grpcEndpoint;
    private double openLoopRate;

    public BenchmarkRunner(BenchmarkConfig config) {
        this.config = config;
        this.openLoopRate = config.openLoopRate;
    }

    public BenchmarkReport run(String command) throws Exception {
        long started = System.nanoTime();
        BenchmarkReport report = new BenchmarkReport();
        report.machine = MachineInfo.collect();
        report.config = config;
        report.command = command;
        Files.createDirectories(config.outDir);
        Optional<Path> wrkExecutable = WrkLoad.find();
        if (config.systems.contains(WRK) && wrkExecutable.isEmpty()) {
            String skipped = "proxy-wrk: skipped, wrk is not on the PATH (install it, e.g. apt-get install wrk, to have an HTTP "
                + "load generator in the table that is not this project's)";
            log.info(skipped);
            report.notes.add(skipped);
            config.systems = config.systems.stream().filter(system -> !system.equals(WRK)).collect(Collectors.toList());
        }
        Path workDir = Files.createTempDirectory("rocketmq-http-benchmark");
        try (JvmLauncher launcher = new JvmLauncher(config.classpath, workDir, config.outDir.resolve("logs"))) {
            startAll(launcher, workDir, wrkExecutable);
            warmUp();
            for (int round = 1; round <= config.rounds; round++) {
                runRound(round, report);
            }
            if (servers.containsKey(HTTP_PROXY) && config.idlePolls > 0) {
                report.idlePolls = new IdleLongPollProbe(httpEndpoint, servers.get(HTTP_PROXY), config.idlePolls,
                    config.idlePollWaitSeconds).run("BENCH_IDLE", "GID_BENCH_IDLE");
            }
        } finally {
            keepRocketMQLogs(workDir.resolve("home"), config.outDir.resolve("logs").resolve("rocketmq"));
            deleteRecursively(workDir);
        }
        report.openLoopRate = openLoopRate;
        Map<String, List<Measurement>> bySystemAndWorkload = report.runs.stream()
            .collect(Collectors.groupingBy(m -> m.system + "|" + m.workload, LinkedHashMap::new, Collectors.toList()));
        for (Workload workload : workloads()) {
            for (String system : config.systems) {
                List<Measurement> runs = bySystemAndWorkload.get(system + "|" + workload.id());
                if (runs != null) {
                    report.summaries.add(Summary.of(runs));
                }
            }
        }
        report.targets = Targets.evaluate(report);
        report.machine.loadAverageAtEnd = MachineInfo.loadAverage();
        report.wallSeconds = (System.nanoTime() - started) / 1e9;
        return report;
    }

    private boolean needsHttpProxy() {
        return config.systems.contains("proxy-sdk") || config.systems.contains("proxy-http") || config.systems.contains(WRK);
    }

    private List<Workload> workloads() {
        return Arrays.stream(Workload.values()).filter(w -> config.workloads.contains(w.id())).collect(Collectors.toList());
    }

    /**
     * The broker first; then the proxies and the load generators at once (the gRPC proxy's load
     * generator once its proxy serves, because its client connects on start).
     */
    private void startAll(JvmLauncher launcher, Path workDir, Optional<Path> wrkExecutable) throws Exception {
        ChildProcess broker = launcher.start(BROKER, JvmLauncher.Role.SERVER, config.brokerHeap, Map.of(),
            ChildMain.MARKER + ChildMain.READY, START_TIMEOUT, BrokerMain.class.getName(),
            workDir.resolve("store").toString(), "0", "0", CLUSTER, "broker-bench", Integer.toString(256 * 1024 * 1024),
            Boolean.toString(config.brokerShedsLoad));
        servers.put(BROKER, broker);
        namesrvAddr = readyLineField(broker, 1);
        // the official proxy refuses to start without this topic
        call(broker, "topic", "DefaultHeartBeatSyncerTopic 1");
        call(broker, "group", "HTTP_PROXY_REPLAY");
        call(broker, "topic", "BENCH_IDLE " + config.queues);
        call(broker, "group", "GID_BENCH_IDLE");
        for (String system : config.systems) {
            call(broker, "topic", produceTopic(system) + " " + config.queues);
            for (int round = 1; round <= config.rounds; round++) {
                for (String kind : new String[] {"CONSUME", "E2E"}) {
                    call(broker, "topic", topic(kind, system, round) + " " + config.queues);
                    call(broker, "group", "GID_" + topic(kind, system, round));
                }
            }
        }

        List<CompletableFuture<Void>> starting = new ArrayList<>();
        Map<String, ChildProcess> started = Collections.synchronizedMap(new LinkedHashMap<>());
        if (needsHttpProxy()) {
            int port = freePort();
            Path conf = workDir.resolve("http-proxy.properties");
            Files.writeString(conf, String.join("\n", "listenPort=" + port, "bindAddress=127.0.0.1",
                "namesrvAddr=" + namesrvAddr, "shutdownDrainSeconds=2",
                "quotaFile=" + (config.quotaFile == null ? "" : config.quotaFile.replace("\\", "/")), "")
                + ProxySecurity.settings(config, workDir));
            httpEndpoint = (config.proxyTls ? "https" : "http") + "://127.0.0.1:" + port;
            proxyGcLog = config.outDir.resolve("logs").resolve(HTTP_PROXY + "-gc.log");
            Files.deleteIfExists(proxyGcLog);
            List<String> jvmOptions = new ArrayList<>(Arrays.asList(config.proxyGcOptions.trim().split("\\s+")));
            jvmOptions.addAll(GcLog.options(proxyGcLog));
            starting.add(startAsync(() -> servers.put(HTTP_PROXY, launcher.start(HTTP_PROXY, JvmLauncher.Role.SERVER,
                config.serverHeap, jvmOptions, Map.of(), "boot success", START_TIMEOUT,
                "org.apache.rocketmq.http.proxy.HttpProxyStartup", "-c", conf.toString()))));
        }
        if (config.systems.contains("grpc-proxy")) {
            int grpcPort = freePort();
            int remotingPort = freePort();
            Path home = Files.createDirectories(workDir.resolve("rocketmq-home"));
            Files.createDirectories(home.resolve("conf"));
            Path conf = home.resolve("conf").resolve("rmq-proxy.json");
            Files.writeString(conf, String.format("{\"rocketMQClusterName\":\"%s\",\"namesrvAddr\":\"%s\",\"grpcServerPort\":%d,"
                + "\"remotingListenPort\":%d}%n", CLUSTER, namesrvAddr, grpcPort, remotingPort));
            grpcEndpoint = "127.0.0.1:" + grpcPort;
            starting.add(startAsync(() -> {
                servers.put(GRPC_PROXY, launcher.start(GRPC_PROXY, JvmLauncher.Role.SERVER, config.serverHeap,
                    Map.of("ROCKETMQ_HOME", home.toString()), "rocketmq-proxy startup successfully", START_TIMEOUT,
                    "org.apache.rocketmq.proxy.ProxyStartup", "-pc", conf.toString()));
                started.put("grpc-proxy", startLoadGenerator(launcher, "grpc-proxy", workDir));
            }));
        }
        for (String system : config.systems) {
            if (system.equals(WRK)) {
                wrk = new WrkLoad(wrkExecutable.orElseThrow(), httpEndpoint, workDir, config.signRequests
                    ? new RequestSigner(ProxySecurity.ACCESS_KEY, ProxySecurity.SECRET_KEY) : null);
            } else if (!system.equals("grpc-proxy")) {
                starting.add(startAsync(() -> started.put(system, startLoadGenerator(launcher, system, workDir))));
            }
        }
        awaitAll(starting);
        for (String system : config.systems) {
            if (!system.equals(WRK)) {
                loadGenerators.put(system, started.get(system));
            }
        }
    }

    private ChildProcess startLoadGenerator(JvmLauncher launcher, String system, Path workDir) throws Exception {
        String endpoint = system.equals("native") ? namesrvAddr : system.equals("grpc-proxy") ? grpcEndpoint : httpEndpoint;
        Map<String, String> env = system.startsWith("proxy-") ? ProxySecurity.clientEnvironment(config, workDir)
            : Map.of();
        List<String> jvmOptions = new ArrayList<>(List.of("-XX:+UseG1GC"));
        if (!config.loadGeneratorJvmOptions.isBlank()) {
            jvmOptions.addAll(Arrays.asList(config.loadGeneratorJvmOptions.trim().replace("{system}", system).split("\\s+")));
        }
        return launcher.start("loadgen-" + system, JvmLauncher.Role.LOAD_GENERATOR, config.loadGeneratorHeap, jvmOptions, env,
            ChildMain.MARKER + ChildMain.READY, START_TIMEOUT, LoadGeneratorMain.class.getName(), system, endpoint, namesrvAddr);
    }

    /**
     * Gets JIT compilers, connection pools and routes of every system going before anything counts.
     */
    private void warmUp() throws Exception {
        for (String system : config.systems) {
            TaskSpec spec = spec(Workload.PRODUCE_C16, produceTopic(system));
            spec.durationMillis = 2 * config.warmupMillis;
            task(system, spec);
            log.info("warmed up {}", system);
        }
    }

    private void runRound(int round, BenchmarkReport report) throws Exception {
        List<String> order = new ArrayList<>(config.systems);
        Collections.rotate(order, -(round - 1));
        for (Workload workload : workloads()) {
            if (workload == Workload.OPEN_LOOP_HALF && openLoopRate == 0) {
                openLoopRate = halfPeak(report);
            }
            for (String system : order) {
                if (!workload.runsOn(system)) {
                    continue;
                }
                Measurement m;
                try {
                    m = measure(system, workload, round);
                } catch (Exception e) {
                    // one broken run is reported as such; the others still count
                    log.warn("round {} {} {} failed", round, workload.id(), system, e);
                    m = failed(system, workload, round, e);
                }
                report.runs.add(m);
                log.info("round {} {} {}: {} msg/s, p99 {} ms, errors {}", round, workload.id(), system,
                    String.format("%.0f", m.msgPerSec), String.format("%.2f", m.p99Ms), m.errors);
            }
        }
    }

    /**
     * Half the best closed-loop single-message produce rate of the HTTP proxy so far (raw HTTP, else SDK,
     * else native), the same for every system so that latencies compare at the same load.
     */
    private double halfPeak(BenchmarkReport report) {
        for (String system : new String[] {"proxy-http", "proxy-sdk", "native", "grpc-proxy"}) {
            double peak = report.runs.stream()
                .filter(m -> m.system.equals(system) && Workload.byId(m.workload).kind().equals("produce"))
                .mapToDouble(m -> m.msgPerSec).max().orElse(0);
            if (peak > 0) {
                return Math.max(10, Math.floor(peak / 2));
            }
        }
        return 100;
    }

    private TaskSpec spec(Workload workload, String topic) {
        TaskSpec spec = TaskSpec.of(workload.kind(), topic);
        spec.concurrency = workload.concurrency();
        spec.bodyBytes = config.bodyBytes;
        spec.durationMillis = config.durationMillis;
        spec.graceMillis = Math.max(5_000, config.durationMillis);
        return spec;
    }

    private Measurement measure(String system, Workload workload, int round) throws Exception {
        TaskSpec spec;
        switch (workload) {
            case CONSUME: {
                String topic = topic("CONSUME", system, round);
                TaskSpec prefill = TaskSpec.of("prefill", topic);
                prefill.messages = config.consumeBacklog;
                prefill.concurrency = 4;
                prefill.bodyBytes = config.bodyBytes;
                prefill.durationMillis = 60_000;
                TaskResult filled = task(system, prefill);
                if (filled.messages < config.consumeBacklog) {
                    throw new IllegalStateException("could not store the backlog for " + system + ": " + filled.errorSamples);
                }
                spec = spec(workload, topic);
                spec.concurrency = config.consumeThreads;
                spec.group = "GID_" + topic;
                spec.messages = config.consumeBacklog;
                break;
            }
            case E2E: {
                String topic = topic("E2E", system, round);
                spec = spec(workload, topic);
                spec.group = "GID_" + topic;
                spec.rate = config.e2eRate;
                spec.warmupMillis = Math.max(500, config.warmupMillis);
                break;
            }
            case OPEN_LOOP_HALF:
                spec = spec(workload, produceTopic(system));
                spec.concurrency = config.openLoopSenders;
                spec.rate = openLoopRate;
                break;
            default:
                spec = spec(workload, produceTopic(system));
                break;
        }
        if (spec.kind.equals("produce") || spec.kind.equals("batch") || spec.kind.equals("open-loop")) {
            TaskSpec warm = JSON.readValue(JSON.writeValueAsString(spec), TaskSpec.class);
            warm.durationMillis = config.warmupMillis;
            task(system, warm);
        }
        ChildProcess proxy = proxyOf(system);
        ChildProcess broker = servers.get(BROKER);
        boolean sends = spec.kind.equals("produce") || spec.kind.equals("batch") || spec.kind.equals("open-loop");
        long storedBefore = sends ? stored(spec.topic) : -1;
        resetPeak(proxy);
        resetPeak(broker);
        JsonNode proxyBefore = stats(proxy);
        JsonNode brokerBefore = stats(broker);
        TaskResult result = task(system, spec);
        JsonNode proxyAfter = stats(proxy);
        JsonNode brokerAfter = stats(broker);

        Measurement m = new Measurement();
        m.system = system;
        m.workload = workload.id();
        m.round = round;
        m.messages = result.messages;
        m.errors = result.errors;
        m.unsent = result.unsent;
        m.seconds = result.elapsedNanos / 1e9;
        m.msgPerSec = m.seconds > 0 ? result.messages / m.seconds : 0;
        m.mbPerSec = m.msgPerSec * config.bodyBytes / 1e6;
        m.targetRate = spec.rate;
        m.errorSamples = result.errorSamples;
        m.histogram = result.histogram;
        Histogram histogram = Histograms.decode(result.histogram);
        if (histogram.getTotalCount() > 0) {
            m.p50Ms = histogram.getValueAtPercentile(50) / 1000.0;
            m.p99Ms = histogram.getValueAtPercentile(99) / 1000.0;
            m.p999Ms = histogram.getValueAtPercentile(99.9) / 1000.0;
            m.maxMs = histogram.getMaxValue() / 1000.0;
        }
        if (result.messages > 0) {
            m.brokerCpuMsPer10k = cpuMillis(brokerBefore, brokerAfter) * 10_000.0 / result.messages;
            if (proxy != null) {
                m.proxyCpuMsPer10k = cpuMillis(proxyBefore, proxyAfter) * 10_000.0 / result.messages;
            }
        }
        if (result.messages > 0 && result.cpuNanos >= 0) {
            m.clientCpuMsPer10k = result.cpuNanos / 1e6 * 10_000.0 / result.messages;
        }
        m.brokerPeakHeapMiB = brokerAfter.path("peakHeapUsed").asLong() / 1048576.0;
        if (proxy != null) {
            m.proxyPeakHeapMiB = proxyAfter.path("peakHeapUsed").asLong() / 1048576.0;
        }
        if (proxy != null && proxy == servers.get(HTTP_PROXY)) {
            GcLog.Pauses pauses = GcLog.between(proxyGcLog, proxyBefore.path("uptimeMillis").asLong(),
                proxyAfter.path("uptimeMillis").asLong());
            m.proxyGcPauses = pauses.count;
            m.proxyGcPauseTotalMs = pauses.totalMs;
            m.proxyGcPauseMaxMs = pauses.maxMs;
        }
        if (sends) {
            m.stored = storedAtLeast(spec.topic, result.messages) - storedBefore;
            if (m.stored < result.messages) {
                m.errors += result.messages - m.stored;
                m.errorSamples.add((result.messages - m.stored) + " messages answered as sent are not in the broker");
            }
        }
        return m;
    }

    private static Measurement failed(String system, Workload workload, int round, Exception e) {
        Measurement m = new Measurement();
        m.system = system;
        m.workload = workload.id();
        m.round = round;
        m.errors = 1;
        m.errorSamples.add("the run failed: " + e);
        return m;
    }

    private ChildProcess proxyOf(String system) {
        switch (system) {
            case "proxy-sdk":
            case "proxy-http":
            case WRK:
                return servers.get(HTTP_PROXY);
            case "grpc-proxy":
                return servers.get(GRPC_PROXY);
            default:
                return null;
        }
    }

    private static double cpuMillis(JsonNode before, JsonNode after) {
        return (after.path("cpuNanos").asLong() - before.path("cpuNanos").asLong()) / 1e6;
    }

    private long stored(String topic) throws Exception {
        return Long.parseLong(call(servers.get(BROKER), "stored", topic));
    }

    /**
     * What the broker has stored in the topic, once that is at least {@code expected} or after a few seconds: it
     * indexes what it has written a moment later.
     */
    private long storedAtLeast(String topic, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long stored = stored(topic);
        while (stored < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
            stored = stored(topic);
        }
        return stored;
    }

    private TaskResult task(String system, TaskSpec spec) throws Exception {
        if (system.equals(WRK)) {
            return wrk.run(spec);
        }
        long bound = spec.warmupMillis + spec.durationMillis + 2 * spec.graceMillis + 60_000;
        String answer = loadGenerators.get(system).call("run", JSON.writeValueAsString(spec), Duration.ofMillis(bound));
        return JSON.readValue(answer, TaskResult.class);
    }

    private static void resetPeak(ChildProcess child) throws Exception {
        if (child != null) {
            child.call("resetPeak", "", STATS_TIMEOUT);
        }
    }

    private static JsonNode stats(ChildProcess child) throws Exception {
        return child == null ? JSON.createObjectNode() : JSON.readTree(child.call("stats", "", STATS_TIMEOUT));
    }

    private static String call(ChildProcess child, String command, String argument) throws Exception {
        return child.call(command, argument, START_TIMEOUT);
    }

    /**
     * The broker announces {@code ready NAMESRV_ADDR BROKER_ADDR}.
     */
    private static String readyLineField(ChildProcess broker, int index) {
        for (String line : broker.tail().split("\n")) {
            int marker = line.indexOf(ChildMain.MARKER + ChildMain.READY);
            if (marker >= 0) {
                return line.substring(marker + ChildMain.MARKER.length()).split(" ")[index];
            }
        }
        throw new IllegalStateException("the broker did not announce its address");
    }

    static String produceTopic(String system) {
        return "BENCH_PRODUCE_" + system.toUpperCase().replace('-', '_');
    }

    static String topic(String kind, String system, int round) {
        return "BENCH_" + kind + "_" + system.toUpperCase().replace('-', '_') + "_R" + round;
    }

    /**
     * A free loopback port, picked now; the child binds it a moment later.
     */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @FunctionalInterface
    private interface Start {
        void run() throws Exception;
    }

    private static CompletableFuture<Void> startAsync(Start start) {
        // a thread each: starts block for seconds, more of them than a small common pool has threads
        return CompletableFuture.runAsync(() -> {
            try {
                start.run();
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, task -> {
            Thread t = new Thread(task, "bench-start");
            t.setDaemon(true);
            t.start();
        });
    }

    private static void awaitAll(List<CompletableFuture<Void>> futures) throws Exception {
        try {
            CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    /**
     * RocketMQ's clients, broker and the official proxy write their own log files under each child's home
     * ({@code logs/rocketmqlogs}); they are what explains a consumer that never got its queues or a send that
     * timed out, so they are kept beside the children's console logs, one directory per child.
     */
    private static void keepRocketMQLogs(Path homes, Path into) {
        if (!Files.isDirectory(homes)) {
            return;
        }
        try (Stream<Path> children = Files.list(homes)) {
            for (Path home : (Iterable<Path>) children::iterator) {
                Path logs = home.resolve("logs").resolve("rocketmqlogs");
                if (!Files.isDirectory(logs)) {
                    continue;
                }
                Path target = into.resolve(home.getFileName().toString());
                try (Stream<Path> files = Files.walk(logs)) {
                    for (Path file : (Iterable<Path>) files::iterator) {
                        Path copy = target.resolve(logs.relativize(file).toString());
                        if (Files.isDirectory(file)) {
                            Files.createDirectories(copy);
                        } else {
                            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
        } catch (IOException e) {
            log.warn("could not keep RocketMQ's log files of {}", homes, e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: the directory is under the system's temp dir
        }
    }
}
