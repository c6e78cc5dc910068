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
package org.apache.rocketmq.http.proxy.auth;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One HTTP request as access control reads it: the parts a signature covers, exactly as they arrived
 * (path and query still percent-encoded; header values as the HTTP decoder read them, one character
 * per byte), and where it came from.
 */
public final class AuthRequest {
    private final String method;
    private final String rawPath;
    private final String rawQuery;
    private final SortedMap<String, String> headers;
    private final byte[] body;
    private final String peerAddress;
    private final boolean tls;
    private final Map<String, String> pathParams;
    private final Map<String, List<String>> queryParams;

    /**
     * @param headers first value of each header, names ordered without case (so {@code x-rmq-*} headers
     *     are neighbours, in lower-case order)
     * @param peerAddress the TCP peer's IP address, or null when unknown
     * @param pathParams decoded path parameters of the matched route
     * @param queryParams decoded query parameters
     */
    public AuthRequest(String method, String rawPath, String rawQuery, SortedMap<String, String> headers, byte[] body,
        String peerAddress, boolean tls, Map<String, String> pathParams, Map<String, List<String>> queryParams) {
        this.method = method;
        this.rawPath = rawPath;
        this.rawQuery = rawQuery == null ? "" : rawQuery;
        if (headers.comparator() == String.CASE_INSENSITIVE_ORDER) {
            this.headers = headers;
        } else {
            this.headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            this.headers.putAll(headers);
        }
        this.body = body;
        this.peerAddress = peerAddress;
        this.tls = tls;
        this.pathParams = pathParams == null ? Collections.emptyMap() : pathParams;
        this.queryParams = queryParams == null ? Collections.emptyMap() : queryParams;
    }

    public String method() {
        return method;
    }

    public String rawPath() {
        return rawPath;
    }

    public String rawQuery() {
        return rawQuery;
    }

    public SortedMap<String, String> headers() {
        return headers;
    }

    public String header(String name) {
        return headers.get(name);
    }

    public byte[] body() {
        return body;
    }

    public String peerAddress() {
        return peerAddress;
    }

    public boolean isTls() {
        return tls;
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    public String queryParam(String name) {
        List<String> values = queryParams.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
