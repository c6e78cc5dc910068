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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocketFactory;
import org.apache.rocketmq.http.client.internal.RequestSigner;
import org.apache.rocketmq.http.client.internal.TlsContexts;

/**
 * The HTTP proxy driven by a raw HTTP/1.1 load generator: a pool of keep-alive connections, one
 * request at a time on each, no SDK. Single messages go as raw bodies ({@code application/octet-stream},
 * the proxy's leanest path), batches and acks as JSON. With {@code RMQ_ACCESS_KEY} / {@code RMQ_SECRET_KEY}
 * in the environment every request is signed; an {@code https://} endpoint is spoken TLS to, trusting the
 * PEM certificate of {@code RMQ_TLS_TRUST_CERT}.
 */
final class ProxyHttpDriver implements Driver {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WAIT_SECONDS = 2;

    private final String host;
    private final int port;
    private final String hostHeader;
    private final RequestSigner signer;
    private final SSLSocketFactory tls;
    private final ConcurrentLinkedQueue<RawHttpConnection> idle = new ConcurrentLinkedQueue<>();
    private final List<RawHttpConnection> all = new ArrayList<>();

    ProxyHttpDriver(String endpoint) {
        URI uri = URI.create(endpoint);
        this.host = uri.getHost();
        this.port = uri.getPort();
        this.hostHeader = host + ":" + port;
        String accessKey = System.getenv("RMQ_ACCESS_KEY");
        this.signer = accessKey == null ? null : new RequestSigner(accessKey, System.getenv("RMQ_SECRET_KEY"));
        String trust = System.getenv("RMQ_TLS_TRUST_CERT");
        this.tls = "https".equals(uri.getScheme()) ? TlsContexts.build(trust == null ? null : Path.of(trust), null, null,
            null, null, null, null).getSocketFactory() : null;
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
        RawHttpConnection connection = new RawHttpConnection(host, port, (WAIT_SECONDS + 30) * 1000, tls);
        synchronized (all) {
            all.add(connection);
        }
        return connection;
    }

    private byte[] head(String method, String target, String contentType, byte[] body, Map<String, String> headers) {
        StringBuilder sb = new StringBuilder(256).append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
            .append("Host: ").append(hostHeader).append("\r\n");
        if (contentType != null) {
            sb.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (body != null) {
            sb.append("Content-Length: ").append(body.length).append("\r\n");
        }
        headers.forEach((name, value) -> sb.append(name).append(": ").append(value).append("\r\n"));
        if (signer != null) {
            int q = target.indexOf('?');
            signer.sign(method, q < 0 ? target : target.substring(0, q), q < 0 ? null : target.substring(q + 1), contentType,
                body, headers).forEach((name, value) -> sb.append(name).append(": ").append(value).append("\r\n"));
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void expectOk(RawHttpConnection.Response response) {
        if (response.status != 200) {
            throw new IllegalStateException("HTTP " + response.status + " " + response.bodyText());
        }
    }

    @Override
    public void send(String topic, byte[] body, long sentNanos) throws IOException {
        Map<String, String> extra = sentNanos != 0 ? Map.of("X-RMQ-Property-" + SENT_PROPERTY, Long.toString(sentNanos))
            : Map.of();
        expectOk(exchange(head("POST", "/v1/topics/" + topic + "/messages", "application/octet-stream", body, extra), body));
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
            body, Map.of()), body);
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
        String receiveTarget = "/v1/topics/" + topic + "/messages?group=" + group + "&max=32&waitSeconds=" + WAIT_SECONDS
            + "&invisibleSeconds=60";
        // a signed request needs a nonce of its own; an unsigned one can be written again as it is
        byte[] receive = head("GET", receiveTarget, null, null, Map.of());
        String ackTarget = "/v1/topics/" + topic + "/acks?group=" + group;
        PollingConsumer loops = new PollingConsumer("http-consumer", threads, WAIT_SECONDS * 1000L + 15_000, () -> {
            RawHttpConnection.Response response = exchange(signer == null ? receive : head("GET", receiveTarget, null, null,
                Map.of()), null);
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
            RawHttpConnection.Response acked = exchange(head("POST", ackTarget, "application/json", ackBody, Map.of()), ackBody);
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
