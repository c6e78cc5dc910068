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

import java.time.Duration;
import java.util.Optional;

/**
 * The proxy throttled the request (HTTP 429, {@code TOO_MANY_REQUESTS}, 42900).
 *
 * <p>A throttled request was refused before it was processed, so the SDK retries it, sends
 * included, after the larger of its backoff and {@link #retryAfter()}, as long as that wait is not
 * longer than the retry policy's maximum backoff. {@link #isRetryable()} is {@code true}.
 */
public final class TooManyRequestsException extends HttpProxyClientException {
    private static final long serialVersionUID = 1L;

    /** How long the proxy asked to wait, {@code null} when it did not say. */
    private final Duration retryAfter;

    /**
     * Creates the exception from the fields of the proxy's error body.
     *
     * @param code the contract's numeric code; 0 or less means {@code 42900}
     * @param error the contract's symbolic name; {@code null} means {@code TOO_MANY_REQUESTS}
     * @param message the proxy's message, may be {@code null}
     * @param requestId the id of the request, may be {@code null}
     * @param retryAfter the wait the proxy asked for in its {@code Retry-After} header, may be {@code null}
     */
    public TooManyRequestsException(int code, String error, String message, String requestId, Duration retryAfter) {
        super(429, code, error != null ? error : "TOO_MANY_REQUESTS", message, requestId, true, null);
        this.retryAfter = retryAfter;
    }

    /**
     * Returns how long the proxy asked the client to wait before trying again.
     *
     * @return the {@code Retry-After} of the answer, or empty when it had none
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
