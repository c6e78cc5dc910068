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

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

public class HttpProducerTest {
    private static final String RECEIPT = "{\"messageId\":\"MID-1\",\"topic\":\"TopicTest\",\"brokerName\":\"broker-a\","
        + "\"queueId\":3,\"queueOffset\":42}";

    private FakeProxy proxy;

    @Before
    public void startProxy() throws Exception {
        proxy = new FakeProxy().respond(request -> FakeProxy.Reply.json(200, RECEIPT));
    }

    @After
    public void stopProxy() {
        proxy.close();
    }

    @Test
    public void sendPostsTheMessageAsTheRawBodyToTheTopicWithProducerGroupAndRequestId() {
        ClientConfig config = TestConfigs.fast(proxy.endpoint()).producerGroup("PG_ORDERS").build();
        try (HttpProducer producer = HttpProducer.create(config)) {
            producer.send(Message.builder()
                .topic("TopicTest")
                .body("hello")
                .tag("TagA")
                .keys("order-1", "order-2")
                .property("region", "eu")
                .messageGroup("order-1")
                .build());
        }

        FakeProxy.Recorded request = proxy.lastRequest();
        assertEquals("POST", request.method);
        assertEquals("/v1/topics/TopicTest/messages", request.rawPath);
        assertEquals(Collections.singletonMap("producerGroup", "PG_ORDERS"), request.query());
        assertEquals("application/octet-stream", request.header("Content-Type"));
        assertNotNull(request.header("X-Request-Id"));
        assertTrue(request.header("User-Agent").startsWith("rocketmq-http-client-java/"));
        assertEquals("hello", new String(request.body, StandardCharsets.UTF_8));
        assertEquals("TagA", request.header("X-RMQ-Tag"));
        assertEquals("order-1,order-2", request.header("X-RMQ-Keys"));
        assertEquals("eu", request.header("X-RMQ-Property-region"));
        assertEquals("order-1", request.header("X-RMQ-Message-Group"));
        assertNull(request.header("X-RMQ-Delivery-Timestamp"));
    }

    @Test
    public void textBodyTravelsAsUtf8TextInJsonWhenAHeaderCannotCarryTheMetadata() {
        try (HttpProducer producer = HttpProducer.create(TestConfigs.fast(proxy.endpoint()).build())) {
            producer.send(Message.builder().topic("TopicTest").body("grüße").tag("TagA").keys("order-1")
                .property("city", "Zürich").messageGroup("order-1").build());
        }

        FakeProxy.Recorded request = proxy.lastRequest();
        assertTrue(request.header("Content-Type").startsWith("application/json"));
        JsonNode json = request.json();
        assertEquals("grüße", json.get("body").asText());
        assertEquals("utf-8", json.get("bodyEncoding").asText());
        assertEquals("TagA", json.get("tag").asText());
        assertEquals("[\"order-1\"]", json.get("keys").toString());
        assertEquals("Zürich", json.get("properties").get("city").asText());
        assertEquals("order-1", json.get("messageGroup").asText());
        assertFalse(json.has("deliveryTimestamp"));
    }

    @Test
    public void binaryBodyTravelsAsTheRawRequestBodyWithTheMetadataInHeaders() {
        byte[] body = {0, 1, (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '\n'};
        try (HttpProducer producer = HttpProducer.create(TestConfigs.fast(proxy.endpoint()).producerGroup("PG_RAW").build())) {
            producer.send(Message.builder().topic("TopicTest").body(body).tag("TagB").keys("k1", "k2")
                .property("region", "eu").property("trace_id", "a-1").deliveryTimestamp(1767225600000L).build());
        }

        FakeProxy.Recorded request = proxy.lastRequest();
        assertEquals("application/octet-stream", request.header("Content-Type"));
        assertEquals(Collections.singletonMap("producerGroup", "PG_RAW"), request.query());
        assertArrayEquals(body, request.body);
        assertEquals("TagB", request.header("X-RMQ-Tag"));
        assertEquals("k1,k2", request.header("X-RMQ-Keys"));
        assertEquals("eu", request.header("X-RMQ-Property-region"));
        assertEquals("a-1", request.header("X-RMQ-Property-trace_id"));
        assertEquals("1767225600000", request.header("X-RMQ-Delivery-Timestamp"));
        assertNull(request.header("X-RMQ-Message-Group"));
    }

    @Test
    public void binaryBodyTravelsAsBase64WhenAHeaderCannotCarryTheMetadataUnchanged() {
        byte[] body = {0, 1, (byte) 0xFF};
        List<Message> messages = List.of(
            Message.builder().topic("TopicTest").body(body).property("région", "eu").build(),
            Message.builder().topic("TopicTest").body(body).property("city", "Zürich").build(),
            Message.builder().topic("TopicTest").body(body).keys("a,b").build(),
            Message.builder().topic("TopicTest").body(body).tag(" padded").build(),
            Message.builder().topic("TopicTest").body(body).property("Region", "eu").property("region", "us").build());
        try (HttpProducer producer = HttpProducer.create(TestConfigs.fast(proxy.endpoint()).build())) {
            for (Message message : messages) {
                producer.send(message);
                FakeProxy.Recorded request = proxy.lastRequest();
                assertTrue(message.toString(), request.header("Content-Type").startsWith("application/json"));
                JsonNode json = request.json();
                assertEquals("base64", json.get("bodyEncoding").asText());
                assertArrayEquals(body, Base64.getDecoder().decode(json.get("body").asText()));
            }
        }
    }

    @Test
    public void sendWithoutProducerGroupLeavesTheChoiceToTheProxy() {
        try (HttpProducer producer = HttpProducer.create(TestConfigs.fast(proxy.endpoint()).build())) {
            producer.send(Message.builder().topic("TopicTest").body("x").build());
        }
        assertNull(proxy.lastRequest().rawQuery);
    }

    @Test
    public void sendReturnsTheReceiptOfTheProxy() throws Exception {
        try (HttpProducer producer = HttpProducer.create(TestConfigs.fast(proxy.endpoint()).build())) {
            SendReceipt expected = new SendReceipt("MID-1", "TopicTest", "broker-a", 3, 42);
            assertEquals(expected, producer.send(Message.builder().topic("TopicTest").body("x").build()));
            assertEquals(expected, producer.sendAsync(Message.builder().topic("TopicTest").body("x").build()).get());
        }
    }

    @Test
    public void everyCallCarriesItsOwnRequestId() {
        try (HttpProducer producer = HttpProducer.create(TestConfigs.fast(proxy.endpoint()).build())) {
            producer.send(Message.builder().topic("TopicTest").body("x").build());
            producer.send(Message.builder().topic("TopicTest").body("y").build());
        }
        List<FakeProxy.Recorded> requests = proxy.requests();
        assertNotEquals(requests.get(0).header("X-Request-Id"), requests.get(1).header("X-Request-Id"));
    }

    @Test
    public void topicNamesArePercentEncodedInThePathAndEndpointPrefixIsKept() {
        try (HttpProducer producer = HttpProducer.create(TestConfigs.fast(proxy.endpoint() + "/gateway/").build())) {
            producer.send(Message.builder().topic("ns%Topic|x").body("x").build());
        }
        assertEquals("/gateway/v1/topics/ns%25Topic%7Cx/messages", proxy.lastRequest().rawPath);
    }

    @Test
    public void batchResultHasOneEntryPerMessageInRequestOrder() {
        proxy.respond(request -> FakeProxy.Reply.json(207, "{\"results\":["
            + "{\"messageId\":\"M0\",\"topic\":\"TopicTest\",\"brokerName\":\"b\",\"queueId\":0,\"queueOffset\":1},"
            + "{\"error\":{\"code\":40003,\"error\":\"ILLEGAL_MESSAGE\",\"message\":\"property KEYS is reserved\"}},"
            + "{\"messageId\":\"M2\",\"topic\":\"TopicTest\",\"brokerName\":\"b\",\"queueId\":1,\"queueOffset\":7}]}"));
        BatchResult<SendReceipt> result;
        try (HttpProducer producer = HttpProducer.create(TestConfigs.fast(proxy.endpoint()).build())) {
            result = producer.sendBatch(Arrays.asList(
                Message.builder().topic("TopicTest").body("m0").build(),
                Message.builder().topic("TopicTest").body(new byte[] {1}).build(),
                Message.builder().topic("TopicTest").body("m2").build()));
        }

        JsonNode sent = proxy.lastRequest().json().get("messages");
        assertEquals(3, sent.size());
        assertEquals("m0", sent.get(0).get("body").asText());
        assertEquals("base64", sent.get(1).get("bodyEncoding").asText());
        assertEquals("m2", sent.get(2).get("body").asText());

        assertEquals(3, result.size());
        assertFalse(result.isAllSucceeded());
        assertEquals("M0", result.get(0).value().messageId());
        assertEquals("M2", result.get(2).value().messageId());
        BatchResult.Entry<SendReceipt> failed = result.get(1);
        assertFalse(failed.isSuccess());
        assertTrue(failed.error() instanceof BadRequestException);
        assertEquals(40003, failed.error().code());
        assertEquals("ILLEGAL_MESSAGE", failed.error().error());
        assertEquals("property KEYS is reserved", failed.error().proxyMessage());
        assertThrows(BadRequestException.class, failed::value);
        assertEquals(Collections.singletonList(failed), result.failures());
    }

    @Test
    public void batchWithDifferentTopicsIsRejectedBeforeSending() {
        try (HttpProducer producer = HttpProducer.create(TestConfigs.fast(proxy.endpoint()).build())) {
            assertThrows(IllegalArgumentException.class, () -> producer.sendBatch(Arrays.asList(
                Message.builder().topic("TopicA").body("x").build(),
                Message.builder().topic("TopicB").body("x").build())));
            assertThrows(IllegalArgumentException.class, () -> producer.sendBatch(Collections.emptyList()));
        }
        assertTrue(proxy.requests().isEmpty());
    }

    @Test
    public void asyncSendFailsWithTheMappedExceptionNotAWrapper() {
        proxy.respond(request -> FakeProxy.Reply.error(40402, "TOPIC_NOT_FOUND", "topic [TopicTest] does not exist"));
        try (HttpProducer producer = HttpProducer.create(TestConfigs.fast(proxy.endpoint()).build())) {
            Throwable failure = producer.sendAsync(Message.builder().topic("TopicTest").body("x").build())
                .handle((receipt, error) -> error).join();
            assertTrue(String.valueOf(failure), failure instanceof NotFoundException);
            assertEquals(40402, ((NotFoundException) failure).code());
        }
    }

    @Test
    public void sendAfterCloseIsRejected() {
        HttpProducer producer = HttpProducer.create(TestConfigs.fast(proxy.endpoint()).build());
        producer.close();
        producer.close();
        assertThrows(IllegalStateException.class, () -> producer.send(Message.builder().topic("TopicTest").body("x").build()));
        assertTrue(proxy.requests().isEmpty());
    }

    @Test
    public void sendAnswered503IsNotRetriedByDefaultBecauseItMayHaveBeenStored() {
        proxy.respond(request -> FakeProxy.Reply.error(50300, "BROKER_UNAVAILABLE", "FLUSH_DISK_TIMEOUT"));
        try (HttpProducer producer = HttpProducer.create(TestConfigs.fast(proxy.endpoint()).build())) {
            BrokerUnavailableException e = assertThrows(BrokerUnavailableException.class,
                () -> producer.send(Message.builder().topic("TopicTest").body("x").build()));
            assertTrue(e.isRetryable());
        }
        assertEquals(1, proxy.requests().size());
    }

    @Test
    public void sendAnswered503IsRetriedWhenTheCallerAcceptsDuplicates() {
        AtomicInteger calls = new AtomicInteger();
        proxy.respond(request -> calls.incrementAndGet() == 1
            ? FakeProxy.Reply.error(50300, "BROKER_UNAVAILABLE", "no broker")
            : FakeProxy.Reply.json(200, RECEIPT));
        ClientConfig config = TestConfigs.fast(proxy.endpoint())
            .retryPolicy(RetryPolicy.builder().fixedBackoff(Duration.ZERO).retryAmbiguousSends(true).build())
            .build();
        try (HttpProducer producer = HttpProducer.create(config)) {
            assertEquals("MID-1", producer.send(Message.builder().topic("TopicTest").body("x").build()).messageId());
        }
        List<FakeProxy.Recorded> requests = proxy.requests();
        assertEquals(2, requests.size());
        assertEquals("a retry keeps the request id of its call",
            requests.get(0).header("X-Request-Id"), requests.get(1).header("X-Request-Id"));
    }

    @Test
    public void throttledSendIsRetriedAfterRetryAfter() {
        AtomicInteger calls = new AtomicInteger();
        proxy.respond(request -> calls.incrementAndGet() == 1
            ? FakeProxy.Reply.error(42900, "TOO_MANY_REQUESTS", "slow down").header("Retry-After", "0")
            : FakeProxy.Reply.json(200, RECEIPT));
        try (HttpProducer producer = HttpProducer.create(TestConfigs.fast(proxy.endpoint()).build())) {
            assertEquals("MID-1", producer.send(Message.builder().topic("TopicTest").body("x").build()).messageId());
        }
        assertEquals(2, proxy.requests().size());
    }

    @Test
    public void throttledSendIsReportedWhenRetryAfterExceedsTheMaximumBackoff() {
        proxy.respond(request -> FakeProxy.Reply.error(42900, "TOO_MANY_REQUESTS", "slow down").header("Retry-After", "60"));
        try (HttpProducer producer = HttpProducer.create(TestConfigs.fast(proxy.endpoint()).build())) {
            TooManyRequestsException e = assertThrows(TooManyRequestsException.class,
                () -> producer.send(Message.builder().topic("TopicTest").body("x").build()));
            assertEquals(Duration.ofSeconds(60), e.retryAfter().orElseThrow());
        }
        assertEquals(1, proxy.requests().size());
    }

    @Test
    public void halfMessageIsTheMessageMarkedAsTransactionAndItsEndNamesTheHandle() {
        proxy.respond(request -> request.rawPath.endsWith("/messages")
            ? FakeProxy.Reply.json(200, RECEIPT.replace("}", ",\"transactionHandle\":\"H-1\"}"))
            : FakeProxy.Reply.json(200, "{\"status\":\"" + (request.json().get("action").asText().equals("COMMIT")
                ? "COMMITTED" : "ROLLED_BACK") + "\"}"));
        try (HttpProducer producer = HttpProducer.create(TestConfigs.fast(proxy.endpoint()).producerGroup("PG_TX").build())) {
            Transaction tx = producer.sendHalf(Message.builder().topic("TopicTest").body("order").build());
            FakeProxy.Recorded half = proxy.lastRequest();
            assertEquals("/v1/topics/TopicTest/messages", half.rawPath);
            assertEquals("true", half.header("X-RMQ-Transaction"));
            assertEquals("order", new String(half.body, StandardCharsets.UTF_8));
            assertEquals("H-1", tx.handle());
            assertEquals("MID-1", tx.receipt().get().messageId());

            tx.commit();
            FakeProxy.Recorded end = proxy.lastRequest();
            assertEquals("POST", end.method);
            assertEquals("/v1/topics/TopicTest/transactions", end.rawPath);
            assertEquals(Collections.singletonMap("producerGroup", "PG_TX"), end.query());
            assertEquals("H-1", end.json().get("transactionHandle").asText());
            assertEquals("COMMIT", end.json().get("action").asText());

            producer.transaction("TopicTest", "H-2").rollback();
            assertEquals("H-2", proxy.lastRequest().json().get("transactionHandle").asText());
            assertEquals("ROLLBACK", proxy.lastRequest().json().get("action").asText());

            producer.sendHalf(Message.builder().topic("TopicTest").body("ordre passé").property("city", "Zürich").build());
            assertTrue("metadata a header cannot carry: JSON", proxy.lastRequest().json().get("transaction").asBoolean());
            assertEquals("ordre passé", proxy.lastRequest().json().get("body").asText());
        }
    }

    @Test
    public void anEndAnsweredWithAnotherStatusIsAnInvalidResponse() {
        proxy.respond(request -> FakeProxy.Reply.json(200, "{\"status\":\"ROLLED_BACK\"}"));
        try (HttpProducer producer = HttpProducer.create(TestConfigs.fast(proxy.endpoint()).build())) {
            HttpProxyClientException e = assertThrows(HttpProxyClientException.class,
                () -> producer.transaction("TopicTest", "H-1").commit());
            assertEquals("INVALID_RESPONSE", e.error());
        }
    }

    @Test
    public void checkerAnswersEachQuestionAndUnknownLeavesItOpen() throws Exception {
        List<String> ends = new CopyOnWriteArrayList<>();
        AtomicInteger polls = new AtomicInteger();
        proxy.respond(request -> {
            if (request.method.equals("GET")) {
                assertEquals("PG_CHECK", request.query().get("producerGroup"));
                String checks = polls.incrementAndGet() > 1 ? "[]" : "[" + check("yes") + "," + check("no") + ","
                    + check("later") + "]";
                return FakeProxy.Reply.json(200, "{\"checks\":" + checks + "}");
            }
            ends.add(request.json().get("transactionHandle").asText() + "=" + request.json().get("action").asText());
            return FakeProxy.Reply.json(200, "{\"status\":\"" + (request.json().get("action").asText().equals("COMMIT")
                ? "COMMITTED" : "ROLLED_BACK") + "\"}");
        });
        TransactionChecker checker = check -> {
            switch (check.bodyAsString()) {
                case "yes":
                    return TransactionResolution.COMMIT;
                case "no":
                    return TransactionResolution.ROLLBACK;
                default:
                    return TransactionResolution.UNKNOWN;
            }
        };
        try (HttpProducer producer = HttpProducer.builder(TestConfigs.fast(proxy.endpoint()).producerGroup("PG_CHECK").build())
            .transactionChecker(checker, "TopicTest").build()) {
            long deadline = System.currentTimeMillis() + 10_000;
            while (ends.size() < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
        }
        assertEquals(Set.of("H-yes=COMMIT", "H-no=ROLLBACK"), Set.copyOf(ends));
    }

    private static String check(String body) {
        return "{\"transactionHandle\":\"H-" + body + "\",\"messageId\":\"M-" + body + "\",\"checkAttempt\":1,"
            + "\"tag\":null,\"keys\":[],\"properties\":{},\"body\":\"" + body + "\",\"bodyEncoding\":\"utf-8\"}";
    }
}
