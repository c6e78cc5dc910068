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

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.rocketmq.http.client.BadRequestException;
import org.apache.rocketmq.http.client.BrokerTimeoutException;
import org.apache.rocketmq.http.client.BrokerUnavailableException;
import org.apache.rocketmq.http.client.ConflictException;
import org.apache.rocketmq.http.client.ForbiddenException;
import org.apache.rocketmq.http.client.HttpProxyClientException;
import org.apache.rocketmq.http.client.InternalErrorException;
import org.apache.rocketmq.http.client.NetworkException;
import org.apache.rocketmq.http.client.NotFoundException;
import org.apache.rocketmq.http.client.PayloadTooLargeException;
import org.apache.rocketmq.http.client.ReceiptHandleExpiredException;
import org.apache.rocketmq.http.client.TooManyRequestsException;
import org.apache.rocketmq.http.client.TransactionHandleExpiredException;
import org.apache.rocketmq.http.client.UnauthorizedException;

/** Turns every failure (error status, error entry of a batch, no answer) into the SDK's exceptions. */
public final class ErrorMapper {
    private static final int MAX_SNIPPET = 200;

    private ErrorMapper() {
    }

    /** The one place where an HTTP status chooses the exception type. */
    public static HttpProxyClientException create(int status, int code, String error, String message, String requestId,
        Duration retryAfter) {
        switch (status) {
            case 400:
                return new BadRequestException(code, error, message, requestId);
            case 401:
                return new UnauthorizedException(code, error, message, requestId);
            case 403:
                return new ForbiddenException(code, error, message, requestId);
            case 404:
                return new NotFoundException(code, error, message, requestId);
            case 409:
                return new ConflictException(code, error, message, requestId);
            case 410:
                return code == TransactionHandleExpiredException.CODE
                    ? new TransactionHandleExpiredException(code, error, message, requestId)
                    : new ReceiptHandleExpiredException(code, error, message, requestId);
            case 413:
                return new PayloadTooLargeException(code, error, message, requestId);
            case 429:
                return new TooManyRequestsException(code, error, message, requestId, retryAfter);
            case 500:
                return new InternalErrorException(code, error, message, requestId);
            case 503:
                return new BrokerUnavailableException(code, error, message, requestId, retryAfter);
            case 504:
                return new BrokerTimeoutException(code, error, message, requestId);
            default:
                return new HttpProxyClientException(status, code, error, message, requestId, status >= 500, null);
        }
    }

    /** An error answer: the JSON error body when there is one, else the status alone. */
    public static HttpProxyClientException fromResponse(int status, ResponseHeaders headers, byte[] body, String sentRequestId) {
        JsonNode json = JsonCodec.tryParse(body);
        int code = 0;
        String error = null;
        String message = null;
        String requestId = null;
        if (json != null && json.isObject()) {
            code = json.path("code").asInt(0);
            error = JsonCodec.text(json, "error");
            message = JsonCodec.text(json, "message");
            requestId = JsonCodec.text(json, "requestId");
        } else if (body != null && body.length > 0) {
            message = snippet(body);
        }
        if (requestId == null) {
            requestId = headers.firstValue(Transport.REQUEST_ID_HEADER).orElse(sentRequestId);
        }
        return create(status, code, error, message, requestId, retryAfter(headers));
    }

    /** The {@code error} object of one entry of a batch answer; its status is {@code code / 100}. */
    public static HttpProxyClientException fromErrorEntry(JsonNode error, String requestId) {
        int code = error.path("code").asInt(0);
        int status = code >= 10000 ? code / 100 : 500;
        return create(status, code, JsonCodec.text(error, "error"), JsonCodec.text(error, "message"),
            requestId, null);
    }

    /** A 2xx answer the SDK cannot read. */
    public static HttpProxyClientException invalidResponse(int status, String requestId, String why, Throwable cause) {
        return new HttpProxyClientException(status, 0, "INVALID_RESPONSE", why, requestId, false, cause);
    }

    /** No HTTP answer: tells apart failures that certainly did not reach a proxy. */
    public static NetworkException fromTransportFailure(Throwable failure, String requestId) {
        return fromTransportFailure(failure, requestId, null);
    }

    /** No HTTP answer from {@code endpoint}: tells apart failures that certainly did not reach a proxy. */
    public static NetworkException fromTransportFailure(Throwable failure, String requestId, Object endpoint) {
        Throwable cause = unwrap(failure);
        if (cause instanceof NetworkException) {
            return (NetworkException) cause;
        }
        String where = endpoint == null ? "" : " " + endpoint;
        if (cause instanceof HttpConnectTimeoutException) {
            return new NetworkException("connect to" + where + " timed out", requestId, false, true, cause);
        }
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            return new NetworkException("request to" + where + " timed out", requestId, true, true, cause);
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnresolvedAddressException
                || t instanceof UnknownHostException || t instanceof NoRouteToHostException) {
                return new NetworkException("could not connect to" + where + ": " + describe(t), requestId, false, false, cause);
            }
        }
        if (cause instanceof IOException) {
            return new NetworkException("connection to" + where + " failed: " + describe(cause), requestId, true, false, cause);
        }
        return new NetworkException("request to" + where + " failed: " + describe(cause), requestId, true, false, cause);
    }

    private static String describe(Throwable t) {
        if (t instanceof ConnectException && t.getMessage() == null) {
            return "connection refused";
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The wait a 429 or 503 answer asked for, if it did. */
    public static Optional<Duration> retryAfterOf(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof TooManyRequestsException) {
            return ((TooManyRequestsException) cause).retryAfter();
        }
        if (cause instanceof BrokerUnavailableException) {
            return ((BrokerUnavailableException) cause).retryAfter();
        }
        return Optional.empty();
    }

    static Duration retryAfter(ResponseHeaders headers) {
        String value = headers.firstValue("Retry-After").orElse(null);
        if (value == null || value.trim().isEmpty()) {
            return null;
        }
        value = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0L, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(Instant.now(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }

    private static String snippet(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, MAX_SNIPPET * 4), StandardCharsets.UTF_8)
            .replaceAll("\\p{Cntrl}+", " ").trim();
        return text.length() > MAX_SNIPPET ? text.substring(0, MAX_SNIPPET) + "..." : text;
    }
}
