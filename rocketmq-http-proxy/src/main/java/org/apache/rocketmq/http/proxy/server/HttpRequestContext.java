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
package org.apache.rocketmq.http.proxy.server;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP request as handlers see it: plain values only, so handlers test without Netty.
 * Header names are case-insensitive.
 */
public final class HttpRequestContext {
    private final String method;
    private final String path;
    private Map<String, List<String>> queryParams;
    private final Map<String, String> headers;
    private final byte[] body;
    private final String requestId;
    private Map<String, String> pathParams = Collections.emptyMap();

    public HttpRequestContext(String method, String path, Map<String, List<String>> queryParams,
        Map<String, String> headers, byte[] body, String requestId) {
        this.method = method;
        this.path = path;
        this.queryParams = queryParams;
        if (headers instanceof TreeMap && ((TreeMap<String, String>) headers).comparator() == String.CASE_INSENSITIVE_ORDER) {
            this.headers = headers;
        } else {
            TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            h.putAll(headers);
            this.headers = h;
        }
        this.body = body;
        this.requestId = requestId;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    void pathParams(Map<String, String> params) {
        this.pathParams = params;
    }

    /**
     * Replaces a query parameter, e.g. a {@code max} lowered by flow control.
     */
    void replaceQuery(String name, String value) {
        Map<String, List<String>> params = new LinkedHashMap<>(queryParams);
        params.put(name, List.of(value));
        queryParams = params;
    }

    /**
     * @return the first value of a query parameter, or null
     */
    public String query(String name) {
        List<String> values = queryParams.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String header(String name) {
        return headers.get(name);
    }

    /**
     * @return all headers, names compared without case
     */
    public Map<String, String> headers() {
        return headers;
    }

    public byte[] body() {
        return body;
    }

    public String requestId() {
        return requestId;
    }
}
