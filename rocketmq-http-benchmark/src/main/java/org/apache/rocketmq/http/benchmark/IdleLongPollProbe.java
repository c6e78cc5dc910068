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
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.http.benchmark.process.ChildProcess;
import org.apache.rocketmq.http.benchmark.report.IdlePollResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What idle long polls cost the HTTP proxy: opens {@code polls} connections, each with one
 * {@code GET /v1/topics/T/messages?group=G&waitSeconds=W} on an empty topic, and compares the proxy's
 * live heap (after a full GC) and thread count while they wait with the figures before.
 */
final class IdleLongPollProbe {
    private static final Logger log = LoggerFactory.getLogger(IdleLongPollProbe.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STATS_TIMEOUT = Duration.ofSeconds(30);
    private static final String IN_FLIGHT = "rocketmq_http_requests_in_flight";

    private final URI endpoint;
    private final ChildProcess proxy;
    private final int polls;
    private final int waitSeconds;

    IdleLongPollProbe(String endpoint, ChildProcess proxy, int polls, int waitSeconds) {
        this.endpoint = URI.create(endpoint);
        this.proxy = proxy;
        this.polls = polls;
        this.waitSeconds = waitSeconds;
    }

    IdlePollResult run(String topic, String group) throws Exception {
        IdlePollResult result = new IdlePollResult();
        result.polls = polls;
        result.waitSeconds = waitSeconds;
        JsonNode before = JSON.readTree(proxy.call("gc", "", STATS_TIMEOUT));
        List<Socket> sockets = new ArrayList<>(polls);
        try {
            byte[] request = ("GET /v1/topics/" + topic + "/messages?group=" + group + "&waitSeconds=" + waitSeconds
                + " HTTP/1.1\r\nHost: " + endpoint.getHost() + ":" + endpoint.getPort() + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
            long started = System.nanoTime();
            for (int i = 0; i < polls; i++) {
                Socket socket = new Socket();
                sockets.add(socket);
                socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 5_000);
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            }
            // the polls must still be waiting when the heap is measured
            long mustMeasureBy = started + TimeUnit.SECONDS.toNanos(waitSeconds) * 3 / 4;
            long inFlight = 0;
            while (System.nanoTime() < mustMeasureBy) {
                inFlight = inFlight();
                if (inFlight >= polls) {
                    break;
                }
                Thread.sleep(100);
            }
            result.inFlightSeen = inFlight;
            JsonNode during = JSON.readTree(proxy.call("gc", "", STATS_TIMEOUT));
            result.inFlightSeen = Math.min(inFlight, inFlight());
            for (Socket socket : sockets) {
                if (socket.getInputStream().available() > 0) {
                    result.answeredEarly++;
                }
            }
            result.heapBeforeMiB = before.path("heapUsed").asLong() / 1048576.0;
            result.heapDuringMiB = during.path("heapUsed").asLong() / 1048576.0;
            result.heapDeltaMiB = result.heapDuringMiB - result.heapBeforeMiB;
            result.threadsBefore = before.path("threads").asInt();
            result.threadsDuring = during.path("threads").asInt();
            result.threadsDelta = result.threadsDuring - result.threadsBefore;
            if (System.nanoTime() - started > TimeUnit.SECONDS.toNanos(waitSeconds)) {
                log.warn("the idle long-poll probe took longer than the polls wait; its figures may be low");
            }
        } finally {
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing all anyway
                }
            }
        }
        log.info("{} idle long polls: in flight {}, live heap {} -> {} MiB, threads {} -> {}", polls, result.inFlightSeen,
            String.format("%.1f", result.heapBeforeMiB), String.format("%.1f", result.heapDuringMiB), result.threadsBefore,
            result.threadsDuring);
        return result;
    }

    /**
     * The proxy's in-flight request gauge, less the metrics request itself.
     */
    private long inFlight() throws IOException {
        HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/metrics").toURL().openConnection();
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(5_000);
        try (InputStream in = connection.getInputStream()) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (line.startsWith(IN_FLIGHT + " ")) {
                    return Math.max(0, (long) Double.parseDouble(line.substring(IN_FLIGHT.length() + 1).trim()) - 1);
                }
            }
            return -1;
        } finally {
            connection.disconnect();
        }
    }
}
