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

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.rocketmq.http.benchmark.report.BenchmarkReport;
import org.apache.rocketmq.http.benchmark.report.ChartRenderer;
import org.apache.rocketmq.http.benchmark.report.MarkdownReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code BenchmarkMain [--mode full|tiny] [--systems native,proxy-sdk,proxy-http,proxy-wrk,grpc-proxy] [--out DIR] ...}:
 * measures the HTTP proxy against the native RocketMQ client and the official gRPC proxy on one
 * machine, and writes {@code results.json}, {@code results.md} and {@code chart.png} to DIR.
 */
public final class BenchmarkMain {
    private static final Logger log = LoggerFactory.getLogger(BenchmarkMain.class);
    public static final String JSON_FILE = "results.json";
    public static final String MARKDOWN_FILE = "results.md";
    public static final String CHART_FILE = "chart.png";

    private BenchmarkMain() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int code;
        try {
            code = run(args) == null ? 1 : 0;
        } catch (Exception e) {
            log.error("the benchmark failed", e);
            code = 1;
        }
        System.exit(code);
    }

    static Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("mode").hasArg().argName("full|tiny")
            .desc("presets: full (2 rounds, 8 s runs; ~10-15 min on 2 cores) or tiny (1 round, sub-second runs; for CI). Default full").build());
        o.addOption(Option.builder().longOpt("systems").hasArg().argName("LIST")
            .desc("comma-separated, default " + String.join(",", BenchmarkConfig.ALL_SYSTEMS)).build());
        o.addOption(Option.builder().longOpt("workloads").hasArg().argName("LIST")
            .desc("comma-separated, default " + String.join(",", Workload.ids())).build());
        o.addOption(Option.builder().longOpt("proxy-gc-options").hasArg().argName("OPTIONS")
            .desc("garbage collector options of the HTTP proxy's JVM, default \"" + BenchmarkConfig.DEFAULT_PROXY_GC_OPTIONS
                + "\" (as bin/runserver.sh), e.g. \"-XX:+UseZGC\"").build());
        o.addOption(Option.builder().longOpt("load-generator-jvm-options").hasArg().argName("OPTIONS")
            .desc("more options of the load generators' JVMs, {system} replaced by the system's name, e.g."
                + " \"-XX:StartFlightRecording=filename=sdk-{system}.jfr,settings=profile\"").build());
        o.addOption(Option.builder().longOpt("out").hasArg().argName("DIR").desc("output directory, default target/benchmark").build());
        o.addOption(Option.builder().longOpt("duration-seconds").hasArg().argName("S").desc("measured time of each run").build());
        o.addOption(Option.builder().longOpt("warmup-seconds").hasArg().argName("S").desc("unmeasured time before each run").build());
        o.addOption(Option.builder().longOpt("rounds").hasArg().argName("N").desc("times every workload runs against every system").build());
        o.addOption(Option.builder().longOpt("consume-backlog").hasArg().argName("N").desc("messages stored before each consume run").build());
        o.addOption(Option.builder().longOpt("e2e-rate").hasArg().argName("MSG_PER_S").desc("rate of the end-to-end latency runs").build());
        o.addOption(Option.builder().longOpt("open-loop-rate").hasArg().argName("MSG_PER_S")
            .desc("rate of open-loop-half; default half the proxy's best closed-loop produce rate of the run").build());
        o.addOption(Option.builder().longOpt("idle-polls").hasArg().argName("N").desc("idle long polls held by the probe; 0 skips it").build());
        o.addOption(Option.builder().longOpt("quota-file").hasArg().argName("FILE")
            .desc("quota file of the HTTP proxy, e.g. rocketmq-http-benchmark/conf/quota-every-request.yml").build());
        o.addOption(Option.builder().longOpt("proxy-acl")
            .desc("run the HTTP proxy with aclEnable=true; its load generators sign every request").build());
        o.addOption(Option.builder().longOpt("sign-requests")
            .desc("the HTTP load generators sign every request even when the proxy has no ACL (which then ignores the"
                + " signatures): a run with it and without --proxy-acl differs from one with --proxy-acl only by the"
                + " proxy's checking").build());
        o.addOption(Option.builder().longOpt("proxy-tls")
            .desc("run the HTTP proxy with tlsMode=enforcing; its load generators speak TLS").build());
        o.addOption(Option.builder().longOpt("classpath").hasArg().argName("CP")
            .desc("class path of the JVMs the benchmark starts; default: this JVM's").build());
        o.addOption(Option.builder("h").longOpt("help").desc("print help").build());
        return o;
    }

    /**
     * Runs the benchmark as the command line says and writes its files.
     *
     * @return the report, or null when only help was printed or the arguments were wrong
     */
    public static BenchmarkReport run(String[] args) throws Exception {
        Options options = options();
        CommandLine cmd;
        try {
            cmd = new DefaultParser().parse(options, args);
        } catch (ParseException e) {
            // checkstyle:cli-output
            System.err.println(e.getMessage());
            // checkstyle:end-cli-output
            printHelp(options);
            return null;
        }
        if (cmd.hasOption('h')) {
            printHelp(options);
            return null;
        }
        String mode = cmd.getOptionValue("mode", "full");
        BenchmarkConfig config;
        if ("full".equals(mode)) {
            config = BenchmarkConfig.full();
        } else if ("tiny".equals(mode)) {
            config = BenchmarkConfig.tiny();
        } else {
            throw new IllegalArgumentException("--mode is full or tiny, not " + mode);
        }
        if (cmd.hasOption("systems")) {
            List<String> systems = Arrays.asList(cmd.getOptionValue("systems").split("\\s*,\\s*"));
            for (String s : systems) {
                if (!BenchmarkConfig.ALL_SYSTEMS.contains(s)) {
                    throw new IllegalArgumentException("unknown system " + s + "; known: " + BenchmarkConfig.ALL_SYSTEMS);
                }
            }
            config.systems = systems;
        }
        if (cmd.hasOption("workloads")) {
            List<String> workloads = Arrays.asList(cmd.getOptionValue("workloads").split("\\s*,\\s*"));
            for (String w : workloads) {
                Workload.byId(w);
            }
            config.workloads = workloads;
        }
        if (cmd.hasOption("proxy-gc-options")) {
            config.proxyGcOptions = cmd.getOptionValue("proxy-gc-options");
        }
        if (cmd.hasOption("load-generator-jvm-options")) {
            config.loadGeneratorJvmOptions = cmd.getOptionValue("load-generator-jvm-options");
        }
        if (cmd.hasOption("duration-seconds")) {
            config.durationMillis = (long) (Double.parseDouble(cmd.getOptionValue("duration-seconds")) * 1000);
        }
        if (cmd.hasOption("warmup-seconds")) {
            config.warmupMillis = (long) (Double.parseDouble(cmd.getOptionValue("warmup-seconds")) * 1000);
        }
        if (cmd.hasOption("rounds")) {
            config.rounds = Integer.parseInt(cmd.getOptionValue("rounds"));
        }
        if (cmd.hasOption("consume-backlog")) {
            config.consumeBacklog = Integer.parseInt(cmd.getOptionValue("consume-backlog"));
        }
        if (cmd.hasOption("e2e-rate")) {
            config.e2eRate = Double.parseDouble(cmd.getOptionValue("e2e-rate"));
        }
        if (cmd.hasOption("open-loop-rate")) {
            config.openLoopRate = Double.parseDouble(cmd.getOptionValue("open-loop-rate"));
            if (!(config.openLoopRate > 0)) {
                throw new IllegalArgumentException("--open-loop-rate must be positive");
            }
        }
        if (cmd.hasOption("idle-polls")) {
            config.idlePolls = Integer.parseInt(cmd.getOptionValue("idle-polls"));
        }
        if (cmd.hasOption("quota-file")) {
            config.quotaFile = Paths.get(cmd.getOptionValue("quota-file")).toAbsolutePath().toString();
        }
        config.proxyAcl = cmd.hasOption("proxy-acl");
        config.signRequests = config.proxyAcl || cmd.hasOption("sign-requests");
        config.proxyTls = cmd.hasOption("proxy-tls");
        if ((config.proxyAcl || config.proxyTls) && config.idlePolls > 0) {
            // the probe's plain, unsigned long polls would only measure refusals
            config.idlePolls = 0;
        }
        config.classpath = cmd.getOptionValue("classpath", System.getProperty("java.class.path"));
        config.outDir = Paths.get(cmd.getOptionValue("out", "target/benchmark")).toAbsolutePath();

        BenchmarkReport report = new BenchmarkRunner(config).run("mqhttpbenchmark " + String.join(" ", args));
        Path out = config.outDir;
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(out.resolve(JSON_FILE).toFile(), report);
        String markdown = MarkdownReport.render(report, CHART_FILE);
        Files.writeString(out.resolve(MARKDOWN_FILE), markdown, StandardCharsets.UTF_8);
        ChartRenderer.render(report, out.resolve(CHART_FILE));
        // checkstyle:cli-output
        System.out.println(markdown);
        System.out.println("Written to " + out);
        // checkstyle:end-cli-output
        return report;
    }

    private static void printHelp(Options options) {
        HelpFormatter formatter = new HelpFormatter();
        // checkstyle:cli-output
        PrintWriter pw = new PrintWriter(System.out);
        // checkstyle:end-cli-output
        formatter.printHelp(pw, 110, "BenchmarkMain", null, options, 2, 4, null, true);
        pw.flush();
    }
}
