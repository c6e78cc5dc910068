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
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/** A proxy that accepts connections and never answers must not hang the caller. */
public class TimeoutTest {
    private FakeProxy silent;

    @Before
    public void start() throws Exception {
        silent = new FakeProxy().hang();
    }

    @After
    public void stop() {
        silent.close();
    }

    @Test
    public void sendToAProxyThatNeverAnswersFailsWithATimeoutWithinTheRequestTimeout() {
        ClientConfig config = ClientConfig.builder()
            .endpoints(silent.endpoint())
            .requestTimeout(Duration.ofMillis(300))
            .build();
        try (HttpProducer producer = HttpProducer.create(config)) {
            long start = System.nanoTime();
            NetworkException e = assertThrows(NetworkException.class,
                () -> producer.send(Message.builder().topic("TopicTest").body("x").build()));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

            assertTrue(e.isTimeout());
            assertEquals("REQUEST_TIMEOUT", e.error());
            assertTrue("gave up after " + elapsedMillis + " ms", elapsedMillis >= 300 && elapsedMillis < 5_000);
        }
    }

    @Test
    public void receiveTimeoutIsTheWaitPlusTheRequestTimeout() {
        ClientConfig config = ClientConfig.builder()
            .endpoints(silent.endpoint())
            .requestTimeout(Duration.ofMillis(300))
            .retryPolicy(RetryPolicy.noRetries())
            .build();
        try (HttpSimpleConsumer consumer = HttpSimpleConsumer.builder(config).group("G").topic("TopicTest").build()) {
            long start = System.nanoTime();
            NetworkException e = assertThrows(NetworkException.class,
                () -> consumer.receive(1, Duration.ofSeconds(30), Duration.ofSeconds(1)));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

            assertTrue(e.isTimeout());
            assertTrue("gave up after " + elapsedMillis + " ms", elapsedMillis >= 1_300 && elapsedMillis < 10_000);
        }
    }
}
