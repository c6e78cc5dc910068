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
package org.apache.rocketmq.http.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** An in-process HTTP server standing in for the proxy: records requests and answers as told. */
public final class FakeProxy implements Closeable {
    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Responder responder = request -> Reply.json(200, "{}");

    public FakeProxy() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** A base URI on which nothing listens: connections are refused. */
    public static String refusingEndpoint() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeProxy respond(Responder responder) {
        this.responder = responder;
        return this;
    }

    /** Answers every request only when the proxy is closed, i.e. never within a test. */
    public FakeProxy hang() {
        return respond(request -> {
            closed.await();
            return Reply.json(503, "{}");
        });
    }

    public List<Recorded> requests() {
        return new ArrayList<>(requests);
    }

    public Recorded lastRequest() {
        return requests.get(requests.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Recorded request = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes());
            requests.add(request);
            Reply reply;
            try {
                reply = responder.answer(request);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                reply = Reply.json(500, "{\"code\":50000,\"error\":\"INTERNAL_ERROR\",\"message\":\"fake: " + e + "\"}");
            }
            byte[] body = reply.body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", reply.contentType);
            reply.headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(reply.status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Decides the answer to one request. */
    public interface Responder {
        Reply answer(Recorded request) throws Exception;
    }

    /** One answer. */
    public static final class Reply {
        final int status;
        final String body;
        final String contentType;
        final Map<String, String> headers = new LinkedHashMap<>();

        private Reply(int status, String body, String contentType) {
            this.status = status;
            this.body = body;
            this.contentType = contentType;
        }

        public static Reply json(int status, String body) {
            return new Reply(status, body, "application/json; charset=utf-8");
        }

        public static Reply json(int status, JsonNode body) {
            return json(status, body.toString());
        }

        public static Reply text(int status, String body) {
            return new Reply(status, body, "text/html");
        }

        /** The contract's error body, with status {@code code / 100}. */
        public static Reply error(int code, String error, String message) {
            return json(code / 100, "{\"code\":" + code + ",\"error\":\"" + error + "\",\"message\":\"" + message
                + "\",\"requestId\":\"proxy-request-id\"}");
        }

        public Reply header(String name, String value) {
            headers.put(name, value);
            return this;
        }
    }

    /** One request as the proxy saw it. */
    public static final class Recorded {
        public final String method;
        public final String rawPath;
        public final String rawQuery;
        public final Headers headers;
        public final byte[] body;
        /** When the request arrived, by {@link System#nanoTime()}. */
        public final long receivedNanos = System.nanoTime();

        Recorded(String method, String rawPath, String rawQuery, Headers headers, byte[] body) {
            this.method = method;
            this.rawPath = rawPath;
            this.rawQuery = rawQuery;
            this.headers = headers;
            this.body = body;
        }

        public Map<String, String> query() {
            Map<String, String> params = new LinkedHashMap<>();
            if (rawQuery != null) {
                for (String pair : rawQuery.split("&")) {
                    int eq = pair.indexOf('=');
                    params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return params;
        }

        public String header(String name) {
            return headers.getFirst(name);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
