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
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JVM started by the benchmark through {@link ChildMain}: its output goes to a log file, its control
 * channel answers {@link #call calls}, and {@link #close} stops it (gracefully, then by force).
 */
public final class ChildProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);
    private static final int TAIL_LINES = 40;

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final String readyText;
    private final Deque<String> tail = new ArrayDeque<>();
    private final AtomicLong ids = new AtomicLong();

    private ChildProcess(String name, Process process, String readyText, Path logFile) throws IOException {
        this.name = name;
        this.process = process;
        this.readyText = readyText;
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        Writer logWriter = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
        Thread pump = new Thread(() -> pump(logWriter), "bench-pump-" + name);
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts a JVM.
     *
     * @param command the whole command line, {@code java ... ChildMain MAIN_CLASS ARGS}
     * @param readyText a piece of an output line that says the child is ready
     */
    public static ChildProcess start(String name, List<String> command, Map<String, String> environment,
        String readyText, Path logFile) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        log.info("starting {}", name);
        return new ChildProcess(name, builder.start(), readyText, logFile);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private void pump(Writer logWriter) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer logFile = logWriter) {
            String line;
            while ((line = out.readLine()) != null) {
                logFile.write(line);
                logFile.write('\n');
                logFile.flush();
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
                int marker = line.indexOf(ChildMain.MARKER);
                if (marker >= 0) {
                    onControlLine(line.substring(marker + ChildMain.MARKER.length()));
                }
                if (!ready.isDone() && line.contains(readyText)) {
                    ready.complete(null);
                }
            }
        } catch (IOException e) {
            log.debug("output of {} ended: {}", name, e.toString());
        }
        IllegalStateException gone = new IllegalStateException(name + " exited; last output:\n" + tail());
        ready.completeExceptionally(gone);
        pending.values().forEach(f -> f.completeExceptionally(gone));
    }

    private void onControlLine(String text) {
        String[] parts = text.split(" ", 3);
        if (parts.length < 2) {
            return;
        }
        CompletableFuture<String> future = pending.remove(parts[0]);
        if (future == null) {
            return;
        }
        String payload = parts.length > 2 ? parts[2] : "";
        if ("ok".equals(parts[1])) {
            future.complete(payload);
        } else {
            future.completeExceptionally(new IllegalStateException(name + ": " + payload));
        }
    }

    /**
     * The last lines of the child's output, for error messages.
     */
    public String tail() {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    public void awaitReady(Duration timeout) throws Exception {
        try {
            ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s; last output:\n" + tail());
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    /**
     * Sends a command and waits for its answer.
     *
     * @return the payload of the answer
     */
    public String call(String command, String argument, Duration timeout) throws Exception {
        String id = Long.toString(ids.incrementAndGet());
        CompletableFuture<String> future = new CompletableFuture<>();
        pending.put(id, future);
        synchronized (stdin) {
            stdin.write(id + " " + command + (argument.isEmpty() ? "" : " " + argument) + "\n");
            stdin.flush();
        }
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.remove(id);
            throw new IllegalStateException(name + " did not answer " + command + " within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    /**
     * Asks the child to exit, then destroys it if it has not after a while.
     */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        try {
            synchronized (stdin) {
                stdin.write("0 exit\n");
                stdin.flush();
                stdin.close();
            }
        } catch (IOException ignored) {
            // the child is going away already
        }
        try {
            // the run is over and its stores are thrown away: no need to wait for a slow orderly stop
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        log.info("stopped {}", name);
    }

    /**
     * Kills at once; for the shutdown hook.
     */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
