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
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A RocketMQ broker in a JVM of its own ({@link BrokerProcessMain}), for tests of a broker that dies.
 * {@link #kill()} is SIGKILL: the broker unregisters nothing and flushes nothing, its connections just
 * break, as when a machine loses power; {@link #restart()} starts it again on the same store and the
 * same ports, chosen free before the first start (below the system's range of ephemeral ports, so that
 * no outgoing connection takes them meanwhile). The JVM runs on this JVM's class path with the JDK
 * options the message store needs; its output goes to {@code broker.log} in its directory. Every
 * process is killed when this JVM exits, at the latest; {@link #close()} kills it earlier.
 */
public final class BrokerProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BrokerProcess.class);
    private static final List<String> JVM_OPTIONS = List.of("-Xms256m", "-Xmx512m", "-XX:+UseG1GC",
        "--add-opens", "java.base/java.nio=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/java.util=ALL-UNNAMED",
        "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED");
    private static final int FIRST_PORT = 20_000;
    private static final int LAST_PORT = 32_000;
    private static final long READY_TIMEOUT_SECONDS = 120;
    private static final int TAIL_LINES = 30;

    private final String brokerName;
    private final String clusterName;
    private final String namesrvAddr;
    private final Path dir;
    private final int port;
    private final Thread killOnExit = new Thread(this::kill, "BrokerProcessKill");
    private final Deque<String> tail = new ArrayDeque<>();
    private volatile Process process;
    private int starts;

    private BrokerProcess(String brokerName, String clusterName, String namesrvAddr, Path dir, int port) {
        this.brokerName = brokerName;
        this.clusterName = clusterName;
        this.namesrvAddr = namesrvAddr;
        this.dir = dir;
        this.port = port;
    }

    /**
     * Starts a broker in a new JVM and waits until it serves and has registered with the nameserver.
     *
     * @param dir its directory: the store, its home (RocketMQ's own logs) and its output
     */
    public static BrokerProcess start(String brokerName, String clusterName, String namesrvAddr, Path dir)
        throws Exception {
        BrokerProcess broker = new BrokerProcess(brokerName, clusterName, namesrvAddr, dir, freeBrokerPort());
        Runtime.getRuntime().addShutdownHook(broker.killOnExit);
        try {
            broker.launch();
        } catch (Exception e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /**
     * A port the broker can listen on, with port - 2 (its second server) free too.
     */
    private static int freeBrokerPort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST_PORT, LAST_PORT);
            if (isFree(port) && isFree(port - 2)) {
                return port;
            }
        }
        throw new IOException("no free port pair between " + FIRST_PORT + " and " + LAST_PORT);
    }

    private static boolean isFree(int port) {
        try (ServerSocket ignored = new ServerSocket(port, 1, InetAddress.getByName("0.0.0.0"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private synchronized void launch() throws Exception {
        Path store = Files.createDirectories(dir.resolve("store"));
        Path home = Files.createDirectories(dir.resolve("home"));
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-Duser.home=" + home);
        command.add("-Djava.io.tmpdir=" + Files.createDirectories(home.resolve("tmp")));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BrokerProcessMain.class.getName());
        command.add(store.toString());
        command.add(namesrvAddr);
        command.add(Integer.toString(port));
        command.add(clusterName);
        command.add(brokerName);
        starts++;
        long begin = System.nanoTime();
        Process started = new ProcessBuilder(command).redirectErrorStream(true).start();
        process = started;
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Writer output = Files.newBufferedWriter(dir.resolve("broker.log"), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
        Thread pump = new Thread(() -> pump(started, output, ready), "BrokerProcessOutput-" + brokerName);
        pump.setDaemon(true);
        pump.start();
        try {
            ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            log.info("{} (pid {}) serves at {} after {} ms (start {})", brokerName, started.pid(), addr(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin), starts);
        } catch (TimeoutException e) {
            throw new IllegalStateException(brokerName + " not ready after " + READY_TIMEOUT_SECONDS + " s; last output:\n"
                + tail());
        } catch (ExecutionException e) {
            throw new IllegalStateException(brokerName + " exited before it was ready; last output:\n" + tail());
        }
    }

    private void pump(Process p, Writer output, CompletableFuture<Void> ready) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             Writer file = output) {
            file.write("---- start " + starts + " of " + brokerName + ", pid " + p.pid() + "\n");
            String line;
            while ((line = out.readLine()) != null) {
                file.write(line);
                file.write('\n');
                file.flush();
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
                if (line.startsWith(BrokerProcessMain.READY)) {
                    ready.complete(null);
                }
            }
        } catch (IOException ignored) {
            // the process is gone
        }
        ready.completeExceptionally(new IllegalStateException("exited"));
    }

    private String tail() {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    public String brokerName() {
        return brokerName;
    }

    /**
     * @return the address the broker serves and registers, the same across restarts
     */
    public String addr() {
        return "127.0.0.1:" + port;
    }

    public boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /**
     * Kills the broker with SIGKILL and waits until the process is gone.
     */
    public void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts the broker again, on the same store and ports, and waits until it serves.
     */
    public void restart() throws Exception {
        if (isAlive()) {
            throw new IllegalStateException(brokerName + " is running");
        }
        launch();
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException exiting) {
            // the hook runs anyway
        }
    }
}
