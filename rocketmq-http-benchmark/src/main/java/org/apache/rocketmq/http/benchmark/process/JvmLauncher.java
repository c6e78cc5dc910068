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

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Starts the benchmark's JVMs (broker, proxies, load generators) from one class path, keeps track of
 * them and stops them all, also from a shutdown hook. Each child gets its own {@code user.home} under
 * the run's work directory, so RocketMQ's log files stay there.
 */
public final class JvmLauncher implements AutoCloseable {
    /** The JDK internals the in-process message store uses on Java 17. */
    public static final List<String> ADD_OPENS = List.of(
        "--add-opens", "java.base/java.nio=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/java.util=ALL-UNNAMED",
        "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED");

    /**
     * The gRPC client jar carries its own, differently shaded, copy of RocketMQ's protobuf classes
     * ({@code apache.rocketmq.v2}); the official proxy needs the unshaded ones of rocketmq-proto.
     * So servers never see the client jar, and load generators never see the proxy's jars.
     */
    public enum Role {
        SERVER(entry -> !fileName(entry).startsWith("rocketmq-client-java-")),
        LOAD_GENERATOR(entry -> !fileName(entry).startsWith("rocketmq-proto-") && !fileName(entry).startsWith("rocketmq-proxy-"));

        private final Predicate<String> keep;

        Role(Predicate<String> keep) {
            this.keep = keep;
        }
    }

    private final List<String> classpath;
    private final Path workDir;
    private final Path logDir;
    private final Path logbackConfig;
    private final List<ChildProcess> children = new CopyOnWriteArrayList<>();
    private final Thread shutdownHook;

    public JvmLauncher(String classpath, Path workDir, Path logDir) throws IOException {
        this.classpath = Arrays.stream(classpath.split(File.pathSeparator)).filter(s -> !s.isBlank())
            .collect(Collectors.toList());
        this.workDir = workDir;
        this.logDir = logDir;
        Files.createDirectories(logDir);
        this.logbackConfig = workDir.resolve("logback.xml");
        Files.writeString(logbackConfig, String.join("\n",
            "<configuration>",
            "  <appender name=\"CONSOLE\" class=\"ch.qos.logback.core.ConsoleAppender\">",
            "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>",
            "  </appender>",
            "  <logger name=\"io.netty\" level=\"WARN\"/>",
            "  <root level=\"INFO\"><appender-ref ref=\"CONSOLE\"/></root>",
            "</configuration>", ""));
        this.shutdownHook = new Thread(() -> children.forEach(ChildProcess::kill), "bench-kill-children");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private static String fileName(String entry) {
        Path name = Paths.get(entry).getFileName();
        return name == null ? "" : name.toString();
    }

    /**
     * Starts {@code mainClass} in a new JVM through {@link ChildMain} and waits until it is ready.
     *
     * @param heap e.g. {@code 1g}: both -Xms and -Xmx
     * @param readyText a piece of an output line that says the child serves
     */
    public ChildProcess start(String name, Role role, String heap, Map<String, String> environment, String readyText,
        Duration readyTimeout, String mainClass, String... args) throws Exception {
        return start(name, role, heap, List.of("-XX:+UseG1GC"), environment, readyText, readyTimeout, mainClass, args);
    }

    /**
     * Starts {@code mainClass} in a new JVM with the given garbage collector (and other) options.
     *
     * @param jvmOptions e.g. {@code -XX:+UseG1GC}, and a GC log
     */
    public ChildProcess start(String name, Role role, String heap, List<String> jvmOptions, Map<String, String> environment,
        String readyText, Duration readyTimeout, String mainClass, String... args) throws Exception {
        Path home = Files.createDirectories(workDir.resolve("home").resolve(name));
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms" + heap);
        command.add("-Xmx" + heap);
        command.addAll(jvmOptions);
        command.add("-XX:-OmitStackTraceInFastThrow");
        command.addAll(ADD_OPENS);
        command.add("-Duser.home=" + home);
        command.add("-Djava.io.tmpdir=" + Files.createDirectories(home.resolve("tmp")));
        command.add("-Dlogback.configurationFile=" + logbackConfig);
        command.add("-Djava.awt.headless=true");
        command.add("-cp");
        command.add(classpath.stream().filter(role.keep).collect(Collectors.joining(File.pathSeparator)));
        command.add(ChildMain.class.getName());
        command.add(mainClass);
        command.addAll(Arrays.asList(args));
        Map<String, String> env = new HashMap<>(environment);
        ChildProcess child = ChildProcess.start(name, command, env, readyText, logDir.resolve(name + ".log"));
        children.add(child);
        child.awaitReady(readyTimeout);
        return child;
    }

    public Path workDir() {
        return workDir;
    }

    @Override
    public void close() {
        // in reverse order of start: load generators and proxies before the broker
        List<ChildProcess> reversed = new ArrayList<>(children);
        Collections.reverse(reversed);
        List<Thread> stopping = new ArrayList<>();
        for (ChildProcess child : reversed) {
            if (!child.name().startsWith("broker")) {
                Thread t = new Thread(child::close, "bench-stop-" + child.name());
                t.start();
                stopping.add(t);
            }
        }
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        reversed.stream().filter(c -> c.name().startsWith("broker")).forEach(ChildProcess::close);
        children.clear();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook runs anyway
        }
    }
}
