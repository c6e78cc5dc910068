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

import java.util.Arrays;
import java.util.Collection;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

/** Every error status of the contract, answered by a proxy, reaches the caller as its own exception. */
@RunWith(Parameterized.class)
public class ErrorMappingTest {
    private static FakeProxy proxy;
    private static HttpProducer producer;

    private final int code;
    private final String error;
    private final Class<? extends HttpProxyClientException> type;
    private final boolean retryable;

    public ErrorMappingTest(int code, String error, Class<? extends HttpProxyClientException> type, boolean retryable) {
        this.code = code;
        this.error = error;
        this.type = type;
        this.retryable = retryable;
    }

    @Parameterized.Parameters(name = "{0} {1}")
    public static Collection<Object[]> statuses() {
        return Arrays.asList(new Object[][] {
            {40001, "ILLEGAL_TOPIC", BadRequestException.class, false},
            {40100, "UNAUTHORIZED", UnauthorizedException.class, false},
            {40300, "FORBIDDEN", ForbiddenException.class, false},
            {40402, "TOPIC_NOT_FOUND", NotFoundException.class, false},
            {40500, "METHOD_NOT_ALLOWED", HttpProxyClientException.class, false},
            {40900, "TRANSACTION_ALREADY_ENDED", ConflictException.class, false},
            {41000, "RECEIPT_HANDLE_EXPIRED", ReceiptHandleExpiredException.class, false},
            {41001, "TRANSACTION_HANDLE_EXPIRED", TransactionHandleExpiredException.class, false},
            {41300, "PAYLOAD_TOO_LARGE", PayloadTooLargeException.class, false},
            {41500, "UNSUPPORTED_MEDIA_TYPE", HttpProxyClientException.class, false},
            {42900, "TOO_MANY_REQUESTS", TooManyRequestsException.class, true},
            {50000, "INTERNAL_ERROR", InternalErrorException.class, false},
            {50300, "BROKER_UNAVAILABLE", BrokerUnavailableException.class, true},
            {50400, "BROKER_TIMEOUT", BrokerTimeoutException.class, true},
        });
    }

    @BeforeClass
    public static void start() throws Exception {
        proxy = new FakeProxy();
        // one attempt, so that each answer is reported as it is
        producer = HttpProducer.create(TestConfigs.fast(proxy.endpoint())
            .retryPolicy(RetryPolicy.builder().maxAttempts(1).build())
            .build());
    }

    @AfterClass
    public static void stop() {
        producer.close();
        proxy.close();
    }

    @Test
    public void errorAnswerIsThrownAsTheExceptionOfItsStatus() {
        proxy.respond(request -> FakeProxy.Reply.error(code, error, "details of " + error));

        HttpProxyClientException e = assertThrows(HttpProxyClientException.class,
            () -> producer.send(Message.builder().topic("TopicTest").body("x").build()));

        assertSame(type, e.getClass());
        assertEquals(code / 100, e.status());
        assertEquals(code, e.code());
        assertEquals(error, e.error());
        assertEquals("details of " + error, e.proxyMessage());
        assertEquals("proxy-request-id", e.requestId());
        assertEquals(retryable, e.isRetryable());
        assertEquals(error + " (" + code + "): details of " + error + " [requestId=proxy-request-id]", e.getMessage());
    }
}
