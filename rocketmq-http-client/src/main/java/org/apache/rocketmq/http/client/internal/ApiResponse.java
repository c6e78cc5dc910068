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

import java.net.URI;
import java.util.Optional;

/** A 2xx answer of the proxy. */
public final class ApiResponse {
    private final int status;
    private final ResponseHeaders headers;
    private final byte[] body;
    private final String requestId;
    private final URI endpoint;

    ApiResponse(int status, ResponseHeaders headers, byte[] body, String requestId, URI endpoint) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.requestId = requestId;
        this.endpoint = endpoint;
    }

    public int status() {
        return status;
    }

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    public byte[] body() {
        return body;
    }

    /** The proxy's {@code X-Request-Id}, else the one sent. */
    public String requestId() {
        return requestId;
    }

    /** The endpoint that answered. */
    public URI endpoint() {
        return endpoint;
    }
}
