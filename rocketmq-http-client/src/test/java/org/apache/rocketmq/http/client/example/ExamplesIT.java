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
package org.apache.rocketmq.http.client.example;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.test.NativeConsumers;
import org.apache.rocketmq.http.proxy.test.TestCluster;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * The examples, run as the SDK README says, against a real proxy and broker: what the producer example
 * sends arrives (read with a stock RocketMQ consumer), and both consumer examples consume all of it.
 */
public class ExamplesIT {
    private static final int SENT = 7;
    private static final Set<String> BODIES = Set.of("Hello RocketMQ over HTTP", "sent without blocking",
        "batch message 0", "batch message 1", "batch message 2", "batch message 3");

    private static HttpProxyController proxy;
    private static String endpoint;

    @BeforeClass
    public static void startProxy() {
        proxy = TestCluster.startProxy();
        endpoint = "http://127.0.0.1:" + proxy.port();
    }

    @AfterClass
    public static void stopProxy() {
        proxy.shutdown();
    }

    /** Runs an example's main and returns what it printed. */
    private static String run(ThrowingRunnable example) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            example.run();
        } finally {
            System.setOut(out);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        out.print(text);
        return text;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    @Test
    public void producerExampleStoresWhatItPrints() throws Exception {
        String topic = TestCluster.newTopic("example_produce");
        String printed = run(() -> ProducerExample.main(new String[] {endpoint, topic}));
        assertEquals(printed, SENT, count(printed, "messageId="));

        List<MessageExt> stored = NativeConsumers.readFromStart(topic, SENT, 20_000);
        assertEquals(SENT, stored.size());
        Set<String> texts = new HashSet<>();
        for (MessageExt m : stored) {
            assertTrue(printed, printed.contains(m.getMsgId()));
            texts.add(new String(m.getBody(), StandardCharsets.UTF_8));
        }
        assertTrue(texts.toString(), texts.containsAll(BODIES));
    }

    @Test
    public void simpleConsumerExampleAcksEverythingThePostponedMessageToo() throws Exception {
        String topic = TestCluster.newTopic("example_simple");
        String group = TestCluster.newGroup("GID_example_simple");
        run(() -> ProducerExample.main(new String[] {endpoint, topic}));

        String printed = run(() -> SimpleConsumerExample.main(new String[] {endpoint, topic, group}));

        assertEquals(printed, 1, count(printed, "postponed, new handle"));
        assertEquals(printed, SENT, count(printed, "  acked"));
        assertEquals(printed, SENT + 1, count(printed, "received "));
        for (String body : BODIES) {
            assertTrue(body, printed.contains("body=" + body));
        }
        assertTrue(printed.endsWith("no message within 10 s, done" + System.lineSeparator()));
    }

    @Test
    public void pushConsumerExampleConsumesEverything() throws Exception {
        String topic = TestCluster.newTopic("example_push");
        String group = TestCluster.newGroup("GID_example_push");
        run(() -> ProducerExample.main(new String[] {endpoint, topic}));

        // the example consumes for as long as it is told; what it finds is there from the start
        String printed = run(() -> PushConsumerExample.main(new String[] {endpoint, topic, group, "20"}));

        assertEquals(printed, SENT, count(printed, " consumed "));
        assertTrue(printed, printed.contains("closed after " + SENT + " messages"));
        for (String body : BODIES) {
            assertTrue(body, printed.contains(": " + body + System.lineSeparator()));
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
