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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * A small JDK HTTP client for tests: requests against one proxy, answers with status, headers and
 * the body parsed as JSON when it is JSON.
 */
public final class HttpTestClient {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient client;
    private final SSLContext ssl;
    private final String baseUrl;
    private final RequestSigner signer;

    public HttpTestClient(int port) {
        this("http://127.0.0.1:" + port, null, null);
    }

    /**
     * @param baseUrl e.g. {@code http://127.0.0.1:8181}
     */
    public HttpTestClient(String baseUrl) {
        this(baseUrl, null, null);
    }

    /**
     * @param ssl the TLS context for https:// base URLs, or null
     * @param signer signs every request made through the convenience methods, or null
     */
    public HttpTestClient(String baseUrl, SSLContext ssl, RequestSigner signer) {
        HttpClient.Builder builder = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5));
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        this.client = builder.build();
        this.ssl = ssl;
        this.baseUrl = baseUrl;
        this.signer = signer;
    }

    /**
     * @return a client of the same proxy that signs as the given account
     */
    public HttpTestClient signedAs(String accessKey, String secretKey) {
        return new HttpTestClient(baseUrl, ssl, new RequestSigner(accessKey, secretKey));
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Response get(String path) {
        return send(signed(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), "GET", path, null, new byte[0],
            Map.of()));
    }

    public Response postJson(String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return send(signed(HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)), "POST", path, "application/json", body, Map.of()));
    }

    public Response postJson(String path, Object value) {
        try {
            return postJson(path, MAPPER.writeValueAsString(value));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Response postRaw(String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        String contentType = null;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey().equalsIgnoreCase("Content-Type")) {
                contentType = h.getValue();
            }
        }
        return send(signed(b, "POST", path, contentType, body, headers));
    }

    private HttpRequest.Builder signed(HttpRequest.Builder builder, String method, String path, String contentType,
        byte[] body, Map<String, String> headers) {
        if (signer != null) {
            // the path as the JDK sends it: the base URL's path prefix, if any, comes first
            String prefix = URI.create(baseUrl).getRawPath();
            signer.sign(method, (prefix == null ? "" : prefix) + path, contentType, body, headers).forEach(builder::header);
        }
        return builder;
    }

    /**
     * Receives with the given extra query (e.g. "&waitSeconds=2") and returns the messages array,
     * failing on any status but 200.
     */
    public JsonNode receive(String topic, String group, String query) {
        Response r = get("/v1/topics/" + topic + "/messages?group=" + group + query);
        if (r.status != 200) {
            throw new AssertionError("receive failed: " + r);
        }
        return r.json().get("messages");
    }

    public Response ack(String topic, String group, List<String> handles) {
        return postJson("/v1/topics/" + topic + "/acks?group=" + group, Map.of("receiptHandles", handles));
    }

    public Response lease(String topic, String group, String handle, int invisibleSeconds) {
        return postJson("/v1/topics/" + topic + "/leases?group=" + group,
            Map.of("receiptHandle", handle, "invisibleSeconds", invisibleSeconds));
    }

    public Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<byte[]> r = client.send(builder.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException("request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A received answer.
     */
    public static final class Response {
        public final int status;
        public final Map<String, List<String>> headers;
        public final byte[] body;

        Response(int status, Map<String, List<String>> headers, byte[] body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + text(), e);
            }
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return status + " " + text();
        }
    }
}
