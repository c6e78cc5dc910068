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
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

public class FailoverTest {
    private static final String RECEIPT = "{\"messageId\":\"MID\",\"topic\":\"TopicTest\",\"brokerName\":\"b\",\"queueId\":0,\"queueOffset\":0}";

    private FakeProxy first;
    private FakeProxy second;

    @Before
    public void start() throws Exception {
        first = new FakeProxy().respond(request -> FakeProxy.Reply.json(200, RECEIPT));
        second = new FakeProxy().respond(request -> FakeProxy.Reply.json(200, RECEIPT));
    }

    @After
    public void stop() {
        first.close();
        second.close();
    }

    private static Message message() {
        return Message.builder().topic("TopicTest").body("x").build();
    }

    @Test
    public void requestsAreSpreadRoundRobinOverHealthyEndpoints() {
        try (HttpProducer producer = HttpProducer.create(TestConfigs.fast(first.endpoint(), second.endpoint()).build())) {
            for (int i = 0; i < 4; i++) {
                producer.send(message());
            }
        }
        assertEquals(2, first.requests().size());
        assertEquals(2, second.requests().size());
    }

    @Test
    public void sendGoesToAnotherEndpointWhenAConnectionIsRefusedEvenWithoutRetries() throws Exception {
        ClientConfig config = TestConfigs.fast(FakeProxy.refusingEndpoint(), second.endpoint())
            .retryPolicy(RetryPolicy.noRetries())
            .markDownDuration(Duration.ofMinutes(10))
            .build();
        try (HttpProducer producer = HttpProducer.create(config)) {
            for (int i = 0; i < 5; i++) {
                assertEquals("MID", producer.send(message()).messageId());
            }
        }
        assertEquals("every send, the first one included, reached the live proxy once", 5, second.requests().size());
    }

    @Test
    public void endpointAnswering503IsMarkedDownAndSkipped() {
        first.respond(request -> FakeProxy.Reply.error(50300, "BROKER_UNAVAILABLE", "no broker"));
        ClientConfig config = TestConfigs.fast(first.endpoint(), second.endpoint())
            .markDownDuration(Duration.ofMinutes(10))
            .build();
        try (HttpSimpleConsumer consumer = HttpSimpleConsumer.builder(config).group("G").topic("TopicTest").build()) {
            second.respond(request -> FakeProxy.Reply.json(200, "{\"messages\":[]}"));
            for (int i = 0; i < 6; i++) {
                assertTrue(consumer.receive(1, Duration.ofSeconds(30), Duration.ZERO).isEmpty());
            }
        }
        assertEquals("only the first request met the 503; the endpoint was skipped afterwards", 1, first.requests().size());
        assertEquals(6, second.requests().size());
    }

    @Test
    public void sendThatMayHaveReachedAProxyIsNotRetriedElsewhere() {
        first.hang();
        ClientConfig config = TestConfigs.fast(first.endpoint(), second.endpoint()).requestTimeout(Duration.ofMillis(300)).build();
        try (HttpProducer producer = HttpProducer.create(config)) {
            NetworkException e = assertThrows(NetworkException.class, () -> producer.send(message()));
            assertTrue(e.mayHaveReachedProxy());
            assertTrue(e.isTimeout());
        }
        assertEquals(1, first.requests().size());
        assertEquals(0, second.requests().size());
    }

    @Test
    public void sendThatTimedOutIsRetriedElsewhereWhenTheCallerAcceptsDuplicates() {
        first.hang();
        ClientConfig config = TestConfigs.fast(first.endpoint(), second.endpoint())
            .requestTimeout(Duration.ofMillis(300))
            .retryPolicy(RetryPolicy.builder().fixedBackoff(Duration.ZERO).retryAmbiguousSends(true).build())
            .build();
        try (HttpProducer producer = HttpProducer.create(config)) {
            assertEquals("MID", producer.send(message()).messageId());
        }
        assertEquals(1, first.requests().size());
        assertEquals(1, second.requests().size());
    }

    @Test
    public void sendFailsAsNotStoredWhenNoEndpointAcceptsAConnection() throws Exception {
        ClientConfig config = TestConfigs.fast(FakeProxy.refusingEndpoint(), FakeProxy.refusingEndpoint()).build();
        try (HttpProducer producer = HttpProducer.create(config)) {
            NetworkException e = assertThrows(NetworkException.class, () -> producer.send(message()));
            assertFalse(e.mayHaveReachedProxy());
            assertEquals("CONNECT_FAILED", e.error());
        }
    }

    @Test
    public void receiveIsRetriedAfterATimeoutBecauseReceivingIsSafeToRepeat() {
        first.hang();
        second.respond(request -> FakeProxy.Reply.json(200, "{\"messages\":[]}"));
        ClientConfig config = TestConfigs.fast(first.endpoint(), second.endpoint()).requestTimeout(Duration.ofMillis(300)).build();
        try (HttpSimpleConsumer consumer = HttpSimpleConsumer.builder(config).group("G").topic("TopicTest").build()) {
            assertTrue(consumer.receive(1, Duration.ofSeconds(30), Duration.ZERO).isEmpty());
        }
        assertEquals(1, first.requests().size());
        assertEquals(1, second.requests().size());
    }
}
