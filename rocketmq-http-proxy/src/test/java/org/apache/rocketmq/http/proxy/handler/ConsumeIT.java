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
package org.apache.rocketmq.http.proxy.handler;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.rocketmq.common.attribute.TopicMessageType;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.test.HttpTestClient;
import org.apache.rocketmq.http.proxy.test.TestCluster;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

/**
 * Receive, ack, leases, redelivery, filters and replay over real HTTP against a real broker.
 */
public class ConsumeIT {
    private static HttpProxyController proxy;
    private static HttpTestClient http;

    @BeforeClass
    public static void startProxy() {
        proxy = TestCluster.startProxy();
        http = new HttpTestClient(proxy.port());
    }

    @AfterClass
    public static void stopProxy() {
        proxy.shutdown();
    }

    static void produce(HttpTestClient http, String topic, String body, String tag, Map<String, String> props) {
        Map<String, Object> m = new HashMap<>();
        m.put("body", body);
        if (tag != null) {
            m.put("tag", tag);
        }
        if (props != null) {
            m.put("properties", props);
        }
        HttpTestClient.Response r = http.postJson("/v1/topics/" + topic + "/messages", m);
        assertEquals(r.toString(), 200, r.status);
    }

    private static List<String> handles(JsonNode messages) {
        List<String> handles = new ArrayList<>();
        messages.forEach(m -> handles.add(m.get("receiptHandle").asText()));
        return handles;
    }

    @Test
    public void everyMessageIsReceivedOnceWhenAckedInTimeAndNothingIsMissing() throws Exception {
        String topic = TestCluster.newTopic("consume_all");
        String group = TestCluster.newGroup("GID_all");
        for (int i = 0; i < 50; i++) {
            produce(http, topic, "m" + i, null, null);
        }
        Set<String> bodies = new HashSet<>();
        int deliveries = 0;
        long deadline = System.currentTimeMillis() + 30_000;
        while (bodies.size() < 50 && System.currentTimeMillis() < deadline) {
            JsonNode messages = http.receive(topic, group, "&max=16&waitSeconds=2&invisibleSeconds=10");
            for (JsonNode m : messages) {
                deliveries++;
                bodies.add(m.get("body").asText());
                assertEquals(1, m.get("deliveryAttempt").asInt());
                assertEquals(topic, m.get("topic").asText());
                assertTrue(m.get("invisibleUntil").asLong() > System.currentTimeMillis());
            }
            if (!messages.isEmpty()) {
                HttpTestClient.Response ack = http.ack(topic, group, handles(messages));
                assertEquals(ack.toString(), 200, ack.status);
                ack.json().get("results").forEach(r -> assertEquals("OK", r.get("status").asText()));
            }
        }
        assertEquals(50, bodies.size());
        assertEquals("each message delivered exactly once", 50, deliveries);
        // acked messages do not come back after their invisibility would have ended
        JsonNode again = http.receive(topic, group, "&waitSeconds=14");
        assertEquals(again.toString(), 0, again.size());
    }

    @Test
    public void unackedMessageComesBackWithTheNextAttempt() throws Exception {
        String topic = TestCluster.newTopic("consume_redeliver");
        String group = TestCluster.newGroup("GID_redeliver");
        produce(http, topic, "again", null, null);
        JsonNode first = http.receive(topic, group, "&waitSeconds=5&invisibleSeconds=10");
        assertEquals(1, first.size());
        long firstAt = System.currentTimeMillis();

        JsonNode second = http.receive(topic, group, "&waitSeconds=2&invisibleSeconds=10");
        while (second.isEmpty() && System.currentTimeMillis() - firstAt < 60_000) {
            // short waits: a RocketMQ 5.2 broker does not wake a receive already waiting when it revives an
            // expired message, the next receive gets it
            second = http.receive(topic, group, "&waitSeconds=2&invisibleSeconds=10");
        }
        assertEquals(1, second.size());
        assertTrue("came back after " + (System.currentTimeMillis() - firstAt) + " ms",
            System.currentTimeMillis() - firstAt >= 9_000);
        assertEquals(first.get(0).get("messageId").asText(), second.get(0).get("messageId").asText());
        assertEquals(2, second.get(0).get("deliveryAttempt").asInt());
        assertEquals("again", second.get(0).get("body").asText());
        assertNotEquals(first.get(0).get("receiptHandle").asText(), second.get(0).get("receiptHandle").asText());

        HttpTestClient.Response staleAck = http.ack(topic, group, handles(first));
        assertEquals(207, staleAck.status);
        assertEquals(41000, staleAck.json().get("results").get(0).get("error").get("code").asInt());
        HttpTestClient.Response ack = http.ack(topic, group, handles(second));
        assertEquals(ack.toString(), 200, ack.status);
    }

    @Test
    public void leaseExtensionDelaysRedeliveryAndNackReturnsTheMessage() throws Exception {
        String topic = TestCluster.newTopic("consume_lease");
        String group = TestCluster.newGroup("GID_lease");
        produce(http, topic, "leased", null, null);
        JsonNode got = http.receive(topic, group, "&waitSeconds=5&invisibleSeconds=10");
        assertEquals(1, got.size());
        String oldHandle = got.get(0).get("receiptHandle").asText();

        HttpTestClient.Response extended = http.lease(topic, group, oldHandle, 60);
        assertEquals(extended.toString(), 200, extended.status);
        String newHandle = extended.json().get("receiptHandle").asText();
        assertNotEquals(oldHandle, newHandle);
        assertTrue(extended.json().get("invisibleUntil").asLong() > System.currentTimeMillis() + 55_000);

        // without the extension it would be back after 10 s
        JsonNode meanwhile = http.receive(topic, group, "&waitSeconds=15");
        assertEquals(meanwhile.toString(), 0, meanwhile.size());

        // the replaced handle is refused on this proxy rather than reported as acked
        HttpTestClient.Response oldAck = http.ack(topic, group, List.of(oldHandle));
        assertEquals(207, oldAck.status);
        assertEquals(41000, oldAck.json().get("results").get(0).get("error").get("code").asInt());
        HttpTestClient.Response oldLease = http.lease(topic, group, oldHandle, 0);
        assertEquals(410, oldLease.status);

        HttpTestClient.Response nack = http.lease(topic, group, newHandle, 0);
        assertEquals(nack.toString(), 200, nack.status);
        long nackedAt = System.currentTimeMillis();
        List<JsonNode> back = new ArrayList<>();
        while (back.isEmpty() && System.currentTimeMillis() - nackedAt < 45_000) {
            // short waits: a RocketMQ 5.2 broker does not wake a receive already waiting when it revives a
            // nacked message, the next receive gets it
            http.receive(topic, group, "&waitSeconds=2").forEach(back::add);
        }
        assertEquals("a nack returns the message well before the 60 s lease would have", 1, back.size());
        assertEquals("leased", back.get(0).get("body").asText());
        assertEquals(200, http.ack(topic, group, List.of(back.get(0).get("receiptHandle").asText())).status);
    }

    @Test
    public void tagFilterReturnsOnlyMatchingTags() throws Exception {
        String topic = TestCluster.newTopic("consume_tag");
        String group = TestCluster.newGroup("GID_tag");
        produce(http, topic, "a", "TagA", null);
        produce(http, topic, "b", "TagB", null);
        produce(http, topic, "c", "TagC", null);
        Set<String> bodies = new HashSet<>();
        long deadline = System.currentTimeMillis() + 15_000;
        while (bodies.size() < 2 && System.currentTimeMillis() < deadline) {
            JsonNode messages = http.receive(topic, group, "&tag=TagA%7C%7CTagB&waitSeconds=2");
            messages.forEach(m -> bodies.add(m.get("body").asText() + ":" + m.get("tag").asText()));
            if (!messages.isEmpty()) {
                http.ack(topic, group, handles(messages));
            }
        }
        JsonNode rest = http.receive(topic, group, "&tag=TagA%7C%7CTagB&waitSeconds=2");
        assertEquals(Set.of("a:TagA", "b:TagB"), bodies);
        assertEquals(0, rest.size());
    }

    @Test
    public void sqlFilterReturnsOnlyMatchingProperties() throws Exception {
        String topic = TestCluster.newTopic("consume_sql");
        String group = TestCluster.newGroup("GID_sql");
        produce(http, topic, "eu1", null, Map.of("region", "eu", "n", "1"));
        produce(http, topic, "us", null, Map.of("region", "us", "n", "2"));
        produce(http, topic, "eu2", null, Map.of("region", "eu", "n", "3"));
        Set<String> bodies = new HashSet<>();
        long deadline = System.currentTimeMillis() + 15_000;
        String sql = java.net.URLEncoder.encode("region = 'eu'", StandardCharsets.UTF_8);
        while (bodies.size() < 2 && System.currentTimeMillis() < deadline) {
            JsonNode messages = http.receive(topic, group, "&sql=" + sql + "&waitSeconds=2");
            messages.forEach(m -> {
                bodies.add(m.get("body").asText());
                assertEquals("eu", m.get("properties").get("region").asText());
            });
            if (!messages.isEmpty()) {
                http.ack(topic, group, handles(messages));
            }
        }
        assertEquals(Set.of("eu1", "eu2"), bodies);
    }

    @Test
    public void receivedMessageShowsOnlyUserPropertiesAndTheBodyAsSent() throws Exception {
        String topic = TestCluster.newTopic("consume_fields");
        String group = TestCluster.newGroup("GID_fields");
        byte[] binary = {(byte) 0xff, 0, 1, (byte) 0xfe};
        Map<String, Object> m = new HashMap<>();
        m.put("body", Base64.getEncoder().encodeToString(binary));
        m.put("bodyEncoding", "base64");
        m.put("tag", "T1");
        m.put("keys", List.of("k1", "k2"));
        m.put("properties", Map.of("p", "v"));
        assertEquals(200, http.postJson("/v1/topics/" + topic + "/messages", m).status);

        JsonNode got = http.receive(topic, group, "&waitSeconds=5");
        assertEquals(1, got.size());
        JsonNode msg = got.get(0);
        assertEquals("base64", msg.get("bodyEncoding").asText());
        assertEquals(Base64.getEncoder().encodeToString(binary), msg.get("body").asText());
        assertEquals("T1", msg.get("tag").asText());
        assertEquals(2, msg.get("keys").size());
        assertEquals(Map.of("p", "v"), new com.fasterxml.jackson.databind.ObjectMapper().convertValue(msg.get("properties"),
            Map.class));
        assertTrue(msg.get("messageGroup").isNull());
        assertEquals("broker-it", msg.get("brokerName").asText());
        assertTrue(msg.get("bornTimestamp").asLong() > 0);
        assertTrue(msg.get("storeTimestamp").asLong() > 0);
        assertFalse(msg.get("receiptHandle").asText().matches(".*[^A-Za-z0-9_-].*"));
        assertEquals(200, http.ack(topic, group, List.of(msg.get("receiptHandle").asText())).status);
    }

    @Test
    public void replayReadsAQueueByOffsetWithoutGroupState() throws Exception {
        String topic = TestCluster.newTopic("consume_replay");
        List<JsonNode> receipts = new ArrayList<>();
        Map<Integer, Integer> perQueue = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            HttpTestClient.Response r = http.postJson("/v1/topics/" + topic + "/messages", Map.of("body", "r" + i));
            assertEquals(r.toString(), 200, r.status);
            receipts.add(r.json());
            perQueue.merge(r.json().get("queueId").asInt(), 1, Integer::sum);
        }
        // a stored message is readable at the offset its receipt names once the broker dispatched it to
        // its queue: a read that waits gets it as soon as that happened
        for (JsonNode receipt : receipts) {
            HttpTestClient.Response page = http.get("/v1/topics/" + topic + "/queues/" + receipt.get("brokerName").asText()
                + "/" + receipt.get("queueId").asInt() + "/messages?offset=" + receipt.get("queueOffset").asLong()
                + "&max=1&waitSeconds=20");
            assertEquals(page.toString(), 200, page.status);
            assertEquals(page.toString(), 1, page.json().get("messages").size());
            assertEquals(receipt.get("messageId").asText(), page.json().get("messages").get(0).get("messageId").asText());
        }

        // and from then on the queues count it
        HttpTestClient.Response queues = http.get("/v1/topics/" + topic + "/queues");
        assertEquals(queues.toString(), 200, queues.status);
        assertEquals(4, queues.json().get("queues").size());
        assertEquals("every broker answered", 0, queues.json().get("unavailableBrokers").size());
        Set<String> bodies = new HashSet<>();
        for (JsonNode q : queues.json().get("queues")) {
            assertEquals(queues.toString(), 0, q.get("minOffset").asLong());
            assertEquals(queues.toString(), (long) perQueue.getOrDefault(q.get("queueId").asInt(), 0),
                q.get("maxOffset").asLong());
            String base = "/v1/topics/" + topic + "/queues/" + q.get("brokerName").asText() + "/" + q.get("queueId").asInt();
            HttpTestClient.Response page = http.get(base + "/messages?offset=0&max=32");
            assertEquals(page.toString(), 200, page.status);
            assertEquals(q.get("maxOffset").asLong(), page.json().get("nextOffset").asLong());
            assertEquals(q.get("maxOffset").asLong(), page.json().get("messages").size());
            for (JsonNode m : page.json().get("messages")) {
                bodies.add(m.get("body").asText());
                assertNotNull(m.get("queueOffset"));
                assertTrue(m.get("receiptHandle") == null);
            }
            // reading again gives the same messages: no group state moved
            assertEquals(page.json().get("messages").size(), http.get(base + "/messages?offset=0").json()
                .get("messages").size());
        }
        assertEquals(6, bodies.size());
    }

    @Test
    public void replayReadAtTheEndOfAQueueWaitsForTheNextMessage() throws Exception {
        String topic = TestCluster.newTopic("consume_tail", 1, TopicMessageType.NORMAL);
        CompletableFuture<HttpTestClient.Response> read = CompletableFuture.supplyAsync(() ->
            http.get("/v1/topics/" + topic + "/queues/broker-it/0/messages?offset=0&waitSeconds=30"));
        try {
            read.get(1, TimeUnit.SECONDS);
            throw new AssertionError("answered at once although the queue is empty: " + read.get());
        } catch (TimeoutException expected) {
            // held on the broker
        }
        produce(http, topic, "tail", null, null);
        HttpTestClient.Response page = read.get(30, TimeUnit.SECONDS);
        assertEquals(page.toString(), 200, page.status);
        assertEquals(page.toString(), 1, page.json().get("messages").size());
        assertEquals("tail", page.json().get("messages").get(0).get("body").asText());
        assertEquals(1, page.json().get("nextOffset").asLong());

        // a wait that sees nothing arrive answers nothing, with the same offset to read next
        HttpTestClient.Response nothing = http.get("/v1/topics/" + topic + "/queues/broker-it/0/messages?offset=1&waitSeconds=1");
        assertEquals(nothing.toString(), 200, nothing.status);
        assertEquals(0, nothing.json().get("messages").size());
        assertEquals(1, nothing.json().get("nextOffset").asLong());
    }

    @Test
    public void consumeErrorsFollowTheContract() throws Exception {
        String topic = TestCluster.newTopic("consume_errors");
        String group = TestCluster.newGroup("GID_errors");
        assertCode(http.get("/v1/topics/" + topic + "/messages"), 40002);
        assertCode(http.get("/v1/topics/" + TestCluster.uniqueName("missing") + "/messages?group=" + group), 40402);
        assertCode(http.get("/v1/topics/" + topic + "/messages?group=" + TestCluster.uniqueName("GID_missing")), 40403);
        assertCode(http.get("/v1/topics/" + topic + "/messages?group=" + group + "&max=33"), 40000);
        assertCode(http.get("/v1/topics/" + topic + "/messages?group=" + group + "&max=0"), 40000);
        assertCode(http.get("/v1/topics/" + topic + "/messages?group=" + group + "&waitSeconds=31"), 40000);
        assertCode(http.get("/v1/topics/" + topic + "/messages?group=" + group + "&invisibleSeconds=9"), 40000);
        assertCode(http.get("/v1/topics/" + topic + "/messages?group=" + group + "&order=maybe"), 40000);
        assertCode(http.get("/v1/topics/" + topic + "/messages?group=" + group + "&tag=A&sql=a%3D1"), 40005);
        assertCode(http.get("/v1/topics/" + topic + "/messages?group=" + group + "&sql=region%20%3D%3D%3D"), 40005);
        assertCode(http.get("/v1/topics/" + topic + "/messages?group=" + group + "&order=true"), 40002);
        assertCode(http.get("/v1/topics/" + topic + "/messages?group=CID_RMQ_SYS_X"), 40300);

        HttpTestClient.Response malformed = http.ack(topic, group, List.of("not-a-handle", "%%%"));
        assertEquals(207, malformed.status);
        malformed.json().get("results").forEach(r -> assertEquals(40004, r.get("error").get("code").asInt()));
        assertCode(http.lease(topic, group, "bm90LWEtaGFuZGxl", 10), 40004);
        assertCode(http.postJson("/v1/topics/" + topic + "/acks?group=" + group, "{\"receiptHandles\":[]}"), 40000);
        assertCode(http.postJson("/v1/topics/" + topic + "/acks?group=" + group, "{\"receiptHandles\":[1]}"), 40000);
        assertCode(http.postJson("/v1/topics/" + topic + "/leases?group=" + group,
            "{\"receiptHandle\":\"x\",\"invisibleSeconds\":-1}"), 40000);

        // a handle of another group is not usable here
        produce(http, topic, "x", null, null);
        JsonNode got = http.receive(topic, group, "&waitSeconds=5");
        assertEquals(1, got.size());
        String other = TestCluster.newGroup("GID_other");
        HttpTestClient.Response wrongGroup = http.ack(topic, other, handles(got));
        assertEquals(40004, wrongGroup.json().get("results").get(0).get("error").get("code").asInt());
        assertEquals(200, http.ack(topic, group, handles(got)).status);
        assertEquals(200, http.get("/health").status);
    }

    @Test
    public void brokerUnreachableIs503AndTheProxyKeepsServing() throws Exception {
        HttpProxyController detached = TestCluster.startProxy(c -> c.setNamesrvAddr("127.0.0.1:1"));
        try {
            HttpTestClient client = new HttpTestClient(detached.port());
            assertCode(client.get("/v1/topics/TopicX/messages?group=GID_x&waitSeconds=0"), 50300);
            assertCode(client.postJson("/v1/topics/TopicX/messages", "{\"body\":\"x\"}"), 50300);
            assertCode(client.get("/ready"), 50300);
            assertEquals(200, client.get("/health").status);
        } finally {
            detached.shutdown();
        }
    }

    private static void assertCode(HttpTestClient.Response r, int code) {
        assertEquals(r.toString(), code / 100, r.status);
        assertEquals(r.toString(), code, r.json().get("code").asInt());
    }
}
