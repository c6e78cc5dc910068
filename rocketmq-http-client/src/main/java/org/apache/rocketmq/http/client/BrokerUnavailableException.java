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
 * No broker could serve the request, or a broker stored a message without the required flush or
 * replication ({@code FLUSH_DISK_TIMEOUT}, {@code SLAVE_NOT_AVAILABLE}); in the latter case a send may
 * have been stored. The SDK marks the proxy endpoint that answered this down for a while.
 *
 * <p>HTTP status 503; {@link #code()} is {@code 50300} unless the proxy names a finer code.
 * {@link #isRetryable()} is {@code true}. When no other endpoint is up, a retry waits at least
 * {@link #retryAfter()}.
 */
public final class BrokerUnavailableException extends HttpProxyClientException {
    private static final long serialVersionUID = 1L;

    /** How long the proxy asked to wait, {@code null} when it did not say. */
    private final Duration retryAfter;

    /**
     * Creates the exception from the fields of the proxy's error body.
     *
     * @param code the contract's numeric code; 0 or less means {@code 50300}
     * @param error the contract's symbolic name; {@code null} means {@code BROKER_UNAVAILABLE}
     * @param message the proxy's message, may be {@code null}
     * @param requestId the id of the request, may be {@code null}
     */
    public BrokerUnavailableException(int code, String error, String message, String requestId) {
        this(code, error, message, requestId, null);
    }

    /**
     * Creates the exception from the fields of the proxy's error body and its {@code Retry-After}.
     *
     * @param code the contract's numeric code; 0 or less means {@code 50300}
     * @param error the contract's symbolic name; {@code null} means {@code BROKER_UNAVAILABLE}
     * @param message the proxy's message, may be {@code null}
     * @param requestId the id of the request, may be {@code null}
     * @param retryAfter the wait the proxy asked for in its {@code Retry-After} header, may be {@code null}
     */
    public BrokerUnavailableException(int code, String error, String message, String requestId, Duration retryAfter) {
        super(503, code, error != null ? error : "BROKER_UNAVAILABLE", message, requestId, true, null);
        this.retryAfter = retryAfter;
    }

    /**
     * Returns how long the proxy asked the client to wait before trying it again (for example while
     * it is handling as many requests as it may, or no broker answers).
     *
     * @return the {@code Retry-After} of the answer, or empty when it had none
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
