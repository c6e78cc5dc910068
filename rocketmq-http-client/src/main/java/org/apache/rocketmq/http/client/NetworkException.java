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
 * No HTTP answer arrived: the connection could not be opened, broke, or the request timed out.
 *
 * <p>{@link #status()} and {@link #code()} are 0 and {@link #error()} is {@code CONNECT_FAILED},
 * {@code CONNECT_TIMEOUT}, {@code REQUEST_TIMEOUT} or {@code NETWORK_ERROR}. {@link #isRetryable()} is
 * {@code true}.
 *
 * <p>{@link #mayHaveReachedProxy()} tells whether the proxy may have received, and acted on, the
 * request. It is {@code false} only when no connection could be opened to any endpoint tried; a
 * send that failed that way was certainly not stored.
 */
public final class NetworkException extends HttpProxyClientException {
    private static final long serialVersionUID = 1L;

    /** Whether the request may have been received by a proxy. */
    private final boolean mayHaveReachedProxy;
    /** Whether a time limit ran out. */
    private final boolean timeout;

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param requestId the id the SDK sent with the request, may be {@code null}
     * @param mayHaveReachedProxy {@code false} only when the request certainly did not reach a proxy
     * @param timeout whether the connect or request timeout ran out
     * @param cause the underlying failure, may be {@code null}
     */
    public NetworkException(String message, String requestId, boolean mayHaveReachedProxy, boolean timeout, Throwable cause) {
        super(0, 0, errorName(mayHaveReachedProxy, timeout), message, requestId, true, cause);
        this.mayHaveReachedProxy = mayHaveReachedProxy;
        this.timeout = timeout;
    }

    private static String errorName(boolean mayHaveReachedProxy, boolean timeout) {
        if (timeout) {
            return mayHaveReachedProxy ? "REQUEST_TIMEOUT" : "CONNECT_TIMEOUT";
        }
        return mayHaveReachedProxy ? "NETWORK_ERROR" : "CONNECT_FAILED";
    }

    /**
     * Tells whether the proxy may have received the request and acted on it.
     *
     * @return {@code false} when the connection could not be opened (refused, unresolvable host,
     *     connect timeout), {@code true} when it broke or timed out after the request may have been
     *     written
     */
    public boolean mayHaveReachedProxy() {
        return mayHaveReachedProxy;
    }

    /**
     * Tells whether the connect timeout or the request timeout ran out.
     *
     * @return {@code true} for a timeout
     */
    public boolean isTimeout() {
        return timeout;
    }
}
