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
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.test.TestCluster;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/**
 * The typed exceptions of the SDK for the errors a real proxy answers, and that none of them is
 * retried: each refused call reaches the proxy exactly once.
 */
public class ErrorMappingIT {
    private static final String PRODUCE = "/v1/topics/{topic}/messages";
    private static final String RECEIVE = "/v1/topics/{topic}/messages";

    private static HttpProxyController proxy;
    private static ClientConfig config;
    private static HttpProducer producer;

    @BeforeClass
    public static void start() {
        proxy = TestCluster.startProxy();
        config = LiveProxies.config(proxy).build();
        producer = HttpProducer.create(config);
    }

    @AfterClass
    public static void stop() {
        producer.close();
        proxy.shutdown();
    }

    private static HttpSimpleConsumer consumer(String topic, String group) {
        return HttpSimpleConsumer.builder(config).topic(topic).group(group).build();
    }

    private static void assertError(HttpProxyClientException e, int status, int code, String error) {
        assertEquals(e.toString(), status, e.status());
        assertEquals(e.toString(), code, e.code());
        assertEquals(e.toString(), error, e.error());
        assertNotNull("the proxy's message", e.proxyMessage());
        assertNotNull("the proxy's request id", e.requestId());
        assertFalse(e.requestId().isBlank());
        assertFalse(e.isRetryable());
    }

    @Test
    public void unknownTopicIsNotFoundWithTheProxysCodeAndRequestId() throws Exception {
        String topic = TestCluster.uniqueName("missing");
        long before = LiveProxies.requests(proxy, "POST", PRODUCE, 404);

        NotFoundException send = assertThrows(NotFoundException.class,
            () -> producer.send(Message.builder().topic(topic).body("x").build()));
        ExecutionException async = assertThrows(ExecutionException.class,
            () -> producer.sendAsync(Message.builder().topic(topic).body("x").build()).get(30, TimeUnit.SECONDS));

        assertError(send, 404, 40402, "TOPIC_NOT_FOUND");
        assertTrue(send.proxyMessage(), send.proxyMessage().contains(topic));
        assertTrue("futures fail with the SDK's exception itself: " + async.getCause(), async.getCause() instanceof NotFoundException);
        NotFoundException asyncCause = (NotFoundException) async.getCause();
        assertEquals(40402, asyncCause.code());
        assertNotEquals("each call has its own request id", send.requestId(), asyncCause.requestId());
        assertEquals("a 404 is not retried", before + 2, LiveProxies.requests(proxy, "POST", PRODUCE, 404));

        String group = TestCluster.newGroup("GID_missing_topic");
        try (HttpSimpleConsumer consumer = consumer(topic, group)) {
            NotFoundException receive = assertThrows(NotFoundException.class,
                () -> consumer.receive(1, Duration.ofSeconds(10), Duration.ZERO));
            assertError(receive, 404, 40402, "TOPIC_NOT_FOUND");
        }
    }

    @Test
    public void unknownGroupIsNotFound() {
        String topic = TestCluster.newTopic("err_group");
        try (HttpSimpleConsumer consumer = consumer(topic, TestCluster.uniqueName("GID_missing"))) {
            NotFoundException e = assertThrows(NotFoundException.class,
                () -> consumer.receive(1, Duration.ofSeconds(10), Duration.ZERO));
            assertError(e, 404, 40403, "GROUP_NOT_FOUND");
        }
    }

    @Test
    public void malformedNamesAreRefusedByTheSdkBeforeAnyRequest() {
        // the SDK checks names with the proxy's own rule, so a malformed name never reaches it
        assertThrows(IllegalArgumentException.class, () -> Message.builder().topic("bad topic"));
        assertThrows(IllegalArgumentException.class, () -> Message.builder().topic("t".repeat(128)));
        assertThrows(IllegalArgumentException.class, () -> HttpSimpleConsumer.builder(config).group("bad/group"));
        assertThrows(IllegalArgumentException.class, () -> ClientConfig.builder().producerGroup("g".repeat(121)));
    }

    @Test
    public void requestsTheProxyRefusesAreBadRequestsAndNotRetried() {
        String topic = TestCluster.newTopic("err_bad");
        String group = TestCluster.newGroup("GID_bad");
        long receivesBefore = LiveProxies.requests(proxy, "GET", RECEIVE, 400);

        BadRequestException reservedProperty = assertThrows(BadRequestException.class,
            () -> producer.send(Message.builder().topic(topic).body("x").property("UNIQ_KEY", "forged").build()));
        assertError(reservedProperty, 400, 40003, "ILLEGAL_MESSAGE");
        long twoDaysAhead = System.currentTimeMillis() + Duration.ofDays(2).toMillis();
        BadRequestException tooLate = assertThrows(BadRequestException.class,
            () -> producer.send(Message.builder().topic(topic).body("x").deliveryTimestamp(twoDaysAhead).build()));
        assertEquals(400, tooLate.status());

        try (HttpSimpleConsumer consumer = consumer(topic, group)) {
            BadRequestException shortInvisibility = assertThrows(BadRequestException.class,
                () -> consumer.receive(1, Duration.ofSeconds(5), Duration.ZERO));
            assertError(shortInvisibility, 400, 40000, "BAD_REQUEST");
            BadRequestException longWait = assertThrows(BadRequestException.class,
                () -> consumer.receive(1, Duration.ofSeconds(10), Duration.ofSeconds(31)));
            assertError(longWait, 400, 40000, "BAD_REQUEST");

            BadRequestException malformedAck = assertThrows(BadRequestException.class, () -> consumer.ack("not-a-handle"));
            assertError(malformedAck, 400, 40004, "ILLEGAL_RECEIPT_HANDLE");
            BatchResult<String> acks = consumer.ackBatch(List.of("not-a-handle", "bm90LWEtaGFuZGxl"));
            assertEquals(2, acks.failures().size());
            for (BatchResult.Entry<String> entry : acks.entries()) {
                assertTrue(entry.toString(), entry.error() instanceof BadRequestException);
                assertEquals(40004, entry.error().code());
            }
            BadRequestException malformedLease = assertThrows(BadRequestException.class,
                () -> consumer.changeInvisibleDuration("bm90LWEtaGFuZGxl", Duration.ofSeconds(10)));
            assertError(malformedLease, 400, 40004, "ILLEGAL_RECEIPT_HANDLE");
        }
        try (HttpSimpleConsumer sql = HttpSimpleConsumer.builder(config).topic(topic).group(group)
            .filter(FilterExpression.sql("region ===")).build()) {
            BadRequestException badFilter = assertThrows(BadRequestException.class,
                () -> sql.receive(1, Duration.ofSeconds(10), Duration.ZERO));
            assertError(badFilter, 400, 40005, "ILLEGAL_FILTER");
        }
        try (HttpSimpleConsumer fifo = HttpSimpleConsumer.builder(config).topic(topic).group(group).fifo(true).build()) {
            BadRequestException notOrderly = assertThrows(BadRequestException.class,
                () -> fifo.receive(1, Duration.ofSeconds(10), Duration.ZERO));
            assertError(notOrderly, 400, 40002, "ILLEGAL_GROUP");
        }
        assertEquals("each refused receive reached the proxy once", receivesBefore + 4,
            LiveProxies.requests(proxy, "GET", RECEIVE, 400));
    }

    @Test
    public void reservedTopicsAndGroupsAreForbidden() {
        for (String reserved : List.of("TBW102", "RMQ_SYS_TRACE_TOPIC", "SCHEDULE_TOPIC_XXXX", "%DLQ%GID_any")) {
            ForbiddenException e = assertThrows(reserved, ForbiddenException.class,
                () -> producer.send(Message.builder().topic(reserved).body("x").build()));
            assertError(e, 403, 40300, "FORBIDDEN");
        }
        try (HttpProducer reservedGroup = HttpProducer.create(config.toBuilder().producerGroup("CID_ONSAPI_OWNER").build())) {
            ForbiddenException e = assertThrows(ForbiddenException.class,
                () -> reservedGroup.send(Message.builder().topic(TestCluster.newTopic("err_forbidden")).body("x").build()));
            assertError(e, 403, 40300, "FORBIDDEN");
        }
        String topic = TestCluster.newTopic("err_forbidden_group");
        for (String reserved : List.of("CID_RMQ_SYS_X", "%RETRY%GID_any")) {
            try (HttpSimpleConsumer consumer = consumer(topic, reserved)) {
                ForbiddenException e = assertThrows(reserved, ForbiddenException.class,
                    () -> consumer.receive(1, Duration.ofSeconds(10), Duration.ZERO));
                assertError(e, 403, 40300, "FORBIDDEN");
            }
        }
    }
}
