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
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

public class HttpSimpleConsumerTest {
    private FakeProxy proxy;
    private HttpSimpleConsumer consumer;

    @Before
    public void start() throws Exception {
        proxy = new FakeProxy().respond(request -> FakeProxy.Reply.json(200, "{\"messages\":[]}"));
        consumer = consumer(HttpSimpleConsumer.builder(TestConfigs.fast(proxy.endpoint()).build()));
    }

    private static HttpSimpleConsumer consumer(HttpSimpleConsumer.Builder builder) {
        return builder.group("GroupTest").topic("TopicTest").build();
    }

    @After
    public void stop() {
        consumer.close();
        proxy.close();
    }

    @Test
    public void receiveAsksForGroupBatchWaitInvisibilityFilterAndBase64Bodies() {
        consumer.close();
        consumer = consumer(HttpSimpleConsumer.builder(TestConfigs.fast(proxy.endpoint()).build())
            .filter(FilterExpression.tag("TagA||TagB")));

        consumer.receive(8, Duration.ofSeconds(30), Duration.ofMillis(1500));

        FakeProxy.Recorded request = proxy.lastRequest();
        assertEquals("GET", request.method);
        assertEquals("/v1/topics/TopicTest/messages", request.rawPath);
        Map<String, String> query = request.query();
        assertEquals("GroupTest", query.get("group"));
        assertEquals("8", query.get("max"));
        assertEquals("waits are rounded up to whole seconds", "2", query.get("waitSeconds"));
        assertEquals("30", query.get("invisibleSeconds"));
        assertEquals("TagA||TagB", query.get("tag"));
        assertEquals("base64", query.get("bodyEncoding"));
        assertFalse(query.containsKey("sql"));
        assertFalse(query.containsKey("order"));
    }

    @Test
    public void sqlFilterIsSentInsteadOfTag() {
        consumer.close();
        consumer = consumer(HttpSimpleConsumer.builder(TestConfigs.fast(proxy.endpoint()).build())
            .filter(FilterExpression.sql("region = 'eu'")));

        consumer.receive(1, Duration.ofSeconds(30), Duration.ZERO);

        Map<String, String> query = proxy.lastRequest().query();
        assertEquals("region = 'eu'", query.get("sql"));
        assertFalse(query.containsKey("tag"));
    }

    @Test
    public void fifoConsumerAsksForOrder() {
        consumer.close();
        consumer = consumer(HttpSimpleConsumer.builder(TestConfigs.fast(proxy.endpoint()).build()).fifo(true));

        consumer.receive(1, Duration.ofSeconds(30), Duration.ZERO);

        assertEquals("true", proxy.lastRequest().query().get("order"));
    }

    @Test
    public void receiveDecodesEveryFieldOfTheAnswer() {
        byte[] binary = {(byte) 0xFF, 0, 1, 2};
        proxy.respond(request -> FakeProxy.Reply.json(200, "{\"messages\":["
            + "{\"messageId\":\"MID-1\",\"topic\":\"TopicTest\",\"tag\":\"TagA\",\"keys\":[\"k1\",\"k2\"],"
            + "\"properties\":{\"region\":\"eu\"},\"body\":\"" + Base64.getEncoder().encodeToString(binary) + "\","
            + "\"bodyEncoding\":\"base64\",\"bornTimestamp\":1700000000000,\"storeTimestamp\":1700000000005,"
            + "\"deliveryAttempt\":3,\"messageGroup\":\"order-1\",\"brokerName\":\"broker-a\",\"queueId\":2,"
            + "\"queueOffset\":77,\"receiptHandle\":\"handle-1\",\"invisibleUntil\":1700000060000,\"future\":true},"
            + "{\"messageId\":\"MID-2\",\"topic\":\"TopicTest\",\"body\":\"héllo\",\"bodyEncoding\":\"utf-8\","
            + "\"messageGroup\":null,\"receiptHandle\":\"handle-2\"}]}"));

        List<ReceivedMessage> messages = consumer.receive(16, Duration.ofSeconds(60), Duration.ZERO);

        assertEquals(2, messages.size());
        ReceivedMessage first = messages.get(0);
        assertEquals("MID-1", first.messageId());
        assertEquals("TopicTest", first.topic());
        assertEquals("TagA", first.tag().orElseThrow());
        assertEquals(Arrays.asList("k1", "k2"), first.keys());
        assertEquals(Collections.singletonMap("region", "eu"), first.properties());
        assertArrayEquals(binary, first.body());
        assertEquals(1700000000000L, first.bornTimestamp());
        assertEquals(1700000000005L, first.storeTimestamp());
        assertEquals(3, first.deliveryAttempt());
        assertEquals("order-1", first.messageGroup().orElseThrow());
        assertEquals("broker-a", first.brokerName());
        assertEquals(2, first.queueId());
        assertEquals(77, first.queueOffset());
        assertEquals("handle-1", first.receiptHandle());
        assertEquals(1700000060000L, first.invisibleUntil());

        ReceivedMessage second = messages.get(1);
        assertEquals("héllo", second.bodyAsString());
        assertFalse(second.tag().isPresent());
        assertFalse(second.messageGroup().isPresent());
        assertTrue(second.keys().isEmpty());
    }

    @Test
    public void receiveReturnsAnEmptyListWhenNothingArrived() {
        assertTrue(consumer.receive(16, Duration.ofSeconds(60), Duration.ZERO).isEmpty());
    }

    @Test
    public void receiveWaitsLongerThanTheRequestTimeoutWhenTheLongPollAsksForIt() {
        consumer.close();
        consumer = consumer(HttpSimpleConsumer.builder(TestConfigs.fast(proxy.endpoint())
            .requestTimeout(Duration.ofMillis(500)).build()));
        proxy.respond(request -> {
            Thread.sleep(1200);
            return FakeProxy.Reply.json(200, "{\"messages\":[{\"messageId\":\"late\",\"receiptHandle\":\"h\"}]}");
        });

        List<ReceivedMessage> messages = consumer.receive(1, Duration.ofSeconds(60), Duration.ofSeconds(2));

        assertEquals("late", messages.get(0).messageId());
        assertEquals(1, proxy.requests().size());
    }

    @Test
    public void receiveRejectsABatchSizeOutsideTheContract() {
        assertThrows(IllegalArgumentException.class, () -> consumer.receive(0, Duration.ofSeconds(60), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> consumer.receive(33, Duration.ofSeconds(60), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> consumer.receive(1, Duration.ZERO, Duration.ZERO));
        assertTrue(proxy.requests().isEmpty());
    }

    @Test
    public void ackPostsTheReceiptHandleForTheGroup() {
        proxy.respond(request -> FakeProxy.Reply.json(200, "{\"results\":[{\"receiptHandle\":\"h1\",\"status\":\"OK\"}]}"));

        consumer.ack(ReceivedMessage.builder().receiptHandle("h1").build());

        FakeProxy.Recorded request = proxy.lastRequest();
        assertEquals("POST", request.method);
        assertEquals("/v1/topics/TopicTest/acks", request.rawPath);
        assertEquals(Collections.singletonMap("group", "GroupTest"), request.query());
        assertEquals("{\"receiptHandles\":[\"h1\"]}", request.json().toString());
    }

    @Test
    public void ackOfAnExpiredHandleThrowsTheErrorOfItsEntry() {
        proxy.respond(request -> FakeProxy.Reply.json(207, "{\"results\":[{\"receiptHandle\":\"h1\",\"error\":"
            + "{\"code\":41000,\"error\":\"RECEIPT_HANDLE_EXPIRED\",\"message\":\"expired\"}}]}"));

        ReceiptHandleExpiredException e = assertThrows(ReceiptHandleExpiredException.class, () -> consumer.ack("h1"));
        assertEquals(41000, e.code());
        assertFalse(e.isRetryable());
        assertEquals("no retry of a definite error", 1, proxy.requests().size());
    }

    @Test
    public void ackBatchReportsEachHandleInRequestOrder() {
        proxy.respond(request -> FakeProxy.Reply.json(207, "{\"results\":["
            + "{\"receiptHandle\":\"h1\",\"status\":\"OK\"},"
            + "{\"receiptHandle\":\"bad\",\"error\":{\"code\":40004,\"error\":\"ILLEGAL_RECEIPT_HANDLE\",\"message\":\"m\"}},"
            + "{\"receiptHandle\":\"h3\",\"status\":\"OK\"}]}"));

        BatchResult<String> result = consumer.ackBatch(Arrays.asList("h1", "bad", "h3"));

        assertEquals("{\"receiptHandles\":[\"h1\",\"bad\",\"h3\"]}", proxy.lastRequest().json().toString());
        assertEquals("h1", result.get(0).value());
        assertEquals(40004, result.get(1).error().code());
        assertTrue(result.get(1).error() instanceof BadRequestException);
        assertEquals("h3", result.get(2).value());
        assertNull(result.get(2).error());
    }

    @Test
    public void changeInvisibleDurationReturnsTheNewHandle() {
        proxy.respond(request -> FakeProxy.Reply.json(200, "{\"receiptHandle\":\"h1-next\",\"invisibleUntil\":0}"));

        String next = consumer.changeInvisibleDuration("h1", Duration.ofMillis(29_001));

        assertEquals("h1-next", next);
        FakeProxy.Recorded request = proxy.lastRequest();
        assertEquals("/v1/topics/TopicTest/leases", request.rawPath);
        assertEquals("GroupTest", request.query().get("group"));
        assertEquals("{\"receiptHandle\":\"h1\",\"invisibleSeconds\":30}", request.json().toString());
    }

    @Test
    public void zeroInvisibleDurationIsANack() {
        proxy.respond(request -> FakeProxy.Reply.json(200, "{\"receiptHandle\":\"h1-next\",\"invisibleUntil\":0}"));

        consumer.changeInvisibleDuration(ReceivedMessage.builder().receiptHandle("h1").build(), Duration.ZERO);

        assertEquals(0, proxy.lastRequest().json().get("invisibleSeconds").asInt());
        assertThrows(IllegalArgumentException.class, () -> consumer.changeInvisibleDuration("h1", Duration.ofSeconds(-1)));
    }

    @Test
    public void receiveAnswered503IsRetriedBecauseReceivingIsSafeToRepeat() {
        AtomicInteger calls = new AtomicInteger();
        proxy.respond(request -> calls.incrementAndGet() == 1
            ? FakeProxy.Reply.error(50300, "BROKER_UNAVAILABLE", "no broker")
            : FakeProxy.Reply.json(200, "{\"messages\":[]}"));

        assertTrue(consumer.receive(1, Duration.ofSeconds(60), Duration.ZERO).isEmpty());
        assertEquals(2, proxy.requests().size());
    }
}
