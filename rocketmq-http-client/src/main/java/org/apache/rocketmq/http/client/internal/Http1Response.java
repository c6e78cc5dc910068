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

/** An answer read from an {@link Http1Connection}. */
final class Http1Response {
    private final int status;
    private final ResponseHeaders headers;
    private final byte[] body;
    private final boolean keepAlive;

    Http1Response(int status, ResponseHeaders headers, byte[] body, boolean keepAlive) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.keepAlive = keepAlive;
    }

    int status() {
        return status;
    }

    ResponseHeaders headers() {
        return headers;
    }

    byte[] body() {
        return body;
    }

    /** Whether the connection may carry another request after this answer. */
    boolean keepAlive() {
        return keepAlive;
    }
}
