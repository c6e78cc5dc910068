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
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.common.ClientErrorCode;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.remoting.exception.RemotingCommandException;
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
    private static final long LOG_INTERVAL_MILLIS = 1_000;
    private static final long REFUSAL_LOG_INTERVAL_MILLIS = 10_000;
    private static final AtomicLong LAST_REMARK_LOG = new AtomicLong();
    private static final AtomicLong LAST_REFUSAL_LOG = new AtomicLong();

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
            if (isAclRefusal(e)) {
                logAclRefusal(e);
                return new ApiError(ErrorCode.INTERNAL_ERROR, "the broker refused the proxy's own credentials; the proxy's"
                    + " operator must fix its configuration", requestId);
            }
            ErrorCode code = fromResponseCode(e.getResponseCode());
            logRemark(code, e.getResponseCode(), e.getErrorMessage(), requestId);
            return new ApiError(code, describe(code) + " (broker response code " + e.getResponseCode() + ")", requestId);
        }
        if (t instanceof MQClientException) {
            MQClientException e = (MQClientException) t;
            if (e.getCause() != null && e.getCause() != e) {
                Throwable cause = unwrap(e.getCause());
                if (cause instanceof RemotingException || cause instanceof MQBrokerException) {
                    return toApiError(cause, requestId);
                }
            }
            // the text may be a broker's or nameserver's remark: logged, never shown
            ErrorCode code = e.getResponseCode() > 0 ? fromClientErrorCode(e.getResponseCode()) : ErrorCode.BROKER_UNAVAILABLE;
            logRemark(code, e.getResponseCode(), e.getErrorMessage(), requestId);
            return new ApiError(code, describe(code), requestId);
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
            log.warn("remoting failure, requestId={}: {}", requestId, firstLine(t.getMessage()));
            return new ApiError(ErrorCode.BROKER_UNAVAILABLE, "communication with the broker failed", requestId);
        }
        if (t instanceof RejectedExecutionException) {
            return new ApiError(ErrorCode.TOO_MANY_REQUESTS, "the proxy is overloaded, retry later", requestId);
        }
        log.error("internal error, requestId={}", requestId, t);
        return new ApiError(ErrorCode.INTERNAL_ERROR, "internal error", requestId);
    }

    /**
     * What the API says about a RocketMQ failure: its own words, never the broker's remark, which can
     * carry class names, stack frames and addresses.
     */
    private static String describe(ErrorCode code) {
        switch (code) {
            case TOPIC_NOT_FOUND:
                return "topic does not exist";
            case GROUP_NOT_FOUND:
                return "consumer group does not exist";
            case FORBIDDEN:
                return "the broker does not permit this on the topic";
            case ILLEGAL_MESSAGE:
                return "the broker refused the message as illegal";
            case ILLEGAL_FILTER:
                return "the broker could not use the filter expression";
            case TOO_MANY_REQUESTS:
                return "the broker is busy, retry later";
            case BROKER_TIMEOUT:
                return "broker did not answer in time";
            case BROKER_UNAVAILABLE:
                return "broker unavailable";
            default:
                return "the broker failed the request";
        }
    }

    /**
     * A broker's ACL answers a request it does not accept with SYSTEM_ERROR and the {@code AclException}
     * in its remark. The proxy signs every broker request with its own identity, so this is the proxy's
     * misconfiguration whatever the caller did: a 500, never the caller's 403.
     */
    public static boolean isAclRefusal(Throwable t) {
        if (!(t instanceof MQBrokerException)) {
            return false;
        }
        MQBrokerException e = (MQBrokerException) t;
        return e.getResponseCode() == ResponseCode.SYSTEM_ERROR && e.getErrorMessage() != null
            && e.getErrorMessage().contains("AclException");
    }

    private static void logAclRefusal(MQBrokerException e) {
        if (due(LAST_REFUSAL_LOG, REFUSAL_LOG_INTERVAL_MILLIS)) {
            log.error("broker {} refused the proxy's own credentials: check the proxy's brokerAccessKey / brokerSecretKey"
                + " and that account's permissions in the broker's plain_acl.yml; the broker said: {}",
                e.getBrokerAddr() == null ? "" : e.getBrokerAddr(), firstLine(e.getErrorMessage()));
        }
    }

    /**
     * 5xx remarks are worth an operator's look (once a second at most); 4xx ones only when debugging.
     */
    private static void logRemark(ErrorCode code, int responseCode, String remark, String requestId) {
        if (code.httpStatus() >= 500) {
            if (due(LAST_REMARK_LOG, LOG_INTERVAL_MILLIS)) {
                log.warn("RocketMQ failure {} ({}), requestId={}: {}", responseCode, code, requestId, firstLine(remark));
            }
        } else if (log.isDebugEnabled()) {
            log.debug("RocketMQ refusal {} ({}), requestId={}: {}", responseCode, code, requestId, firstLine(remark));
        }
    }

    /**
     * Whether a failed request to a broker means that the broker could not be reached or did not
     * answer (connection refused or lost, timeout, the broker out of service), as opposed to an answer
     * about the request itself or a limit of this proxy. Brokers failing so are left alone for a while.
     */
    public static boolean isBrokerUnreachable(Throwable throwable) {
        Throwable t = unwrap(throwable);
        if (t instanceof MQClientException && t.getCause() != null && t.getCause() != t) {
            return isBrokerUnreachable(t.getCause());
        }
        if (t instanceof MQBrokerException) {
            int code = ((MQBrokerException) t).getResponseCode();
            return code == ResponseCode.SERVICE_NOT_AVAILABLE || code == ResponseCode.GO_AWAY;
        }
        return t instanceof RemotingException && !(t instanceof RemotingTooMuchRequestException)
            && !(t instanceof RemotingCommandException);
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

    private static boolean due(AtomicLong last, long interval) {
        long now = System.currentTimeMillis();
        long before = last.get();
        return now - before >= interval && last.compareAndSet(before, now);
    }

    public static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof CompletionException || cur instanceof ExecutionException
            || isWrappedRemotingFailure(cur)) && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }

    /**
     * The RocketMQ producer reports a nameserver that did not answer its route lookup as an
     * {@link IllegalStateException} around the remoting exception: that is the cluster's failure, not
     * the proxy's.
     */
    private static boolean isWrappedRemotingFailure(Throwable t) {
        return t instanceof IllegalStateException && t.getCause() instanceof RemotingException;
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
