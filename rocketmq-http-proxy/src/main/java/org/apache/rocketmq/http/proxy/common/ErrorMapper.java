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
package org.apache.rocketmq.http.proxy.common;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.apache.rocketmq.client.common.ClientErrorCode;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.remoting.exception.RemotingConnectException;
import org.apache.rocketmq.remoting.exception.RemotingException;
import org.apache.rocketmq.remoting.exception.RemotingSendRequestException;
import org.apache.rocketmq.remoting.exception.RemotingTimeoutException;
import org.apache.rocketmq.remoting.exception.RemotingTooMuchRequestException;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns any failure into the API's error: the proxy's own
 * {@link HttpProxyException}, RocketMQ client, broker and remoting exceptions, and anything unexpected
 * (a 500 whose stack trace is logged once, here).
 */
public final class ErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {
    }

    public static ApiError toApiError(Throwable throwable, String requestId) {
        Throwable t = unwrap(throwable);
        if (t instanceof HttpProxyException) {
            HttpProxyException e = (HttpProxyException) t;
            return new ApiError(e.getErrorCode(), e.getMessage(), requestId);
        }
        if (t instanceof MQBrokerException) {
            MQBrokerException e = (MQBrokerException) t;
            return new ApiError(fromResponseCode(e.getResponseCode()), "broker answered " + e.getResponseCode()
                + ": " + firstLine(e.getErrorMessage()), requestId);
        }
        if (t instanceof MQClientException) {
            MQClientException e = (MQClientException) t;
            if (e.getCause() != null && e.getCause() != e) {
                Throwable cause = unwrap(e.getCause());
                if (cause instanceof RemotingException || cause instanceof MQBrokerException) {
                    return toApiError(cause, requestId);
                }
            }
            if (e.getResponseCode() > 0) {
                return new ApiError(fromClientErrorCode(e.getResponseCode()), firstLine(e.getErrorMessage()), requestId);
            }
            return new ApiError(ErrorCode.BROKER_UNAVAILABLE, firstLine(e.getErrorMessage()), requestId);
        }
        if (t instanceof RemotingTimeoutException) {
            return new ApiError(ErrorCode.BROKER_TIMEOUT, "broker did not answer in time", requestId);
        }
        if (t instanceof RemotingTooMuchRequestException) {
            return new ApiError(ErrorCode.TOO_MANY_REQUESTS, "too many requests in flight to the broker", requestId);
        }
        if (t instanceof RemotingConnectException || t instanceof RemotingSendRequestException) {
            return new ApiError(ErrorCode.BROKER_UNAVAILABLE, "broker unreachable", requestId);
        }
        if (t instanceof RemotingException) {
            return new ApiError(ErrorCode.BROKER_UNAVAILABLE, firstLine(t.getMessage()), requestId);
        }
        if (t instanceof RejectedExecutionException) {
            return new ApiError(ErrorCode.TOO_MANY_REQUESTS, "the proxy is overloaded, retry later", requestId);
        }
        log.error("internal error, requestId={}", requestId, t);
        return new ApiError(ErrorCode.INTERNAL_ERROR, "internal error", requestId);
    }

    /**
     * The producer reports its own failures (no route, every retry failed) with {@link ClientErrorCode}s,
     * and broker refusals with the broker's response code.
     */
    static ErrorCode fromClientErrorCode(int code) {
        switch (code) {
            case ClientErrorCode.NOT_FOUND_TOPIC_EXCEPTION:
                return ErrorCode.TOPIC_NOT_FOUND;
            case ClientErrorCode.ACCESS_BROKER_TIMEOUT:
            case ClientErrorCode.REQUEST_TIMEOUT_EXCEPTION:
                return ErrorCode.BROKER_TIMEOUT;
            case ClientErrorCode.CONNECT_BROKER_EXCEPTION:
            case ClientErrorCode.BROKER_NOT_EXIST_EXCEPTION:
            case ClientErrorCode.NO_NAME_SERVER_EXCEPTION:
                return ErrorCode.BROKER_UNAVAILABLE;
            default:
                return fromResponseCode(code);
        }
    }

    static ErrorCode fromResponseCode(int responseCode) {
        switch (responseCode) {
            case ResponseCode.TOPIC_NOT_EXIST:
                return ErrorCode.TOPIC_NOT_FOUND;
            case ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST:
                return ErrorCode.GROUP_NOT_FOUND;
            case ResponseCode.NO_PERMISSION:
                return ErrorCode.FORBIDDEN;
            case ResponseCode.MESSAGE_ILLEGAL:
                return ErrorCode.ILLEGAL_MESSAGE;
            case ResponseCode.SUBSCRIPTION_PARSE_FAILED:
            case ResponseCode.FILTER_DATA_NOT_EXIST:
                return ErrorCode.ILLEGAL_FILTER;
            // the broker shed the request before doing anything with it: flow control, safe to retry
            case ResponseCode.FLOW_CONTROL:
            case ResponseCode.POLLING_FULL:
            case ResponseCode.SYSTEM_BUSY:
                return ErrorCode.TOO_MANY_REQUESTS;
            case ResponseCode.SERVICE_NOT_AVAILABLE:
            case ResponseCode.FLUSH_DISK_TIMEOUT:
            case ResponseCode.FLUSH_SLAVE_TIMEOUT:
            case ResponseCode.SLAVE_NOT_AVAILABLE:
            case ResponseCode.NOT_LEADER_FOR_QUEUE:
            case ResponseCode.GO_AWAY:
                return ErrorCode.BROKER_UNAVAILABLE;
            case ResponseCode.RPC_TIME_OUT:
                return ErrorCode.BROKER_TIMEOUT;
            default:
                return ErrorCode.INTERNAL_ERROR;
        }
    }

    public static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof CompletionException || cur instanceof ExecutionException) && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        // RocketMQ appends a FAQ link on a second line to most of its messages; it says nothing to an HTTP client
        int nl = s.indexOf('\n');
        return (nl >= 0 ? s.substring(0, nl) : s).trim();
    }
}
