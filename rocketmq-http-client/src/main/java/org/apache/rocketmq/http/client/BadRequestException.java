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

/**
 * The proxy refused the request as malformed or invalid: an illegal topic, group, message, filter or
 * receipt handle, a value out of range, or a batch over the limits (the {@link #error()} tells which,
 * e.g. {@code ILLEGAL_TOPIC}).
 *
 * <p>HTTP status 400; {@link #code()} is {@code 40000} unless the proxy names a finer code.
 * {@link #isRetryable()} is {@code false}.
 */
public final class BadRequestException extends HttpProxyClientException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception from the fields of the proxy's error body.
     *
     * @param code the contract's numeric code; 0 or less means {@code 40000}
     * @param error the contract's symbolic name; {@code null} means {@code BAD_REQUEST}
     * @param message the proxy's message, may be {@code null}
     * @param requestId the id of the request, may be {@code null}
     */
    public BadRequestException(int code, String error, String message, String requestId) {
        super(400, code, error != null ? error : "BAD_REQUEST", message, requestId, false, null);
    }
}
