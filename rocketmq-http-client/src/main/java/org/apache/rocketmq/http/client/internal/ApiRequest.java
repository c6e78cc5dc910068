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
package org.apache.rocketmq.http.client.internal;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One logical call to the proxy, which {@link Transport} may send more than once. */
public final class ApiRequest {
    public static final String JSON = "application/json; charset=utf-8";

    /** Whether repeating the request can do harm. */
    public enum Kind {
        /** Receive, ack, lease change: repeating is harmless under at-least-once delivery. */
        SAFE,
        /** Produce: repeating after an unknown outcome may store the message twice. */
        SEND
    }

    private final String method;
    private final String path;
    private final StringBuilder query = new StringBuilder();
    private final byte[] body;
    private final Kind kind;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String contentType = JSON;
    private Duration timeout;

    private ApiRequest(String method, String path, byte[] body, Kind kind, Duration timeout) {
        this.method = method;
        this.path = path;
        this.body = body;
        this.kind = kind;
        this.timeout = timeout;
    }

    public static ApiRequest get(String path, Duration timeout) {
        return new ApiRequest("GET", path, null, Kind.SAFE, timeout);
    }

    public static ApiRequest post(String path, byte[] body, Kind kind, Duration timeout) {
        return new ApiRequest("POST", path, Objects.requireNonNull(body, "body"), kind, timeout);
    }

    /** Adds a query parameter; {@code null} values are left out. */
    public ApiRequest query(String name, Object value) {
        if (value != null) {
            query.append(query.length() == 0 ? '?' : '&')
                .append(UriEncoding.encode(name)).append('=').append(UriEncoding.encode(String.valueOf(value)));
        }
        return this;
    }

    /** Sends the body with this content type instead of JSON. */
    public ApiRequest contentType(String contentType) {
        this.contentType = Objects.requireNonNull(contentType, "contentType");
        return this;
    }

    /** Adds a request header. */
    public ApiRequest header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public String contentType() {
        return contentType;
    }

    public Map<String, String> headers() {
        return Collections.unmodifiableMap(headers);
    }

    public String method() {
        return method;
    }

    /** The encoded path and query, to append to an endpoint. */
    public String pathAndQuery() {
        return path + query;
    }

    public byte[] body() {
        return body;
    }

    public Kind kind() {
        return kind;
    }

    public Duration timeout() {
        return timeout;
    }

    @Override
    public String toString() {
        return method + " " + pathAndQuery();
    }
}
