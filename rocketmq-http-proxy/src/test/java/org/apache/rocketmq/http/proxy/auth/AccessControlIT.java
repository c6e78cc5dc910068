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
package org.apache.rocketmq.http.proxy.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.test.AclTestCluster;
import org.apache.rocketmq.http.proxy.test.HttpTestClient;
import org.apache.rocketmq.http.proxy.test.HttpTestClient.Response;
import org.apache.rocketmq.http.proxy.test.RequestSigner;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

/**
 * Every route refused and allowed as the contract's permission table says, for accounts with each
 * permission value (PUB, SUB, PUB|SUB, DENY), default and per-resource permissions, and admin, against
 * a broker that has ACL on itself (the proxy reaches it with its own identity).
 */
public class AccessControlIT {
    private static String topic;
    private static String otherTopic;
    private static String group;
    private static String otherGroup;
    private static HttpProxyController proxy;
    private static HttpTestClient anonymous;

    @BeforeClass
    public static void start() {
        topic = AclTestCluster.newTopic("AclOrders");
        otherTopic = AclTestCluster.newTopic("AclOther");
        group = AclTestCluster.newGroup("GID_acl");
        otherGroup = AclTestCluster.newGroup("GID_acl_other");
        Path acl = AclTestCluster.writeProxyAcl(String.join("\n",
            "accounts:",
            account("publisherKey", "publisherSecret", "PUB", "DENY"),
            account("subscriberKey", "subscriberSecret", "SUB", "SUB"),
            account("pubSubKey01", "pubSubSecret", "PUB|SUB", "SUB"),
            account("scopedKey01", "scopedSecret", "DENY", "DENY"),
            "    topicPerms:",
            "      - " + topic + "=PUB|SUB",
            "    groupPerms:",
            "      - " + group + "=SUB",
            account("deniedKey01", "deniedSecret", "PUB|SUB", "SUB"),
            "    topicPerms:",
            "      - " + topic + "=DENY",
            "    groupPerms:",
            "      - " + otherGroup + "=DENY",
            "  - accessKey: noPermsKey",
            "    secretKey: noPermsSecret",
            "  - accessKey: adminKey01",
            "    secretKey: adminSecret",
            "    admin: true",
            ""));
        proxy = AclTestCluster.startProxy(acl, c -> { });
        anonymous = new HttpTestClient(proxy.port());
    }

    private static String account(String accessKey, String secretKey, String topicPerm, String groupPerm) {
        return String.join("\n",
            "  - accessKey: " + accessKey,
            "    secretKey: " + secretKey,
            "    defaultTopicPerm: " + topicPerm,
            "    defaultGroupPerm: " + groupPerm);
    }

    @AfterClass
    public static void stop() {
        if (proxy != null) {
            proxy.shutdown();
        }
    }

    private static HttpTestClient as(String accessKey, String secretKey) {
        return anonymous.signedAs(accessKey, secretKey);
    }

    private static Response produce(HttpTestClient http, String t) {
        return http.postJson("/v1/topics/" + t + "/messages", Map.of("body", "hello " + t));
    }

    private static Response receive(HttpTestClient http, String t, String g) {
        return http.get("/v1/topics/" + t + "/messages?group=" + g + "&waitSeconds=0&max=1");
    }

    private static Response ack(HttpTestClient http, String t, String g, String handle) {
        return http.postJson("/v1/topics/" + t + "/acks?group=" + g, Map.of("receiptHandles", List.of(handle)));
    }

    private static Response lease(HttpTestClient http, String t, String g, String handle) {
        return http.postJson("/v1/topics/" + t + "/leases?group=" + g, Map.of("receiptHandle", handle,
            "invisibleSeconds", 30));
    }

    private static Response queues(HttpTestClient http, String t) {
        return http.get("/v1/topics/" + t + "/queues");
    }

    private static Response replay(HttpTestClient http, String t) {
        return http.get("/v1/topics/" + t + "/queues/broker-acl/0/messages?offset=0&max=1");
    }

    private static void assertStatus(String what, int expected, Response r) {
        assertEquals(what + ": " + r, expected, r.status);
        if (expected == 403) {
            assertEquals(40300, r.json().get("code").asInt());
        }
    }

    /** Authorization passed: the handler ran (a made-up handle is then its own error, never 401/403). */
    private static void assertAllowed(String what, Response r) {
        assertNotEquals(what + ": " + r, 401, r.status);
        assertNotEquals(what + ": " + r, 403, r.status);
        assertTrue(what + ": " + r, r.status < 500);
    }

    private static void assertEveryRoute(HttpTestClient http, String who, int produce, int consume, int read) {
        assertStatus(who + " produce", produce, produce(http, topic));
        check(who + " receive", consume, receive(http, topic, group));
        check(who + " ack", consume, ack(http, topic, group, "bm9wZQ"));
        check(who + " lease", consume, lease(http, topic, group, "bm9wZQ"));
        check(who + " queues", read, queues(http, topic));
        check(who + " replay", read, replay(http, topic));
    }

    private static void check(String what, int expected, Response r) {
        if (expected == 200) {
            assertAllowed(what, r);
        } else {
            assertStatus(what, expected, r);
        }
    }

    @Test
    public void openRoutesNeedNoCredentials() {
        assertEquals(200, anonymous.get("/health").status);
        Response ready = anonymous.get("/ready");
        assertEquals(ready.toString(), 200, ready.status);
        assertEquals(200, anonymous.get("/openapi.json").status);
        assertEquals(200, anonymous.get("/metrics").status);
    }

    @Test
    public void withoutCredentialsEveryOtherRouteIs401WithTheChallenge() {
        assertEveryRoute(anonymous, "anonymous", 401, 401, 401);
        Response r = produce(anonymous, topic);
        assertEquals("RMQ-HMAC-SHA256", r.header("WWW-Authenticate"));
        assertEquals(40100, r.json().get("code").asInt());
        assertEquals("UNAUTHORIZED", r.json().get("error").asText());
        assertTrue(r.json().get("requestId").asText().length() > 0);
    }

    @Test
    public void pubOnlyProducesAndReadsNothing() {
        assertEveryRoute(as("publisherKey", "publisherSecret"), "PUB", 200, 403, 403);
        assertStatus("PUB on another topic", 200, produce(as("publisherKey", "publisherSecret"), otherTopic));
    }

    @Test
    public void subOnlyConsumesAndReadsButDoesNotProduce() {
        assertEveryRoute(as("subscriberKey", "subscriberSecret"), "SUB", 403, 200, 200);
    }

    @Test
    public void pubAndSubMayDoBoth() {
        assertEveryRoute(as("pubSubKey01", "pubSubSecret"), "PUB|SUB", 200, 200, 200);
    }

    @Test
    public void perTopicAndPerGroupPermissionsOverDenyingDefaults() {
        HttpTestClient scoped = as("scopedKey01", "scopedSecret");
        assertEveryRoute(scoped, "scoped", 200, 200, 200);
        assertStatus("scoped produce to another topic", 403, produce(scoped, otherTopic));
        assertStatus("scoped receive in another group", 403, receive(scoped, topic, otherGroup));
        assertStatus("scoped ack in another group", 403, ack(scoped, topic, otherGroup, "bm9wZQ"));
        assertStatus("scoped receive of another topic", 403, receive(scoped, otherTopic, group));
        assertStatus("scoped queues of another topic", 403, queues(scoped, otherTopic));
        Response r = receive(scoped, topic, otherGroup);
        assertEquals("access key [scopedKey01] has no SUB permission on group [" + otherGroup + "]",
            r.json().get("message").asText());
    }

    @Test
    public void anExplicitDenyWinsOverAnAllowingDefault() {
        HttpTestClient denied = as("deniedKey01", "deniedSecret");
        assertEveryRoute(denied, "DENY topic", 403, 403, 403);
        assertStatus("DENY: another topic", 200, produce(denied, otherTopic));
        check("DENY: another topic, allowed group", 200, receive(denied, otherTopic, group));
        assertStatus("DENY: denied group", 403, receive(denied, otherTopic, otherGroup));
    }

    @Test
    public void anAccountWithoutDefaultPermissionsMayDoNothing() {
        assertEveryRoute(as("noPermsKey", "noPermsSecret"), "no permissions", 403, 403, 403);
    }

    @Test
    public void adminMayDoEverything() {
        HttpTestClient admin = as("adminKey01", "adminSecret");
        assertEveryRoute(admin, "admin", 200, 200, 200);
        assertStatus("admin, another topic", 200, produce(admin, otherTopic));
        check("admin, another group", 200, receive(admin, otherTopic, otherGroup));
    }

    @Test
    public void aPermittedConsumerReceivesAcksAndLeasesForReal() {
        String t = AclTestCluster.newTopic("AclFlow");
        String g = AclTestCluster.newGroup("GID_acl_flow");
        Path acl = AclTestCluster.writeProxyAcl(String.join("\n", "accounts:",
            account("flowKey0001", "flowSecret", "DENY", "DENY"),
            "    topicPerms:", "      - " + t + "=PUB|SUB", "    groupPerms:", "      - " + g + "=SUB", ""));
        HttpProxyController p = AclTestCluster.startProxy(acl, c -> { });
        try {
            HttpTestClient flow = new HttpTestClient(p.port()).signedAs("flowKey0001", "flowSecret");
            assertStatus("produce", 200, produce(flow, t));
            assertStatus("produce", 200, produce(flow, t));
            assertEquals(2, AclTestCluster.storedMessages(t));
            List<JsonNode> messages = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (messages.size() < 2 && System.currentTimeMillis() < deadline) {
                flow.receive(t, g, "&waitSeconds=5&max=2").forEach(messages::add);
            }
            assertEquals(messages.toString(), 2, messages.size());
            Response acked = ack(flow, t, g, messages.get(0).get("receiptHandle").asText());
            assertEquals(acked.toString(), 200, acked.status);
            Response leased = lease(flow, t, g, messages.get(1).get("receiptHandle").asText());
            assertEquals(leased.toString(), 200, leased.status);
            assertNotEquals(messages.get(1).get("receiptHandle").asText(), leased.json().get("receiptHandle").asText());
            assertStatus("an account of another proxy's file", 401,
                produce(new HttpTestClient(p.port()).signedAs("scopedKey01", "scopedSecret"), t));
        } finally {
            p.shutdown();
        }
    }

    @Test
    public void errorBodiesNameTheRuleAndNeverASecret() {
        Response wrongKey = produce(as("publisherKey", "publisherSecretWrong"), topic);
        assertStatus("wrong secret", 401, wrongKey);
        assertFalse(wrongKey.text().contains("publisherSecret"));
        assertTrue(wrongKey.text(), wrongKey.json().get("message").asText().contains("signature does not match"));
        Response unknown = produce(as("nobodyKey", "nobodySecret"), topic);
        assertEquals("unknown access key [nobodyKey]", unknown.json().get("message").asText());
    }

    @Test
    public void failedAuthenticationsAreCountedByReason() {
        produce(as("nobodyKey", "nobodySecret"), topic);
        produce(as("publisherKey", "publisherSecret"), topic);
        receive(as("publisherKey", "publisherSecret"), topic, group);
        String metrics = anonymous.get("/metrics").text();
        assertTrue(metrics, metrics.matches("(?s).*rocketmq_http_auth_failures_total\\{reason=\"unknown_access_key\"} [1-9].*"));
        assertTrue(metrics, metrics.matches("(?s).*rocketmq_http_auth_failures_total\\{reason=\"forbidden\"} [1-9].*"));
    }

    @Test
    public void aMalformedHandleOfAPermittedCallerIsStillTheHandlersError() {
        Response r = ack(as("subscriberKey", "subscriberSecret"), topic, group, "bm9wZQ");
        assertEquals(r.toString(), 207, r.status);
        assertEquals(40004, r.json().get("results").get(0).get("error").get("code").asInt());
    }

    @Test
    public void theSignatureCoversThePathAndQueryAsSent() {
        // the JDK sends exactly the URI's raw path; the signature covers it with its percent-encoding untouched
        HttpTestClient admin = as("adminKey01", "adminSecret");
        Response r = admin.get("/v1/topics/" + topic + "/queues?x=%41&a=1");
        assertEquals(r.toString(), 200, r.status);
        HttpRequest.Builder raw = HttpRequest.newBuilder(URI.create(anonymous.baseUrl() + "/v1/topics/" + topic + "/queues"))
            .GET();
        new RequestSigner("adminKey01", "adminSecret")
            .sign("GET", "/v1/topics/" + topic.replace("A", "%41") + "/queues", null, new byte[0], Map.of())
            .forEach(raw::header);
        assertEquals("a path other than the one sent does not verify", 401, anonymous.send(raw).status);
    }
}
