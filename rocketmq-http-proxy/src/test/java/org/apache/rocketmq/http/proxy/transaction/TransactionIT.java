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
package org.apache.rocketmq.http.proxy.transaction;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.attribute.TopicMessageType;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.http.proxy.common.HandleSealer;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.http.proxy.config.TransactionConfig;
import org.apache.rocketmq.http.proxy.test.HttpTestClient;
import org.apache.rocketmq.http.proxy.test.NativeConsumers;
import org.apache.rocketmq.http.proxy.test.TestCluster;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

/**
 * Transactions across two proxies of one cluster against a real broker whose checks come every
 * second for half messages open for two: half messages stay invisible until committed, every proxy
 * ends every transaction, once, and the broker's questions reach HTTP producers with handles that
 * work.
 */
public class TransactionIT {
    static final String SECRET = "it-secret-of-the-proxy-cluster";

    private static HttpProxyController proxyA;
    private static HttpProxyController proxyB;
    private static TransactionClient a;
    private static TransactionClient b;

    @BeforeClass
    public static void startProxies() {
        TestCluster.transactionChecks(2000, 1000);
        proxyA = TestCluster.startProxy(c -> c.getTransaction().setTransactionHandleSecret(SECRET));
        proxyB = TestCluster.startProxy(c -> c.getTransaction().setTransactionHandleSecret(SECRET));
        a = new TransactionClient(proxyA.port());
        b = new TransactionClient(proxyB.port());
    }

    @AfterClass
    public static void stopProxies() {
        proxyA.shutdown();
        proxyB.shutdown();
    }

    static String transactionTopic(String prefix) {
        return TestCluster.newTopic(prefix, 4, TopicMessageType.TRANSACTION);
    }

    /**
     * @return the messages of the topic a stock consumer reads from the start within the time; waits
     *     the whole time unless more than {@code expected} arrive
     */
    static List<MessageExt> delivered(String topic, int expected, long millis) throws Exception {
        return NativeConsumers.readFromStart(topic, expected + 1, millis);
    }

    @Test
    public void halfMessageIsInvisibleUntilCommittedOnAnotherProxy() throws Exception {
        String topic = transactionTopic("tx_commit");
        String group = TestCluster.uniqueName("PID_tx");
        String consumerGroup = TestCluster.newGroup("GID_tx");
        JsonNode half = a.half(topic, group, "{\"transaction\": true, \"body\": \"order 1 paid\", \"tag\": \"TagA\","
            + " \"keys\": [\"order-1\"], \"properties\": {\"region\": \"eu\"}}");
        assertEquals(topic, half.get("topic").asText());
        String handle = half.get("transactionHandle").asText();
        assertTrue("URL-safe: " + handle, handle.matches("[A-Za-z0-9_-]+"));

        assertEquals("HTTP consumers see nothing", 0,
            a.http.receive(topic, consumerGroup, "&waitSeconds=2").size());
        assertEquals("stock consumers see nothing", 0, NativeConsumers.readFromStart(topic, 1, 2000).size());

        HttpTestClient.Response commit = b.end(topic, group, handle, "COMMIT");
        assertEquals(commit.toString(), 200, commit.status);
        assertEquals("COMMITTED", commit.json().get("status").asText());

        JsonNode received = b.http.receive(topic, consumerGroup, "&waitSeconds=5");
        assertEquals(1, received.size());
        JsonNode m = received.get(0);
        assertEquals(half.get("messageId").asText(), m.get("messageId").asText());
        assertEquals("order 1 paid", m.get("body").asText());
        assertEquals("TagA", m.get("tag").asText());
        assertEquals("order-1", m.get("keys").get(0).asText());
        assertEquals("the message's own properties only: " + m.get("properties"), Map.of("region", "eu"),
            Map.of("region", m.get("properties").get("region").asText()));
        assertEquals(1, m.get("properties").size());
        assertEquals("delivered once", 1, delivered(topic, 1, 3000).size());
    }

    @Test
    public void rollbackIsNeverDelivered() throws Exception {
        String topic = transactionTopic("tx_rollback");
        String group = TestCluster.uniqueName("PID_tx");
        HttpTestClient.Response half = a.http.postRaw("/v1/topics/" + topic + "/messages?producerGroup=" + group,
            "raw bytes".getBytes(StandardCharsets.UTF_8),
            Map.of("Content-Type", "application/octet-stream", "X-RMQ-Transaction", "true", "X-RMQ-Tag", "TagB"));
        assertEquals(half.toString(), 200, half.status);
        HttpTestClient.Response rollback = b.end(topic, group, half.json().get("transactionHandle").asText(), "ROLLBACK");
        assertEquals(rollback.toString(), 200, rollback.status);
        assertEquals("ROLLED_BACK", rollback.json().get("status").asText());
        // longer than a few of the broker's check rounds: nothing brings it back
        assertEquals(0, delivered(topic, 0, 5000).size());
    }

    @Test
    public void aSecondEndIsRefusedOnEveryProxyAndDeliversNothingMore() throws Exception {
        String topic = transactionTopic("tx_twice");
        String group = TestCluster.uniqueName("PID_tx");
        String committed = a.halfHandle(topic, group, "committed");
        assertEquals(200, a.end(topic, group, committed, "COMMIT").status);
        assertConflict(a.end(topic, group, committed, "COMMIT"), "COMMITTED");
        assertConflict(b.end(topic, group, committed, "COMMIT"), "COMMITTED");
        assertConflict(b.end(topic, group, committed, "ROLLBACK"), "COMMITTED");

        String rolledBack = b.halfHandle(topic, group, "rolled back");
        assertEquals(200, b.end(topic, group, rolledBack, "ROLLBACK").status);
        assertConflict(b.end(topic, group, rolledBack, "ROLLBACK"), "ROLLED_BACK");
        assertConflict(a.end(topic, group, rolledBack, "COMMIT"), "ROLLED_BACK");
        assertConflict(b.end(topic, group, rolledBack, "COMMIT"), "ROLLED_BACK");

        List<MessageExt> messages = delivered(topic, 1, 5000);
        assertEquals(1, messages.size());
        assertEquals("committed", new String(messages.get(0).getBody(), StandardCharsets.UTF_8));
    }

    static void assertConflict(HttpTestClient.Response r, String status) {
        assertEquals(r.toString(), 409, r.status);
        assertEquals(40900, r.json().get("code").asInt());
        assertTrue(r.toString(), r.json().get("message").asText().endsWith(status));
    }

    @Test
    public void concurrentEndsOnTwoProxiesEndEachTransactionOnce() throws Exception {
        String topic = transactionTopic("tx_race");
        String group = TestCluster.uniqueName("PID_tx");
        int transactions = 6;
        int endsEach = 8;
        ExecutorService pool = Executors.newFixedThreadPool(endsEach);
        try {
            int committed = 0;
            for (int t = 0; t < transactions; t++) {
                String handle = a.halfHandle(topic, group, "race-" + t);
                List<Future<HttpTestClient.Response>> ends = new ArrayList<>();
                for (int i = 0; i < endsEach; i++) {
                    TransactionClient proxy = i % 2 == 0 ? a : b;
                    String action = i % 3 == 0 ? "ROLLBACK" : "COMMIT";
                    Callable<HttpTestClient.Response> end = () -> proxy.end(topic, group, handle, action);
                    ends.add(pool.submit(end));
                }
                int ok = 0;
                String winner = null;
                for (Future<HttpTestClient.Response> f : ends) {
                    HttpTestClient.Response r = f.get(60, TimeUnit.SECONDS);
                    if (r.status == 200) {
                        ok++;
                        winner = r.json().get("status").asText();
                    } else {
                        assertEquals(r.toString(), 409, r.status);
                    }
                }
                assertEquals("exactly one end of transaction " + t + " succeeds", 1, ok);
                if ("COMMITTED".equals(winner)) {
                    committed++;
                }
            }
            assertEquals("each committed transaction delivered once, no other", committed,
                delivered(topic, committed, 5000).size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void forgedAlteredForeignAndExpiredHandlesAreRefused() throws Exception {
        String topic = transactionTopic("tx_handles");
        String otherTopic = transactionTopic("tx_handles_other");
        String group = TestCluster.uniqueName("PID_tx");
        String handle = a.halfHandle(topic, group, "guarded");

        byte[] raw = Base64.getUrlDecoder().decode(handle);
        raw[raw.length / 2] ^= 1;
        String altered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        assertIllegalHandle(a.end(topic, group, altered, "COMMIT"));
        assertIllegalHandle(a.end(topic, group, "not-a-handle", "COMMIT"));
        assertIllegalHandle(a.end(topic, group, "%%%", "COMMIT"));
        assertIllegalHandle(a.end(otherTopic, group, handle, "COMMIT"));
        assertIllegalHandle(a.end(topic, group + "_other", handle, "COMMIT"));

        HttpProxyController foreign = TestCluster.startProxy(c -> c.getTransaction()
            .setTransactionHandleSecret("the-secret-of-another-cluster"));
        HttpProxyController shortLived = TestCluster.startProxy(c -> {
            c.getTransaction().setTransactionHandleSecret(SECRET);
            c.getTransaction().setTransactionHandleTtlSeconds(1);
        });
        try {
            assertIllegalHandle(new TransactionClient(foreign.port()).end(topic, group, handle, "COMMIT"));
            String expiring = new TransactionClient(shortLived.port()).halfHandle(topic, group, "too late");
            Thread.sleep(1500);
            HttpTestClient.Response expired = b.end(topic, group, expiring, "COMMIT");
            assertEquals(expired.toString(), 410, expired.status);
            assertEquals(41001, expired.json().get("code").asInt());
        } finally {
            foreign.shutdown();
            shortLived.shutdown();
        }
        HttpTestClient.Response badAction = a.end(topic, group, handle, "MAYBE");
        assertEquals(badAction.toString(), 400, badAction.status);
        assertEquals("the handle still works after all that", 200, a.end(topic, group, handle, "COMMIT").status);
        List<MessageExt> messages = delivered(topic, 1, 3000);
        assertEquals(1, messages.size());
        assertEquals("guarded", new String(messages.get(0).getBody(), StandardCharsets.UTF_8));
    }

    static void assertIllegalHandle(HttpTestClient.Response r) {
        assertEquals(r.toString(), 400, r.status);
        assertEquals(40006, r.json().get("code").asInt());
    }

    @Test
    public void halfMessagesOutsideTheRulesAreRefused() {
        String topic = transactionTopic("tx_rules");
        String normal = TestCluster.newTopic("tx_rules_normal");
        String path = "/v1/topics/" + topic + "/messages";
        assertRefused(a.http.postJson("/v1/topics/" + normal + "/messages", "{\"transaction\": true, \"body\": \"x\"}"),
            400, 40003);
        assertRefused(a.http.postJson("/v1/topics/NoSuchTopic_tx/messages", "{\"transaction\": true, \"body\": \"x\"}"),
            404, 40402);
        assertRefused(a.http.postJson(path, "{\"messages\": [{\"transaction\": true, \"body\": \"x\"}]}"), 400, 40003);
        assertRefused(a.http.postJson(path, "{\"transaction\": true, \"messages\": [{\"body\": \"x\"}]}"), 400, 40003);
        assertRefused(a.http.postJson(path, "{\"transaction\": true, \"body\": \"x\", \"messageGroup\": \"g\"}"), 400, 40003);
        assertRefused(a.http.postJson(path, "{\"transaction\": true, \"body\": \"x\", \"deliveryTimestamp\": "
            + (System.currentTimeMillis() + 60_000) + "}"), 400, 40003);
        assertRefused(a.http.postJson(path, "{\"transaction\": \"yes\", \"body\": \"x\"}"), 400, 40003);
        assertRefused(a.http.postJson(path, "{\"transaction\": true, \"body\": \"x\", \"properties\": "
            + "{\"TRANSACTION_CHECK_TIMES\": \"15\"}}"), 400, 40003);
        assertRefused(a.http.postRaw(path, new byte[] {1}, Map.of("Content-Type", "application/octet-stream",
            "X-RMQ-Transaction", "maybe")), 400, 40003);
        assertRefused(a.http.postRaw(path, new byte[] {1}, Map.of("Content-Type", "application/octet-stream",
            "X-RMQ-Transaction", "true", "X-RMQ-Message-Group", "g")), 400, 40003);
        assertRefused(a.http.get("/v1/topics/" + normal + "/transactions?waitSeconds=0"), 400, 40003);
        assertRefused(a.http.get("/v1/topics/" + topic + "/transactions?waitSeconds=31"), 400, 40000);
        assertRefused(a.http.postJson("/v1/topics/" + topic + "/transactions", "{\"action\": \"COMMIT\"}"), 400, 40000);
        // a plain message to a transaction topic is still a plain message
        assertEquals(200, a.http.postJson(path, "{\"transaction\": false, \"body\": \"plain\"}").status);
    }

    @Test
    public void theProxysOwnTopicsAndGroupAreRefusedToCallers() throws Exception {
        TransactionConfig tx = new HttpProxyConfig().getTransaction();
        for (String topic : List.of(tx.getTransactionEndTopic(), tx.getTransactionCheckTopic())) {
            assertRefused(a.http.postJson("/v1/topics/" + topic + "/messages", "{\"body\": \"forged end record\"}"),
                403, 40300);
            assertRefused(a.http.get("/v1/topics/" + topic + "/messages?group=GID_it_reserved&waitSeconds=0"), 403, 40300);
            assertRefused(a.http.get("/v1/topics/" + topic + "/queues"), 403, 40300);
        }
        String topic = transactionTopic("tx_reserved");
        assertRefused(a.http.get("/v1/topics/" + topic + "/messages?group=" + tx.getTransactionCheckGroup()
            + "&waitSeconds=0"), 403, 40300);
        // the proxy itself still writes its end record there: a commit is delivered once
        String group = TestCluster.uniqueName("PID_tx");
        HttpTestClient.Response commit = b.end(topic, group, a.halfHandle(topic, group, "after"), "COMMIT");
        assertEquals(commit.toString(), 200, commit.status);
        assertEquals(1, delivered(topic, 1, 3000).size());
    }

    static void assertRefused(HttpTestClient.Response r, int status, int code) {
        assertEquals(r.toString(), status, r.status);
        assertEquals(r.toString(), code, r.json().get("code").asInt());
    }

    @Test
    public void aHalfMessageLeftOpenIsAskedAboutAndTheAnswerDeliversItOnce() throws Exception {
        String topic = transactionTopic("tx_check");
        String group = TestCluster.uniqueName("PID_tx");
        JsonNode half = a.half(topic, group, "{\"transaction\": true, \"body\": \"is it paid?\", \"tag\": \"TagC\","
            + " \"keys\": [\"order-7\"], \"properties\": {\"shop\": \"north\"}}");
        String messageId = half.get("messageId").asText();

        JsonNode check = b.awaitCheck(topic, group, messageId, 30_000);
        assertEquals("is it paid?", check.get("body").asText());
        assertEquals("utf-8", check.get("bodyEncoding").asText());
        assertEquals("TagC", check.get("tag").asText());
        assertEquals("order-7", check.get("keys").get(0).asText());
        assertEquals(1, check.get("properties").size());
        assertEquals("north", check.get("properties").get("shop").asText());
        assertTrue(check.get("checkAttempt").asInt() >= 1);
        String checkHandle = check.get("transactionHandle").asText();
        assertNotEquals("a fresh handle, for the copy the broker asked about", half.get("transactionHandle").asText(),
            checkHandle);

        HttpTestClient.Response answer = b.end(topic, group, checkHandle, "COMMIT");
        assertEquals(answer.toString(), 200, answer.status);
        assertConflict(a.end(topic, group, half.get("transactionHandle").asText(), "COMMIT"), "COMMITTED");
        assertEquals(1, delivered(topic, 1, 5000).size());
        for (JsonNode later : b.checks(topic, group, 3)) {
            assertNotEquals("an ended transaction is not asked about", messageId, later.get("messageId").asText());
        }
        assertTrue(b.metric("rocketmq_http_transaction_checks_answered_total{topic=\"" + topic + "\"}") >= 1);
    }

    @Test
    public void aCommitThroughTheOriginalHandleAfterACheckLeavesNoSecondDelivery() throws Exception {
        String topic = transactionTopic("tx_stale");
        String group = TestCluster.uniqueName("PID_tx");
        JsonNode half = a.half(topic, group, "{\"transaction\": true, \"body\": \"asked, then committed\"}");
        String messageId = half.get("messageId").asText();
        // the broker asked, so it re-wrote the half message: the original handle names an older copy
        JsonNode check = b.awaitCheck(topic, group, messageId, 30_000);

        assertEquals(200, a.end(topic, group, half.get("transactionHandle").asText(), "COMMIT").status);
        // the broker goes on asking about the newer copy; the proxies close it without delivering again
        long deadline = System.currentTimeMillis() + 30_000;
        String closed = "rocketmq_http_transaction_checks_closed_total{topic=\"" + topic + "\"}";
        while (a.metric(closed) + b.metric(closed) == 0 && System.currentTimeMillis() < deadline) {
            for (JsonNode later : b.checks(topic, group, 2)) {
                assertNotEquals("an ended transaction is not asked about", messageId, later.get("messageId").asText());
            }
        }
        assertTrue("a check of the committed transaction was closed by a proxy", a.metric(closed) + b.metric(closed) > 0);
        assertConflict(b.end(topic, group, check.get("transactionHandle").asText(), "COMMIT"), "COMMITTED");
        assertEquals(1, delivered(topic, 1, 5000).size());
    }

    @Test
    public void aRecordedCommitWhoseEndNeverReachedTheBrokerIsDeliveredByACheck() throws Exception {
        String topic = transactionTopic("tx_recover");
        String group = TestCluster.uniqueName("PID_tx");
        // the only proxy of this group: it gets the checks
        HttpProxyController proxy = TestCluster.startProxy(c -> {
            c.getTransaction().setTransactionHandleSecret(SECRET);
            c.getTransaction().setTransactionEndGraceSeconds(2);
        });
        DefaultMQProducer stock = new DefaultMQProducer(TestCluster.uniqueName("PID_stock"));
        try {
            TransactionClient c = new TransactionClient(proxy.port());
            String encoded = c.halfHandle(topic, group, "recorded, then the proxy died");
            // what a proxy that died between recording a commit and sending it to the broker leaves behind
            TransactionCodec codec = new TransactionCodec(HandleSealer.fromKeys(SECRET));
            TransactionHandle handle = codec.decodeHandle(encoded);
            stock.setNamesrvAddr(TestCluster.namesrvAddr());
            stock.start();
            String endTopic = new HttpProxyConfig().getTransaction().getTransactionEndTopic();
            SendResult sent = stock.send(new Message(endTopic, "COMMIT", handle.transactionId,
                codec.endRecord(TransactionAction.COMMIT, handle)), new MessageQueue(endTopic, handle.brokerName, 0));
            assertEquals(SendStatus.SEND_OK, sent.getSendStatus());

            assertConflict(c.end(topic, group, encoded, "ROLLBACK"), "COMMITTED");
            List<MessageExt> messages = NativeConsumers.readFromStart(topic, 1, 30_000);
            assertEquals("a check delivered the recorded commit", 1, messages.size());
            assertEquals("delivered once", 1, delivered(topic, 1, 5000).size());
        } finally {
            stock.shutdown();
            proxy.shutdown();
        }
    }

    @Test
    public void metricsCountHalfMessagesAndEndsByTopic() {
        String topic = transactionTopic("tx_metrics");
        String group = TestCluster.uniqueName("PID_tx");
        assertEquals(200, a.end(topic, group, a.halfHandle(topic, group, "one"), "COMMIT").status);
        assertEquals(200, a.end(topic, group, a.halfHandle(topic, group, "two"), "ROLLBACK").status);
        String label = "{topic=\"" + topic + "\"}";
        assertEquals(2, a.metric("rocketmq_http_transaction_half_messages_total" + label));
        assertEquals(1, a.metric("rocketmq_http_transaction_commits_total" + label));
        assertEquals(1, a.metric("rocketmq_http_transaction_rollbacks_total" + label));
    }
}
