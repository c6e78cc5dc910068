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
 * The root of every error this SDK reports about a call to the HTTP proxy.
 *
 * <p>The proxy answers errors with one JSON shape,
 * {@code {"code": 40402, "error": "TOPIC_NOT_FOUND", "message": "...", "requestId": "..."}},
 * and an HTTP status equal to {@code code / 100}. The SDK turns each status into one subclass:
 *
 * <table>
 * <caption>Exceptions by HTTP status</caption>
 * <tr><th>Status</th><th>Exception</th><th>{@link #isRetryable()}</th></tr>
 * <tr><td>400</td><td>{@link BadRequestException}</td><td>no</td></tr>
 * <tr><td>401</td><td>{@link UnauthorizedException}</td><td>no</td></tr>
 * <tr><td>403</td><td>{@link ForbiddenException}</td><td>no</td></tr>
 * <tr><td>404</td><td>{@link NotFoundException}</td><td>no</td></tr>
 * <tr><td>409</td><td>{@link ConflictException}</td><td>no</td></tr>
 * <tr><td>410 with code 41001</td><td>{@link TransactionHandleExpiredException}</td><td>no</td></tr>
 * <tr><td>other 410</td><td>{@link ReceiptHandleExpiredException}</td><td>no</td></tr>
 * <tr><td>413</td><td>{@link PayloadTooLargeException}</td><td>no</td></tr>
 * <tr><td>429</td><td>{@link TooManyRequestsException}</td><td>yes</td></tr>
 * <tr><td>500</td><td>{@link InternalErrorException}</td><td>no</td></tr>
 * <tr><td>503</td><td>{@link BrokerUnavailableException}</td><td>yes</td></tr>
 * <tr><td>504</td><td>{@link BrokerTimeoutException}</td><td>yes</td></tr>
 * <tr><td>none</td><td>{@link NetworkException}</td><td>yes</td></tr>
 * <tr><td>any other</td><td>this class</td><td>for 5xx only</td></tr>
 * </table>
 *
 * <p>A status without the JSON body (for example from a load balancer in front of the proxy) is
 * mapped the same way; {@link #code()} is then {@code status * 100} and {@link #error()} the
 * generic name of the status.
 *
 * <p>{@link #isRetryable()} says that the same request may succeed later. It does <em>not</em> say
 * that repeating it is free of side effects: a send that failed with a retryable error may
 * already have been stored (see {@link HttpProducer} for when the SDK retries sends).
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public class HttpProxyClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The HTTP status of the answer, 0 when there was none. */
    private final int status;
    /** The numeric error code of the contract. */
    private final int code;
    /** The symbolic error name of the contract. */
    private final String error;
    /** The message as the proxy wrote it. */
    private final String proxyMessage;
    /** The request id the proxy logged the request under. */
    private final String requestId;
    /** Whether the request may succeed when repeated. */
    private final boolean retryable;

    /**
     * Creates an exception for an HTTP status that has no dedicated subclass, or for a subclass.
     *
     * @param status the HTTP status, 0 when no HTTP answer arrived
     * @param code the contract's numeric code; 0 or less means {@code status * 100}
     * @param error the contract's symbolic name, for example {@code TOPIC_NOT_FOUND}; {@code null}
     *     means {@code HTTP_<status>}
     * @param message the human-readable message of the proxy, may be {@code null}
     * @param requestId the id of the request, may be {@code null}
     * @param retryable whether the same request may succeed when repeated
     * @param cause the underlying failure, may be {@code null}
     */
    public HttpProxyClientException(int status, int code, String error, String message, String requestId,
        boolean retryable, Throwable cause) {
        super(describe(code > 0 ? code : status * 100, error != null ? error : "HTTP_" + status, message, requestId), cause);
        this.status = status;
        this.code = code > 0 ? code : status * 100;
        this.error = error != null ? error : "HTTP_" + status;
        this.proxyMessage = message;
        this.requestId = requestId;
        this.retryable = retryable;
    }

    private static String describe(int code, String error, String message, String requestId) {
        StringBuilder text = new StringBuilder().append(error).append(" (").append(code).append(')');
        if (message != null && !message.isEmpty()) {
            text.append(": ").append(message);
        }
        if (requestId != null) {
            text.append(" [requestId=").append(requestId).append(']');
        }
        return text.toString();
    }

    /**
     * Returns the HTTP status of the proxy's answer.
     *
     * @return the status, or 0 when no HTTP answer arrived ({@link NetworkException})
     */
    public int status() {
        return status;
    }

    /**
     * Returns the numeric error code of the contract, for example {@code 40402}.
     *
     * @return the code; 0 for a {@link NetworkException}
     */
    public int code() {
        return code;
    }

    /**
     * Returns the symbolic error name of the contract, for example {@code TOPIC_NOT_FOUND}.
     *
     * @return the name, never {@code null}
     */
    public String error() {
        return error;
    }

    /**
     * Returns the message exactly as the proxy wrote it, without the code and request id that
     * {@link #getMessage()} adds.
     *
     * @return the proxy's message, or {@code null} when the answer had none
     */
    public String proxyMessage() {
        return proxyMessage;
    }

    /**
     * Returns the id under which the proxy logged the request: the {@code requestId} of the error
     * body, else the {@code X-Request-Id} response header, else the id the SDK sent.
     *
     * @return the request id, or {@code null} if none is known
     */
    public String requestId() {
        return requestId;
    }

    /**
     * Tells whether the same request may succeed when repeated later.
     *
     * @return {@code true} for throttling, unavailable or slow brokers and network failures
     */
    public boolean isRetryable() {
        return retryable;
    }
}
