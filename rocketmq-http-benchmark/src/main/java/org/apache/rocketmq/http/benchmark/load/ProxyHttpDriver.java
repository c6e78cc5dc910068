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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The HTTP proxy driven by a raw HTTP/1.1 load generator: a pool of keep-alive connections, one
 * request at a time on each, no SDK. Single messages go as raw bodies ({@code application/octet-stream},
 * the proxy's leanest path), batches and acks as JSON.
 */
final class ProxyHttpDriver implements Driver {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WAIT_SECONDS = 2;

    private final String host;
    private final int port;
    private final String hostHeader;
    private final ConcurrentLinkedQueue<RawHttpConnection> idle = new ConcurrentLinkedQueue<>();
    private final List<RawHttpConnection> all = new ArrayList<>();

    ProxyHttpDriver(String endpoint) {
        URI uri = URI.create(endpoint);
        this.host = uri.getHost();
        this.port = uri.getPort();
        this.hostHeader = host + ":" + port;
    }

    /**
     * Runs one request on a pooled connection. A request that failed on a reused connection before any
     * answer is repeated once on a new one: the server may have closed an idle keep-alive connection.
     */
    private RawHttpConnection.Response exchange(byte[] head, byte[] body) throws IOException {
        RawHttpConnection connection = idle.poll();
        if (connection == null) {
            connection = open();
        }
        boolean reused = connection.wasUsed();
        RawHttpConnection.Response response;
        try {
            response = connection.exchange(head, body);
        } catch (IOException e) {
            connection.close();
            if (!reused) {
                throw e;
            }
            connection = open();
            response = connection.exchange(head, body);
        }
        if (connection.isReusable()) {
            idle.offer(connection);
        } else {
            connection.close();
        }
        return response;
    }

    private RawHttpConnection open() throws IOException {
        RawHttpConnection connection = new RawHttpConnection(host, port, (WAIT_SECONDS + 30) * 1000);
        synchronized (all) {
            all.add(connection);
        }
        return connection;
    }

    private byte[] head(String method, String target, String contentType, int contentLength, String extraHeaders) {
        StringBuilder sb = new StringBuilder(256).append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
            .append("Host: ").append(hostHeader).append("\r\n");
        if (contentType != null) {
            sb.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (contentLength >= 0) {
            sb.append("Content-Length: ").append(contentLength).append("\r\n");
        }
        sb.append(extraHeaders).append("\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void expectOk(RawHttpConnection.Response response) {
        if (response.status != 200) {
            throw new IllegalStateException("HTTP " + response.status + " " + response.bodyText());
        }
    }

    @Override
    public void send(String topic, byte[] body, long sentNanos) throws IOException {
        String extra = sentNanos != 0 ? "X-RMQ-Property-" + SENT_PROPERTY + ": " + sentNanos + "\r\n" : "";
        expectOk(exchange(head("POST", "/v1/topics/" + topic + "/messages", "application/octet-stream", body.length, extra), body));
    }

    @Override
    public int sendBatch(String topic, List<byte[]> bodies, Consumer<String> failures) throws IOException {
        StringBuilder json = new StringBuilder(bodies.size() * 1100).append("{\"messages\":[");
        for (int i = 0; i < bodies.size(); i++) {
            // the benchmark's bodies are ASCII letters and digits: nothing to escape
            json.append(i > 0 ? "," : "").append("{\"body\":\"").append(new String(bodies.get(i), StandardCharsets.US_ASCII))
                .append("\"}");
        }
        byte[] body = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        RawHttpConnection.Response response = exchange(head("POST", "/v1/topics/" + topic + "/messages", "application/json",
            body.length, ""), body);
        if (response.status == 200) {
            return 0;
        }
        if (response.status != 207) {
            throw new IllegalStateException("HTTP " + response.status + " " + response.bodyText());
        }
        int failed = 0;
        for (JsonNode result : JSON.readTree(response.body).path("results")) {
            if (result.has("error")) {
                failed++;
                failures.accept("HTTP 207 entry " + result.path("error"));
            }
        }
        return failed;
    }

    @Override
    public AutoCloseable consume(String topic, String group, int threads, MessageSink sink) {
        byte[] receive = head("GET", "/v1/topics/" + topic + "/messages?group=" + group + "&max=32&waitSeconds=" + WAIT_SECONDS
            + "&invisibleSeconds=60", null, -1, "");
        String ackTarget = "/v1/topics/" + topic + "/acks?group=" + group;
        PollingConsumer loops = new PollingConsumer("http-consumer", threads, WAIT_SECONDS * 1000L + 15_000, () -> {
            RawHttpConnection.Response response = exchange(receive, null);
            expectOk(response);
            JsonNode messages = JSON.readTree(response.body).path("messages");
            if (messages.size() == 0) {
                return;
            }
            long now = System.nanoTime();
            ObjectNode ack = JSON.createObjectNode();
            ArrayNode handles = ack.putArray("receiptHandles");
            for (JsonNode message : messages) {
                handles.add(message.path("receiptHandle").asText());
            }
            byte[] ackBody = JSON.writeValueAsBytes(ack);
            RawHttpConnection.Response acked = exchange(head("POST", ackTarget, "application/json", ackBody.length, ""), ackBody);
            if (acked.status != 200 && acked.status != 207) {
                throw new IllegalStateException("ack: HTTP " + acked.status + " " + acked.bodyText());
            }
            JsonNode results = JSON.readTree(acked.body).path("results");
            for (int i = 0; i < messages.size(); i++) {
                if (results.path(i).has("error")) {
                    sink.failed(new IllegalStateException("ack: " + results.path(i).path("error")));
                } else {
                    sink.acked(Driver.sentNanos(messages.get(i).path("properties").path(SENT_PROPERTY).asText()), now);
                }
            }
        }, sink);
        return loops;
    }

    @Override
    public void close() {
        synchronized (all) {
            all.forEach(RawHttpConnection::close);
            all.clear();
        }
        idle.clear();
    }
}
