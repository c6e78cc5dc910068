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

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The entry point of every JVM the benchmark starts: {@code ChildMain MAIN_CLASS [ARGS...]}. It runs
 * MAIN_CLASS and, beside it, a control channel on standard input: one command per line,
 * {@code <id> <name> [argument]}, answered on standard output as {@code ##BENCH <id> ok|error <payload>}.
 * Every JVM answers {@code stats}, {@code gc} and {@code resetPeak}; the main class may
 * {@link #register register} more. When standard input ends (the benchmark exited, even by
 * {@code kill -9}) or {@code exit} arrives, the JVM exits, so no child outlives the run.
 */
public final class ChildMain {
    /** Marks the lines of the control channel in a child's output. */
    public static final String MARKER = "##BENCH ";
    /** What a child prints, after the marker, once its main class is ready for commands. */
    public static final String READY = "ready";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Command> COMMANDS = new ConcurrentHashMap<>();
    private static final long HALT_AFTER_EXIT_MILLIS = 15_000;

    private ChildMain() {
    }

    /**
     * A command of the control channel.
     */
    @FunctionalInterface
    public interface Command {
        /**
         * @param argument the rest of the line after the command name, may be empty
         * @return the payload of the answer, one line
         */
        String run(String argument) throws Exception;
    }

    public static void register(String name, Command command) {
        COMMANDS.put(name, command);
    }

    /**
     * Prints a line of the control channel that answers no command, e.g. {@code ready}.
     */
    public static void announce(String text) {
        // checkstyle:cli-output
        System.out.println(MARKER + text);
        System.out.flush();
        // checkstyle:end-cli-output
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: ChildMain MAIN_CLASS [ARGS...]");
        }
        JvmStats.start();
        register("stats", a -> JSON.writeValueAsString(JvmStats.snapshot(false)));
        register("gc", a -> JSON.writeValueAsString(JvmStats.snapshot(true)));
        register("resetPeak", a -> {
            JvmStats.resetPeak();
            return "{}";
        });
        Thread control = new Thread(ChildMain::readCommands, "bench-control");
        control.setDaemon(true);
        control.start();
        try {
            Class.forName(args[0]).getMethod("main", String[].class)
                .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void readCommands() {
        ExecutorService workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench-command");
            t.setDaemon(true);
            return t;
        });
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] parts = line.trim().split(" ", 3);
                if (parts.length < 2) {
                    continue;
                }
                String id = parts[0];
                String name = parts[1];
                String argument = parts.length > 2 ? parts[2] : "";
                if ("exit".equals(name)) {
                    break;
                }
                Command command = COMMANDS.get(name);
                workers.execute(() -> {
                    if (command == null) {
                        reply(id, "error", "unknown command " + name);
                        return;
                    }
                    try {
                        reply(id, "ok", command.run(argument));
                    } catch (Throwable t) {
                        reply(id, "error", String.valueOf(t));
                    }
                });
            }
        } catch (Exception ignored) {
            // standard input is gone: the benchmark is gone
        }
        exit();
    }

    private static void reply(String id, String status, String payload) {
        announce(id + " " + status + " " + payload.replace('\n', ' ').replace('\r', ' '));
    }

    private static void exit() {
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(HALT_AFTER_EXIT_MILLIS);
            } catch (InterruptedException ignored) {
                // halt now
            }
            Runtime.getRuntime().halt(0);
        }, "bench-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(0);
    }
}
