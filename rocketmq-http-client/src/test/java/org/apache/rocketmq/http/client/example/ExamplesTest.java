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

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.http.client.FakeProxy;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/** The examples run end to end against a fake proxy, so that they keep working as the SDK changes. */
public class ExamplesTest {
    private static final String RECEIPT = "{\"messageId\":\"MID\",\"topic\":\"TopicTest\",\"brokerName\":\"b\",\"queueId\":0,\"queueOffset\":0}";

    private FakeProxy proxy;
    private final List<String> acked = new CopyOnWriteArrayList<>();
    private final List<String> leases = new CopyOnWriteArrayList<>();

    @Before
    public void start() throws Exception {
        proxy = new FakeProxy();
    }

    @After
    public void stop() {
        proxy.close();
    }

    /** Answers receives with {@code batches} in turn, then with nothing; records acks and leases. */
    private void serve(String... batches) {
        AtomicInteger receives = new AtomicInteger();
        proxy.respond(request -> {
            if (request.method.equals("GET")) {
                int n = receives.getAndIncrement();
                return FakeProxy.Reply.json(200, "{\"messages\":[" + (n < batches.length ? batches[n] : "") + "]}");
            }
            JsonNode json = request.json();
            if (request.rawPath.endsWith("/acks")) {
                String handle = json.get("receiptHandles").get(0).asText();
                acked.add(handle);
                return FakeProxy.Reply.json(200, "{\"results\":[{\"receiptHandle\":\"" + handle + "\",\"status\":\"OK\"}]}");
            }
            leases.add(json.get("receiptHandle").asText() + "=" + json.get("invisibleSeconds").asInt());
            return FakeProxy.Reply.json(200, "{\"receiptHandle\":\"next\",\"invisibleUntil\":0}");
        });
    }

    private static String message(String id, String tag) {
        return message(id, tag, 1);
    }

    private static String message(String id, String tag, int attempt) {
        return "{\"messageId\":\"" + id + "\",\"topic\":\"TopicTest\",\"tag\":\"" + tag + "\",\"body\":\"aGk=\","
            + "\"bodyEncoding\":\"base64\",\"deliveryAttempt\":" + attempt + ",\"receiptHandle\":\"h-" + id + attempt + "\"}";
    }

    private static boolean isJson(FakeProxy.Recorded request) {
        String contentType = request.header("Content-Type");
        return contentType != null && contentType.startsWith("application/json");
    }

    @Test
    public void producerExampleSendsTextBinaryAsyncAndBatch() {
        proxy.respond(request -> isJson(request) && request.json().has("messages")
            ? FakeProxy.Reply.json(200, "{\"results\":[" + String.join(",", RECEIPT, RECEIPT, RECEIPT, RECEIPT) + "]}")
            : FakeProxy.Reply.json(200, RECEIPT));

        ProducerExample.main(new String[] {proxy.endpoint(), "TopicTest"});

        List<FakeProxy.Recorded> requests = proxy.requests();
        assertEquals(4, requests.size());
        assertEquals("the binary message travels as raw bytes", "application/octet-stream",
            requests.get(1).header("Content-Type"));
        assertEquals("TagB", requests.get(1).header("X-RMQ-Tag"));
        assertEquals(4, requests.get(3).json().get("messages").size());
    }

    @Test
    public void simpleConsumerExampleAcksPostponesAndStopsWhenNothingArrives() {
        // the postponed message comes back after an empty receive: the example waits for it
        serve(message("a", "TagA") + "," + message("b", "TagB"), "", message("b", "TagB", 2));

        SimpleConsumerExample.main(new String[] {proxy.endpoint(), "TopicTest", "GID_HTTP_QUICKSTART"});

        assertEquals(Arrays.asList("h-a1", "h-b2"), acked);
        assertEquals(Arrays.asList("h-b1=10"), leases);
    }

    @Test
    public void pushConsumerExampleConsumesUntilItsTimeIsUpAndCloses() throws Exception {
        serve(message("a", "TagA"));

        PushConsumerExample.main(new String[] {proxy.endpoint(), "TopicTest", "GID_HTTP_QUICKSTART", "1"});

        assertEquals(Arrays.asList("h-a1"), acked);
        assertTrue(leases.isEmpty());
    }

    @Test
    public void transactionProducerExampleCommitsRollsBackAndLetsTheCheckerCommitTheThird() throws Exception {
        List<String> ends = new CopyOnWriteArrayList<>();
        AtomicInteger halves = new AtomicInteger();
        AtomicBoolean asked = new AtomicBoolean();
        proxy.respond(request -> {
            if (request.method.equals("GET")) {
                // the broker asks once the third order was left open
                String checks = halves.get() == 3 && asked.compareAndSet(false, true) ? "{\"transactionHandle\":\"H-3\",\"messageId\":\"M-3\","
                    + "\"checkAttempt\":1,\"keys\":[\"order-3\"],\"properties\":{},\"body\":\"order 3\",\"bodyEncoding\":\"utf-8\"}" : "";
                return FakeProxy.Reply.json(200, "{\"checks\":[" + checks + "]}");
            }
            if (request.rawPath.endsWith("/messages")) {
                return FakeProxy.Reply.json(200, RECEIPT.replace("}", ",\"transactionHandle\":\"H-" + halves.incrementAndGet()
                    + "\"}"));
            }
            String action = request.json().get("action").asText();
            ends.add(request.json().get("transactionHandle").asText() + "=" + action);
            return FakeProxy.Reply.json(200, "{\"status\":\"" + (action.equals("COMMIT") ? "COMMITTED" : "ROLLED_BACK") + "\"}");
        });

        TransactionProducerExample.main(new String[] {proxy.endpoint(), "TopicTest", "10"});

        assertEquals(Arrays.asList("H-1=COMMIT", "H-2=ROLLBACK", "H-3=COMMIT"), ends);
    }
}
