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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/**
 * A proxy that says when to come back (429, 503 with {@code Retry-After}) is not asked sooner.
 */
public class RetryAfterTest {
    private static final String EMPTY = "{\"messages\":[]}";

    private FakeProxy first;
    private FakeProxy second;

    @Before
    public void start() throws Exception {
        first = new FakeProxy();
        second = new FakeProxy().respond(request -> FakeProxy.Reply.json(200, EMPTY));
    }

    @After
    public void stop() {
        first.close();
        second.close();
    }

    /** Backoff of 10 ms but up to 2 s, so that a Retry-After of 1 s is waited for. */
    private static ClientConfig.Builder config(String... endpoints) {
        return TestConfigs.fast(endpoints)
            .retryPolicy(RetryPolicy.builder().maxAttempts(3).backoff(Duration.ofMillis(10), Duration.ofSeconds(2), 2).build());
    }

    private static HttpSimpleConsumer consumer(ClientConfig config) {
        return HttpSimpleConsumer.builder(config).group("GroupTest").topic("TopicTest").build();
    }

    private static long millisBetween(FakeProxy.Recorded a, FakeProxy.Recorded b) {
        return (b.receivedNanos - a.receivedNanos) / 1_000_000;
    }

    @Test
    public void aReceiveAnswered503IsRetriedOnlyAfterRetryAfterWhenNoOtherProxyIsUp() {
        AtomicInteger calls = new AtomicInteger();
        first.respond(request -> calls.incrementAndGet() == 1
            ? FakeProxy.Reply.error(50300, "BROKER_UNAVAILABLE", "busy").header("Retry-After", "1")
            : FakeProxy.Reply.json(200, EMPTY));
        try (HttpSimpleConsumer consumer = consumer(config(first.endpoint()).build())) {
            assertTrue(consumer.receive(1, Duration.ofSeconds(30), Duration.ZERO).isEmpty());
        }
        List<FakeProxy.Recorded> requests = first.requests();
        assertEquals(2, requests.size());
        long waited = millisBetween(requests.get(0), requests.get(1));
        assertTrue("retried after " + waited + " ms", waited >= 1000);
    }

    @Test
    public void aReceiveAnswered429IsRetriedAfterRetryAfter() {
        AtomicInteger calls = new AtomicInteger();
        first.respond(request -> calls.incrementAndGet() == 1
            ? FakeProxy.Reply.error(42900, "TOO_MANY_REQUESTS", "quota").header("Retry-After", "1")
            : FakeProxy.Reply.json(200, EMPTY));
        try (HttpSimpleConsumer consumer = consumer(config(first.endpoint()).build())) {
            consumer.receive(1, Duration.ofSeconds(30), Duration.ZERO);
        }
        List<FakeProxy.Recorded> requests = first.requests();
        assertEquals(2, requests.size());
        long waited = millisBetween(requests.get(0), requests.get(1));
        assertTrue("retried after " + waited + " ms", waited >= 1000);
    }

    @Test
    public void a503WithALongRetryAfterIsReportedWhenNoOtherProxyIsUp() {
        first.respond(request -> FakeProxy.Reply.error(50300, "BROKER_UNAVAILABLE", "busy").header("Retry-After", "60"));
        try (HttpSimpleConsumer consumer = consumer(config(first.endpoint()).build())) {
            BrokerUnavailableException e = assertThrows(BrokerUnavailableException.class,
                () -> consumer.receive(1, Duration.ofSeconds(30), Duration.ZERO));
            assertEquals(Duration.ofSeconds(60), e.retryAfter().orElseThrow());
        }
        assertEquals(1, first.requests().size());
    }

    @Test
    public void a503GoesToAnotherProxyAtOnce() {
        first.respond(request -> FakeProxy.Reply.error(50300, "BROKER_UNAVAILABLE", "busy").header("Retry-After", "60"));
        ClientConfig config = config(first.endpoint(), second.endpoint())
            .markDownDuration(Duration.ofMinutes(10)).build();
        try (HttpSimpleConsumer consumer = consumer(config)) {
            for (int i = 0; i < 4; i++) {
                assertTrue(consumer.receive(1, Duration.ofSeconds(30), Duration.ZERO).isEmpty());
            }
        }
        assertTrue(first.requests().size() <= 1);
        assertEquals(4, second.requests().size());
    }

    @Test
    public void aThrottledPushConsumerPollsNoSoonerThanItIsToldTo() throws Exception {
        first.respond(request -> FakeProxy.Reply.error(42900, "TOO_MANY_REQUESTS", "quota").header("Retry-After", "2"));
        ClientConfig config = TestConfigs.fast(first.endpoint()).retryPolicy(RetryPolicy.noRetries()).build();
        HttpPushConsumer consumer = HttpPushConsumer.builder(config).group("GroupTest").topic("TopicTest")
            .pollingThreads(1).waitDuration(Duration.ofSeconds(1)).listener(message -> ConsumeResult.SUCCESS).build();
        try {
            Thread.sleep(3000);
        } finally {
            consumer.close();
        }
        List<FakeProxy.Recorded> requests = first.requests();
        assertTrue("polled " + requests.size() + " times in 3 s", requests.size() >= 1 && requests.size() <= 2);
        if (requests.size() == 2) {
            long waited = millisBetween(requests.get(0), requests.get(1));
            assertTrue("polled again after " + waited + " ms", waited >= 2000);
        }
    }
}
