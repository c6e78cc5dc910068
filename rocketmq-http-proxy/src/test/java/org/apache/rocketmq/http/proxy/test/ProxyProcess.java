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
package org.apache.rocketmq.http.proxy.test;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.rocketmq.http.proxy.HttpProxyStartup;

/**
 * A proxy in a JVM of its own, started from the test class path with {@code HttpProxyStartup -c FILE},
 * so that a test can kill it for real ({@link #kill()}: SIGKILL, no shutdown hook runs) or stop it
 * gracefully ({@link #stop()}: SIGTERM). It listens on a free port, read from its boot line.
 */
public final class ProxyProcess implements AutoCloseable {
    private static final Pattern BOOT = Pattern.compile("boot success\\. listen port=(\\d+)");
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> ADD_OPENS = List.of(
        "--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/java.util=ALL-UNNAMED");

    private final Process process;
    private final Path dir;
    private final StringBuilder output = new StringBuilder();
    private final Thread reader;
    private int port;

    private ProxyProcess(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
        this.reader = new Thread(this::read, "proxy-process-" + process.pid());
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /**
     * Starts a proxy with the given settings (keys of the proxy's config file) and waits until it serves.
     * {@code listenPort} and {@code bindAddress} default to a free port on 127.0.0.1.
     */
    public static ProxyProcess start(Map<String, String> settings) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("rmq-http-proxy-process");
        Map<String, String> conf = new TreeMap<>();
        conf.put("listenPort", "0");
        conf.put("bindAddress", "127.0.0.1");
        conf.put("shutdownDrainSeconds", "5");
        conf.putAll(settings);
        Path confFile = dir.resolve("http-proxy.conf");
        try (Writer w = Files.newBufferedWriter(confFile, StandardCharsets.ISO_8859_1)) {
            for (Map.Entry<String, String> e : conf.entrySet()) {
                w.write(e.getKey() + "=" + e.getValue().replace("\\", "\\\\") + "\n");
            }
        }
        Path logback = dir.resolve("logback.xml");
        Files.writeString(logback, String.join("\n",
            "<configuration>",
            "  <appender name=\"CONSOLE\" class=\"ch.qos.logback.core.ConsoleAppender\">",
            "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>",
            "  </appender>",
            "  <logger name=\"io.netty\" level=\"WARN\"/>",
            "  <root level=\"INFO\"><appender-ref ref=\"CONSOLE\"/></root>",
            "</configuration>", ""));
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(ADD_OPENS);
        command.add("-Duser.home=" + dir);
        command.add("-Dlogback.configurationFile=" + logback);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(HttpProxyStartup.class.getName());
        command.add("-c");
        command.add(confFile.toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().remove("NAMESRV_ADDR");
        ProxyProcess proxy = new ProxyProcess(builder.start(), dir);
        try {
            proxy.port = proxy.awaitBoot();
        } catch (RuntimeException | InterruptedException e) {
            proxy.kill();
            throw e;
        }
        return proxy;
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (output) {
                    output.append(line).append('\n');
                    output.notifyAll();
                }
            }
        } catch (IOException ignored) {
            // the process is gone; what it printed stays in output
        }
    }

    private int awaitBoot() throws InterruptedException {
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        synchronized (output) {
            while (true) {
                Matcher m = BOOT.matcher(output);
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || !process.isAlive() && !reader.isAlive()) {
                    throw new IllegalStateException("the proxy process did not boot within " + BOOT_TIMEOUT.toSeconds()
                        + " s" + (process.isAlive() ? "" : ", it exited with " + process.exitValue()) + "\n" + output());
                }
                output.wait(Math.min(left, 200));
            }
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * @return everything the process printed so far
     */
    public String output() {
        synchronized (output) {
            return "---- output of proxy process " + process.pid() + " ----\n" + output;
        }
    }

    /**
     * kill -9: the process ends at once, without deregistering or draining.
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * SIGTERM: a graceful stop (deregistration, drain).
     *
     * @return the exit code
     */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // best effort: a temporary directory
        }
    }
}
