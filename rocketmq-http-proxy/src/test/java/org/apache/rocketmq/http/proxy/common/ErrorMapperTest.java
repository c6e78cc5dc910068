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

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.apache.rocketmq.client.common.ClientErrorCode;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.remoting.exception.RemotingCommandException;
import org.apache.rocketmq.remoting.exception.RemotingConnectException;
import org.apache.rocketmq.remoting.exception.RemotingSendRequestException;
import org.apache.rocketmq.remoting.exception.RemotingTimeoutException;
import org.apache.rocketmq.remoting.exception.RemotingTooMuchRequestException;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

public class ErrorMapperTest {
    private static final String FAQ = "\nFor more information, please visit the url, https://rocketmq.apache.org/docs/bestPractice/06FAQ";

    private static ApiError map(Throwable t) {
        return ErrorMapper.toApiError(t, "req-1");
    }

    private static void assertMapped(ErrorCode expected, Throwable t) {
        ApiError error = map(t);
        assertEquals(t.toString(), expected, error.errorCode());
        assertEquals(expected.code(), error.getCode());
        assertEquals(expected.name(), error.getError());
        assertEquals("req-1", error.getRequestId());
    }

    @Test
    public void httpProxyExceptionKeepsItsCodeAndMessage() {
        ApiError error = map(new HttpProxyException(ErrorCode.ILLEGAL_TOPIC, "topic [a b] is not valid"));
        assertEquals(40001, error.getCode());
        assertEquals("ILLEGAL_TOPIC", error.getError());
        assertEquals("topic [a b] is not valid", error.getMessage());
        assertEquals("req-1", error.getRequestId());
    }

    @Test
    public void requestIdIsLeftOutForBatchEntries() {
        ApiError error = ErrorMapper.toApiError(new HttpProxyException(ErrorCode.ILLEGAL_MESSAGE, "x"), null);
        assertNull(error.getRequestId());
        assertFalse(new String(Json.write(error), StandardCharsets.UTF_8).contains("requestId"));
    }

    @Test
    public void brokerResponseCodesMapToApiCodes() {
        assertMapped(ErrorCode.TOPIC_NOT_FOUND, new MQBrokerException(ResponseCode.TOPIC_NOT_EXIST, "no topic"));
        assertMapped(ErrorCode.GROUP_NOT_FOUND, new MQBrokerException(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "no group"));
        assertMapped(ErrorCode.FORBIDDEN, new MQBrokerException(ResponseCode.NO_PERMISSION, "no permission"));
        assertMapped(ErrorCode.ILLEGAL_MESSAGE, new MQBrokerException(ResponseCode.MESSAGE_ILLEGAL, "bad message"));
        assertMapped(ErrorCode.TOO_MANY_REQUESTS, new MQBrokerException(ResponseCode.SYSTEM_BUSY, "busy"));
        assertMapped(ErrorCode.BROKER_UNAVAILABLE, new MQBrokerException(ResponseCode.SERVICE_NOT_AVAILABLE, "unavailable"));
        assertMapped(ErrorCode.BROKER_UNAVAILABLE, new MQBrokerException(ResponseCode.FLUSH_DISK_TIMEOUT, "flush"));
        assertMapped(ErrorCode.BROKER_UNAVAILABLE, new MQBrokerException(ResponseCode.FLUSH_SLAVE_TIMEOUT, "slave flush"));
        assertMapped(ErrorCode.BROKER_UNAVAILABLE, new MQBrokerException(ResponseCode.SLAVE_NOT_AVAILABLE, "no slave"));
        assertMapped(ErrorCode.TOO_MANY_REQUESTS, new MQBrokerException(ResponseCode.FLOW_CONTROL, "flow control"));
        assertMapped(ErrorCode.TOO_MANY_REQUESTS, new MQBrokerException(ResponseCode.POLLING_FULL, "polling full"));
        assertMapped(ErrorCode.ILLEGAL_FILTER, new MQBrokerException(ResponseCode.SUBSCRIPTION_PARSE_FAILED, "bad sql"));
        assertMapped(ErrorCode.INTERNAL_ERROR, new MQBrokerException(4242, "something new"));
    }

    @Test
    public void brokerResponseCodeNumbersAreTheOnesOfTheContract() {
        assertEquals(40402, map(new MQBrokerException(17, "x")).getCode());
        assertEquals(40403, map(new MQBrokerException(26, "x")).getCode());
        assertEquals(40300, map(new MQBrokerException(16, "x")).getCode());
        assertEquals(40003, map(new MQBrokerException(13, "x")).getCode());
        assertEquals(42900, map(new MQBrokerException(2, "x")).getCode());
        assertEquals(50300, map(new MQBrokerException(14, "x")).getCode());
        assertEquals(42900, map(new MQBrokerException(215, "x")).getCode());
        assertEquals(50000, map(new MQBrokerException(99999, "x")).getCode());
    }

    @Test
    public void noBrokerRemarkReachesTheCaller() {
        String remark = "org.apache.rocketmq.acl.common.AclException: No permission for topic:orders, "
            + "org.apache.rocketmq.acl.plain.PlainPermissionChecker.check(PlainPermissionChecker.java:60)" + FAQ;
        for (int code : new int[] {ResponseCode.TOPIC_NOT_EXIST, ResponseCode.NO_PERMISSION, ResponseCode.MESSAGE_ILLEGAL,
            ResponseCode.SYSTEM_BUSY, ResponseCode.SERVICE_NOT_AVAILABLE, 4242}) {
            String message = map(new MQBrokerException(code, remark, "10.0.0.5:10911")).getMessage();
            assertFalse(message, message.contains("org.apache") || message.contains(".java") || message.contains("10.0.0.5")
                || message.contains("orders"));
            assertTrue(message, message.contains("broker response code " + code));
        }
        assertEquals("topic does not exist (broker response code 17)",
            map(new MQBrokerException(ResponseCode.TOPIC_NOT_EXIST, "topic[orders] not exist" + FAQ)).getMessage());
        String message = map(new MQClientException(ResponseCode.MESSAGE_ILLEGAL, remark)).getMessage();
        assertFalse(message, message.contains("org.apache") || message.contains(".java"));
        message = map(new RemotingCommandException(remark)).getMessage();
        assertFalse(message, message.contains("org.apache") || message.contains(".java"));
    }

    @Test
    public void aBrokerRefusingTheProxysOwnCredentialsIsAnInternalErrorNotTheCallers403() {
        // what a 5.2.0 broker with aclEnable=true answers a request signed with an unknown access key
        MQBrokerException refusal = new MQBrokerException(ResponseCode.SYSTEM_ERROR,
            "org.apache.rocketmq.acl.common.AclException: No acl config for nobody, "
                + "org.apache.rocketmq.acl.plain.PlainPermissionManager.validate(PlainPermissionManager.java:614)",
            "127.0.0.1:10911");
        assertTrue(ErrorMapper.isAclRefusal(refusal));
        ApiError error = map(new MQClientException("send failed", refusal));
        assertEquals(ErrorCode.INTERNAL_ERROR, error.errorCode());
        assertFalse(error.getMessage(), error.getMessage().contains("AclException") || error.getMessage().contains("nobody"));
        assertFalse(ErrorMapper.isAclRefusal(new MQBrokerException(ResponseCode.SYSTEM_ERROR, "No group in this broker")));
        assertFalse(ErrorMapper.isAclRefusal(new IllegalStateException("AclException")));
    }

    @Test
    public void clientExceptionIsMappedByItsRemotingOrBrokerCause() {
        assertMapped(ErrorCode.BROKER_TIMEOUT, new MQClientException("send failed", new RemotingTimeoutException("timeout")));
        assertMapped(ErrorCode.BROKER_UNAVAILABLE, new MQClientException("send failed", new RemotingConnectException("1.2.3.4:10911")));
        assertMapped(ErrorCode.TOPIC_NOT_FOUND, new MQClientException("send failed",
            new MQBrokerException(ResponseCode.TOPIC_NOT_EXIST, "no topic")));
        assertMapped(ErrorCode.BROKER_TIMEOUT, new MQClientException("send failed",
            new CompletionException(new RemotingTimeoutException("timeout"))));
    }

    @Test
    public void routeLookupThatTheNameserverDidNotAnswerIsTheClustersFailureNotAnInternalError() {
        // how the producer reports it: MQClientInstance#updateTopicRouteInfoFromNameServer
        assertMapped(ErrorCode.BROKER_TIMEOUT, new IllegalStateException(new RemotingTimeoutException("timeout")));
        assertMapped(ErrorCode.BROKER_UNAVAILABLE, new CompletionException(
            new IllegalStateException(new RemotingConnectException("127.0.0.1:9876"))));
        assertMapped(ErrorCode.INTERNAL_ERROR, new IllegalStateException("a bug", new IllegalArgumentException()));
    }

    @Test
    public void clientExceptionWithBrokerResponseCodeUsesIt() {
        ApiError error = map(new MQClientException(ResponseCode.MESSAGE_ILLEGAL, "the message body size over max value" + FAQ));
        assertEquals(ErrorCode.ILLEGAL_MESSAGE, error.errorCode());
        assertEquals("the broker refused the message as illegal", error.getMessage());
    }

    @Test
    public void clientErrorCodesOfTheRocketMQClientAreMapped() {
        // what DefaultMQProducer reports when a topic's route vanished or every retry failed
        assertMapped(ErrorCode.TOPIC_NOT_FOUND, new MQClientException("No route info of this topic: orders" + FAQ, null)
            .setResponseCode(ClientErrorCode.NOT_FOUND_TOPIC_EXCEPTION));
        assertMapped(ErrorCode.BROKER_UNAVAILABLE, new MQClientException("Send [3] times, still failed",
            new MQClientException("The broker[b] not exist", null)).setResponseCode(ClientErrorCode.BROKER_NOT_EXIST_EXCEPTION));
        assertMapped(ErrorCode.BROKER_UNAVAILABLE, new MQClientException(ClientErrorCode.CONNECT_BROKER_EXCEPTION, "no connection"));
        assertMapped(ErrorCode.BROKER_UNAVAILABLE, new MQClientException(ClientErrorCode.NO_NAME_SERVER_EXCEPTION, "no nameserver"));
        assertMapped(ErrorCode.BROKER_TIMEOUT, new MQClientException(ClientErrorCode.ACCESS_BROKER_TIMEOUT, "timeout"));
        assertMapped(ErrorCode.BROKER_TIMEOUT, new MQClientException(ClientErrorCode.REQUEST_TIMEOUT_EXCEPTION, "timeout"));
    }

    @Test
    public void clientExceptionWithoutCodeOrCauseIsBrokerUnavailable() {
        ApiError error = map(new MQClientException("The producer service state not OK" + FAQ, null));
        assertEquals(ErrorCode.BROKER_UNAVAILABLE, error.errorCode());
        assertEquals("broker unavailable", error.getMessage());
    }

    @Test
    public void remotingExceptionsAreBrokerTimeoutOrUnavailable() {
        assertMapped(ErrorCode.BROKER_TIMEOUT, new RemotingTimeoutException("wait response on the channel timeout"));
        assertEquals(50400, map(new RemotingTimeoutException("x")).getCode());
        assertMapped(ErrorCode.BROKER_UNAVAILABLE, new RemotingConnectException("1.2.3.4:10911"));
        assertEquals(50300, map(new RemotingConnectException("x")).getCode());
        assertMapped(ErrorCode.BROKER_UNAVAILABLE, new RemotingSendRequestException("1.2.3.4:10911"));
        assertMapped(ErrorCode.TOO_MANY_REQUESTS, new RemotingTooMuchRequestException("too many"));
    }

    @Test
    public void rejectedExecutionIsTooManyRequests() {
        ApiError error = map(new RejectedExecutionException("pool full"));
        assertEquals(42900, error.getCode());
        assertEquals(429, error.errorCode().httpStatus());
    }

    @Test
    public void completionAndExecutionExceptionsAreUnwrapped() {
        HttpProxyException inner = new HttpProxyException(ErrorCode.GROUP_NOT_FOUND, "group [g] does not exist");
        ApiError error = map(new CompletionException(new ExecutionException(inner)));
        assertEquals(ErrorCode.GROUP_NOT_FOUND, error.errorCode());
        assertEquals("group [g] does not exist", error.getMessage());
        assertMapped(ErrorCode.BROKER_TIMEOUT, new CompletionException(new RemotingTimeoutException("timeout")));
    }

    @Test
    public void unexpectedExceptionIsInternalErrorWithoutItsText() {
        ApiError error = map(new IllegalStateException("secret: password=hunter2"));
        assertEquals(50000, error.getCode());
        assertEquals("INTERNAL_ERROR", error.getError());
        assertEquals("internal error", error.getMessage());
        assertEquals(500, error.errorCode().httpStatus());
    }

    @Test
    public void httpStatusIsCodeDividedByHundred() {
        for (ErrorCode code : ErrorCode.values()) {
            assertEquals(code.name(), code.code() / 100, code.httpStatus());
            assertEquals(code.name(), code.httpStatus(), map(new HttpProxyException(code, "m")).errorCode().httpStatus());
        }
    }
}
