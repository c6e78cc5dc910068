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

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.concurrent.CompletionException;
import org.apache.rocketmq.http.client.BadRequestException;
import org.apache.rocketmq.http.client.HttpProxyClientException;
import org.apache.rocketmq.http.client.NetworkException;
import org.apache.rocketmq.http.client.ReceiptHandleExpiredException;
import org.apache.rocketmq.http.client.TooManyRequestsException;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

public class ErrorMapperTest {

    private static ResponseHeaders headers(String... nameValues) {
        return ResponseHeaders.of(nameValues);
    }

    @Test
    public void answerWithoutErrorBodyIsMappedByStatusWithTheHeaderRequestId() {
        byte[] html = "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8);
        HttpProxyClientException e = ErrorMapper.fromResponse(502, headers("X-Request-Id", "lb-7"), html, "sent-1");

        assertSame(HttpProxyClientException.class, e.getClass());
        assertEquals(502, e.status());
        assertEquals(50200, e.code());
        assertEquals("HTTP_502", e.error());
        assertEquals("lb-7", e.requestId());
        assertTrue(e.isRetryable());
        assertTrue(e.proxyMessage().contains("502 Bad Gateway"));
    }

    @Test
    public void answerWithoutAnyRequestIdKeepsTheOneSent() {
        HttpProxyClientException e = ErrorMapper.fromResponse(400, headers(), new byte[0], "sent-1");
        assertTrue(e instanceof BadRequestException);
        assertEquals(40000, e.code());
        assertEquals("BAD_REQUEST", e.error());
        assertEquals("sent-1", e.requestId());
    }

    @Test
    public void retryAfterIsReadInSecondsOrAsAnHttpDate() {
        HttpProxyClientException seconds = ErrorMapper.fromResponse(429, headers("Retry-After", "7"), new byte[0], "r");
        assertEquals(Duration.ofSeconds(7), ((TooManyRequestsException) seconds).retryAfter().orElseThrow());

        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusMinutes(1));
        Duration wait = ((TooManyRequestsException) ErrorMapper.fromResponse(429, headers("Retry-After", inAMinute),
            new byte[0], "r")).retryAfter().orElseThrow();
        assertTrue(wait.toString(), wait.compareTo(Duration.ofSeconds(50)) > 0 && wait.compareTo(Duration.ofSeconds(61)) < 0);

        HttpProxyClientException none = ErrorMapper.fromResponse(429, headers(), new byte[0], "r");
        assertFalse(((TooManyRequestsException) none).retryAfter().isPresent());
    }

    @Test
    public void errorEntryOfABatchIsMappedByItsCode() {
        HttpProxyClientException e = ErrorMapper.fromErrorEntry(JsonCodec.tryParse(
            "{\"code\":41000,\"error\":\"RECEIPT_HANDLE_EXPIRED\",\"message\":\"gone\"}".getBytes(StandardCharsets.UTF_8)), "r-1");
        assertTrue(e instanceof ReceiptHandleExpiredException);
        assertEquals(41000, e.code());
        assertEquals("r-1", e.requestId());
    }

    @Test
    public void refusedConnectionIsANetworkFailureThatCertainlyDidNotReachAProxy() {
        NetworkException e = ErrorMapper.fromTransportFailure(new CompletionException(new ConnectException("refused")), "r");
        assertFalse(e.mayHaveReachedProxy());
        assertFalse(e.isTimeout());
        assertEquals("CONNECT_FAILED", e.error());

        NetworkException connectTimeout = ErrorMapper.fromTransportFailure(new HttpConnectTimeoutException("slow"), "r");
        assertFalse(connectTimeout.mayHaveReachedProxy());
        assertTrue(connectTimeout.isTimeout());
    }

    @Test
    public void timeoutOrBrokenConnectionMayHaveReachedAProxy() {
        for (Throwable failure : Arrays.asList(new HttpTimeoutException("timed out"), new IOException("connection reset"))) {
            NetworkException e = ErrorMapper.fromTransportFailure(failure, "r");
            assertTrue(failure.toString(), e.mayHaveReachedProxy());
            assertTrue(e.isRetryable());
            assertEquals(0, e.status());
        }
        assertTrue(ErrorMapper.fromTransportFailure(new HttpTimeoutException("t"), "r").isTimeout());
        assertEquals("REQUEST_TIMEOUT", ErrorMapper.fromTransportFailure(new HttpTimeoutException("t"), "r").error());
    }
}
