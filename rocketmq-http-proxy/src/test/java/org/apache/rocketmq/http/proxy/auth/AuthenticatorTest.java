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

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics;
import org.apache.rocketmq.http.proxy.config.AuthConfig;
import org.apache.rocketmq.http.proxy.test.RequestSigner;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class AuthenticatorTest {
    static final String ACL = String.join("\n",
        "globalWhiteRemoteAddresses:",
        "  - 10.9.9.*",
        "accounts:",
        "  - accessKey: publisherKey",
        "    secretKey: publisherSecret",
        "    defaultTopicPerm: PUB",
        "    defaultGroupPerm: DENY",
        "  - accessKey: subscriberKey",
        "    secretKey: subscriberSecret",
        "    defaultTopicPerm: SUB",
        "    defaultGroupPerm: SUB",
        "  - accessKey: scopedKey",
        "    secretKey: scopedSecret",
        "    whiteRemoteAddress: 10.1.1.{5,6}",
        "    defaultTopicPerm: DENY",
        "    defaultGroupPerm: DENY",
        "    topicPerms:",
        "      - Orders=PUB|SUB",
        "      - Audit=DENY",
        "    groupPerms:",
        "      - GID_ORDERS=SUB",
        "  - accessKey: adminKey",
        "    secretKey: adminSecret",
        "    admin: true",
        "");

    private final AtomicLong clock = new AtomicLong(Instant.parse("2026-12-01T18:00:00Z").toEpochMilli());
    private final ProxyMetrics metrics = new ProxyMetrics();
    private final AuthConfig config = new AuthConfig();
    private Path dir;
    private AclFileWatcher acl;
    private Authenticator auth;

    @Before
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("acl-unit");
        File file = dir.resolve("plain_acl.yml").toFile();
        Files.writeString(file.toPath(), ACL, StandardCharsets.UTF_8);
        acl = new AclFileWatcher(file);
        acl.start();
        config.setAclEnable(true);
        auth = Authenticator.create(config, acl, metrics, clock::get);
    }

    @After
    public void tearDown() throws Exception {
        acl.shutdown();
        for (File f : dir.toFile().listFiles()) {
            f.delete();
        }
        dir.toFile().delete();
    }

    private static AuthRequest request(String method, String pathAndQuery, Map<String, String> headers, byte[] body,
        String peer, boolean tls) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        Map<String, String> pathParams = new HashMap<>();
        String[] segments = path.split("/");
        if (segments.length > 3 && segments[2].equals("topics")) {
            pathParams.put("topic", segments[3]);
        }
        Map<String, List<String>> queryParams = new HashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                queryParams.put(pair.substring(0, eq), List.of(pair.substring(eq + 1)));
            }
        }
        return new AuthRequest(method, path, query, h, body, peer, tls, pathParams, queryParams);
    }

    private AuthRequest signed(String accessKey, String secretKey, String method, String pathAndQuery, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/json");
        headers.putAll(new RequestSigner(accessKey, secretKey).sign(method, pathAndQuery, "application/json", body, Map.of(),
            Instant.ofEpochMilli(clock.get()), RequestSigner.nonce()));
        return request(method, pathAndQuery, headers, body, "10.0.0.1", false);
    }

    private AuthRequest signedProduce(String accessKey, String secretKey, String topic) {
        return signed(accessKey, secretKey, "POST", "/v1/topics/" + topic + "/messages", "{\"body\":\"x\"}".getBytes());
    }

    private AuthRequest signedReceive(String accessKey, String secretKey, String topic, String group) {
        return signed(accessKey, secretKey, "GET", "/v1/topics/" + topic + "/messages?group=" + group, new byte[0]);
    }

    private HttpProxyException refused(Access access, AuthRequest request, ErrorCode expected) {
        try {
            auth.check(access, request);
        } catch (HttpProxyException e) {
            assertEquals(e.getMessage(), expected, e.getErrorCode());
            return e;
        }
        fail("expected " + expected);
        return null;
    }

    private long failures(AuthFailure reason) {
        String series = "rocketmq_http_auth_failures_total{reason=\"" + reason.label() + "\"} ";
        for (String line : metrics.scrape().split("\n")) {
            if (line.startsWith(series)) {
                return (long) Double.parseDouble(line.substring(series.length()).trim());
            }
        }
        return 0;
    }

    @Test
    public void aSignedRequestOfAKnownAccountIsItsCaller() {
        Caller caller = auth.check(Access.TOPIC_PUB, signedProduce("publisherKey", "publisherSecret", "Orders"));
        assertEquals("publisherKey", caller.accessKey());
        assertEquals("signature", caller.proof());
    }

    @Test
    public void openRoutesAndUnprotectedMetricsNeedNothing() {
        AuthRequest anonymous = request("GET", "/health", Map.of(), new byte[0], "10.0.0.1", false);
        assertNull(auth.check(Access.OPEN, anonymous).accessKey());
        assertNull(auth.check(Access.OPERATIONS, anonymous).accessKey());
        // even with rubbish credentials
        assertNull(auth.check(Access.OPEN, request("GET", "/health", Map.of("Authorization", "nonsense"), new byte[0],
            "10.0.0.1", false)).accessKey());
    }

    @Test
    public void protectedMetricsAreForAdminsOnly() {
        config.setAclProtectMetrics(true);
        auth = Authenticator.create(config, acl, metrics, clock::get);
        refused(Access.OPERATIONS, request("GET", "/metrics", Map.of(), new byte[0], "10.0.0.1", false), ErrorCode.UNAUTHORIZED);
        refused(Access.OPERATIONS, signed("subscriberKey", "subscriberSecret", "GET", "/metrics", new byte[0]),
            ErrorCode.FORBIDDEN);
        assertEquals("adminKey", auth.check(Access.OPERATIONS, signed("adminKey", "adminSecret", "GET", "/metrics",
            new byte[0])).accessKey());
    }

    @Test
    public void noCredentialsIsUnauthorizedAndSaysWhatToDo() {
        HttpProxyException e = refused(Access.TOPIC_PUB, request("POST", "/v1/topics/Orders/messages", Map.of(), new byte[0],
            "10.0.0.1", false), ErrorCode.UNAUTHORIZED);
        assertTrue(e.getMessage(), e.getMessage().contains("sign the request"));
        assertEquals(1, failures(AuthFailure.MISSING_CREDENTIALS));
    }

    @Test
    public void globallyWhiteListedAddressesMayDoEverythingWithoutCredentials() {
        AuthRequest fromWhiteList = request("GET", "/v1/topics/Audit/messages?group=ANY", Map.of(), new byte[0],
            "10.9.9.200", false);
        assertEquals(Caller.GLOBALLY_WHITE_LISTED, auth.check(Access.TOPIC_SUB_GROUP_SUB, fromWhiteList));
        config.setAclProtectMetrics(true);
        auth = Authenticator.create(config, acl, metrics, clock::get);
        auth.check(Access.OPERATIONS, fromWhiteList);
    }

    @Test
    public void anAccountsWhiteListedAddressIsThatAccountWithItsPermissions() {
        Caller caller = auth.check(Access.TOPIC_PUB, request("POST", "/v1/topics/Orders/messages", Map.of(), new byte[0],
            "10.1.1.6", false));
        assertEquals("scopedKey", caller.accessKey());
        assertEquals("white list", caller.proof());
        refused(Access.TOPIC_PUB, request("POST", "/v1/topics/Audit/messages", Map.of(), new byte[0], "10.1.1.5", false),
            ErrorCode.FORBIDDEN);
        refused(Access.TOPIC_PUB, request("POST", "/v1/topics/Orders/messages", Map.of(), new byte[0], "10.1.1.7", false),
            ErrorCode.UNAUTHORIZED);
    }

    @Test
    public void permissionsFollowRocketMQsRules() {
        // PUB only: produce anywhere, consume nowhere
        auth.check(Access.TOPIC_PUB, signedProduce("publisherKey", "publisherSecret", "AnyTopic"));
        HttpProxyException e = refused(Access.TOPIC_SUB_GROUP_SUB, signedReceive("publisherKey", "publisherSecret", "AnyTopic",
            "G"), ErrorCode.FORBIDDEN);
        assertEquals("access key [publisherKey] has no SUB permission on topic [AnyTopic]", e.getMessage());
        // SUB only: consume anywhere, produce nowhere
        auth.check(Access.TOPIC_SUB_GROUP_SUB, signedReceive("subscriberKey", "subscriberSecret", "AnyTopic", "G"));
        auth.check(Access.TOPIC_SUB, signed("subscriberKey", "subscriberSecret", "GET", "/v1/topics/AnyTopic/queues",
            new byte[0]));
        refused(Access.TOPIC_PUB, signedProduce("subscriberKey", "subscriberSecret", "AnyTopic"), ErrorCode.FORBIDDEN);
        // per topic and per group, the defaults DENY the rest, and an explicit DENY wins
        auth.check(Access.TOPIC_PUB, signedProduce("scopedKey", "scopedSecret", "Orders"));
        auth.check(Access.TOPIC_SUB_GROUP_SUB, signedReceive("scopedKey", "scopedSecret", "Orders", "GID_ORDERS"));
        e = refused(Access.TOPIC_SUB_GROUP_SUB, signedReceive("scopedKey", "scopedSecret", "Orders", "GID_OTHER"),
            ErrorCode.FORBIDDEN);
        assertEquals("access key [scopedKey] has no SUB permission on group [GID_OTHER]", e.getMessage());
        refused(Access.TOPIC_PUB, signedProduce("scopedKey", "scopedSecret", "Other"), ErrorCode.FORBIDDEN);
        refused(Access.TOPIC_PUB, signedProduce("scopedKey", "scopedSecret", "Audit"), ErrorCode.FORBIDDEN);
        // admin may do everything
        auth.check(Access.TOPIC_PUB, signedProduce("adminKey", "adminSecret", "Audit"));
        auth.check(Access.TOPIC_SUB_GROUP_SUB, signedReceive("adminKey", "adminSecret", "Audit", "ANY"));
        auth.check(Access.ADMIN, signedProduce("adminKey", "adminSecret", "Audit"));
        refused(Access.ADMIN, signedProduce("publisherKey", "publisherSecret", "Audit"), ErrorCode.FORBIDDEN);
        assertTrue(failures(AuthFailure.FORBIDDEN) >= 6);
    }

    @Test
    public void resourceNamesAreCheckedBeforePermissions() {
        refused(Access.TOPIC_SUB_GROUP_SUB, signed("subscriberKey", "subscriberSecret", "GET", "/v1/topics/T/messages",
            new byte[0]), ErrorCode.ILLEGAL_GROUP);
        refused(Access.TOPIC_PUB, signedProduce("adminKey", "adminSecret", "%RETRY%G"), ErrorCode.FORBIDDEN);
    }

    @Test
    public void aWrongKeyOrTamperedRequestIsABadSignature() {
        refused(Access.TOPIC_PUB, signedProduce("publisherKey", "not-the-secret", "Orders"), ErrorCode.UNAUTHORIZED);
        AuthRequest good = signedProduce("publisherKey", "publisherSecret", "Orders");
        AuthRequest tampered = new AuthRequest(good.method(), good.rawPath(), good.rawQuery(), good.headers(),
            "{\"body\":\"y\"}".getBytes(), good.peerAddress(), false, Map.of("topic", "Orders"), Map.of());
        HttpProxyException e = refused(Access.TOPIC_PUB, tampered, ErrorCode.UNAUTHORIZED);
        assertTrue(e.getMessage(), e.getMessage().contains("signature does not match"));
        assertFalse(e.getMessage(), e.getMessage().contains("publisherSecret"));
        assertEquals(2, failures(AuthFailure.BAD_SIGNATURE));
    }

    @Test
    public void anUnknownAccessKeyIsNamed() {
        HttpProxyException e = refused(Access.TOPIC_PUB, signedProduce("strangerKey", "strangerSecret", "Orders"),
            ErrorCode.UNAUTHORIZED);
        assertEquals("unknown access key [strangerKey]", e.getMessage());
        assertEquals(1, failures(AuthFailure.UNKNOWN_ACCESS_KEY));
    }

    @Test
    public void aDateOutsideTheWindowIsRefusedEitherWay() {
        AuthRequest request = signedProduce("publisherKey", "publisherSecret", "Orders");
        clock.addAndGet(301_000);
        HttpProxyException e = refused(Access.TOPIC_PUB, request, ErrorCode.UNAUTHORIZED);
        assertTrue(e.getMessage(), e.getMessage().contains("301 s away"));
        clock.addAndGet(-2 * 301_000);
        refused(Access.TOPIC_PUB, request, ErrorCode.UNAUTHORIZED);
        clock.addAndGet(301_000 - 299_000);
        auth.check(Access.TOPIC_PUB, request);
        assertEquals(2, failures(AuthFailure.DATE_OUT_OF_WINDOW));
    }

    @Test
    public void aReplayedNonceIsRefusedAndOnlyAfterTheSignatureWasChecked() {
        AuthRequest request = signedProduce("publisherKey", "publisherSecret", "Orders");
        auth.check(Access.TOPIC_PUB, request);
        HttpProxyException e = refused(Access.TOPIC_PUB, request, ErrorCode.UNAUTHORIZED);
        assertTrue(e.getMessage(), e.getMessage().contains("used before"));
        assertEquals(1, failures(AuthFailure.REPLAYED_NONCE));

        // a forged request does not burn the nonce of a real one
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/json");
        headers.putAll(new RequestSigner("publisherKey", "wrong-secret").sign("POST", "/v1/topics/Orders/messages",
            "application/json", new byte[0], Map.of(), Instant.ofEpochMilli(clock.get()), "shared-nonce-1"));
        refused(Access.TOPIC_PUB, request("POST", "/v1/topics/Orders/messages", headers, new byte[0], "10.0.0.1", false),
            ErrorCode.UNAUTHORIZED);
        headers.putAll(new RequestSigner("publisherKey", "publisherSecret").sign("POST", "/v1/topics/Orders/messages",
            "application/json", new byte[0], Map.of(), Instant.ofEpochMilli(clock.get()), "shared-nonce-1"));
        auth.check(Access.TOPIC_PUB, request("POST", "/v1/topics/Orders/messages", headers, new byte[0], "10.0.0.1", false));
    }

    @Test
    public void malformedHeadersAreRefusedWithTheRuleThatFailed() {
        AuthRequest good = signedProduce("publisherKey", "publisherSecret", "Orders");
        Map<String, String> h = new HashMap<>(good.headers());
        h.put("X-RMQ-Nonce", "short");
        assertTrue(refused(Access.TOPIC_PUB, request("POST", "/v1/topics/Orders/messages", h, new byte[0], "10.0.0.1", false),
            ErrorCode.UNAUTHORIZED).getMessage().contains("X-RMQ-Nonce"));
        h = new HashMap<>(good.headers());
        h.put("X-RMQ-Date", "Tue, 01 Dec 2026 18:00:00 GMT");
        assertTrue(refused(Access.TOPIC_PUB, request("POST", "/v1/topics/Orders/messages", h, new byte[0], "10.0.0.1", false),
            ErrorCode.UNAUTHORIZED).getMessage().contains("RFC 3339"));
        h = new HashMap<>(good.headers());
        h.put("Authorization", "RMQ-HMAC-SHA256 Credential=publisherKey");
        refused(Access.TOPIC_PUB, request("POST", "/v1/topics/Orders/messages", h, new byte[0], "10.0.0.1", false),
            ErrorCode.UNAUTHORIZED);
        h.put("Authorization", "Bearer abc");
        refused(Access.TOPIC_PUB, request("POST", "/v1/topics/Orders/messages", h, new byte[0], "10.0.0.1", false),
            ErrorCode.UNAUTHORIZED);
        assertEquals(4, failures(AuthFailure.MALFORMED));
    }

    @Test
    public void theTwoAuthorizationParametersAreReadInEitherOrderAndNothingElse() {
        AuthRequest good = signedProduce("publisherKey", "publisherSecret", "Orders");
        String authorization = good.header("Authorization");
        String credential = "Credential=publisherKey";
        String signature = authorization.substring(authorization.indexOf("Signature="));
        for (String malformed : new String[] {credential + ", " + signature + ", Region=x", credential + ", " + credential,
            signature + ", " + signature, credential + ",", "Credential=, " + signature, credential + ", Signature=",
            credential + " " + signature}) {
            Map<String, String> h = new HashMap<>(good.headers());
            h.put("Authorization", "RMQ-HMAC-SHA256 " + malformed);
            refused(Access.TOPIC_PUB, request("POST", "/v1/topics/Orders/messages", h, good.body(), "10.0.0.1", false),
                ErrorCode.UNAUTHORIZED);
        }
        assertEquals(7, failures(AuthFailure.MALFORMED));
        Map<String, String> h = new HashMap<>(good.headers());
        h.put("Authorization", "RMQ-HMAC-SHA256 " + signature + ",Credential=publisherKey");
        assertEquals("publisherKey", auth.check(Access.TOPIC_PUB, request("POST", "/v1/topics/Orders/messages", h, good.body(),
            "10.0.0.1", false)).accessKey());
    }

    @Test
    public void datesInOtherRfc3339FormsAreRead() {
        for (String date : new String[] {"2026-12-01T18:00:00.250Z", "2026-12-01T19:00:00+01:00"}) {
            Map<String, String> headers = new HashMap<>();
            headers.put("X-RMQ-Date", date);
            headers.put("X-RMQ-Nonce", RequestSigner.nonce());
            RequestSigner signer = new RequestSigner("publisherKey", "publisherSecret");
            headers.put("Authorization", "RMQ-HMAC-SHA256 Credential=publisherKey, Signature="
                + signer.signature("POST", "/v1/topics/Orders/messages", null, new byte[0], headers));
            auth.check(Access.TOPIC_PUB, request("POST", "/v1/topics/Orders/messages", headers, new byte[0], "10.0.0.1", false));
        }
        assertEquals(Instant.parse("2026-12-01T18:00:00Z").toEpochMilli(), RfcDates.parseUtcSeconds("2026-12-01T18:00:00Z"));
        assertEquals(Instant.parse("2024-02-29T23:59:59Z").toEpochMilli(), RfcDates.parseUtcSeconds("2024-02-29T23:59:59Z"));
        assertEquals(Long.MIN_VALUE, RfcDates.parseUtcSeconds("2025-02-29T00:00:00Z"));
        assertEquals(Long.MIN_VALUE, RfcDates.parseUtcSeconds("2025-13-01T00:00:00Z"));
    }

    @Test
    public void basicCredentialsAreAcceptedOverTlsOnly() {
        String basic = "Basic " + Base64.getEncoder().encodeToString("subscriberKey:subscriberSecret".getBytes());
        AuthRequest plain = request("GET", "/v1/topics/T/messages?group=G", Map.of("Authorization", basic), new byte[0],
            "10.0.0.1", false);
        HttpProxyException e = refused(Access.TOPIC_SUB_GROUP_SUB, plain, ErrorCode.UNAUTHORIZED);
        assertTrue(e.getMessage(), e.getMessage().contains("TLS only"));
        assertEquals(1, failures(AuthFailure.BASIC_WITHOUT_TLS));
        AuthRequest overTls = request("GET", "/v1/topics/T/messages?group=G", Map.of("Authorization", basic), new byte[0],
            "10.0.0.1", true);
        assertEquals("basic", auth.check(Access.TOPIC_SUB_GROUP_SUB, overTls).proof());
        String wrong = "Basic " + Base64.getEncoder().encodeToString("subscriberKey:guess".getBytes());
        e = refused(Access.TOPIC_SUB_GROUP_SUB, request("GET", "/v1/topics/T/messages?group=G",
            Map.of("Authorization", wrong), new byte[0], "10.0.0.1", true), ErrorCode.UNAUTHORIZED);
        assertFalse(e.getMessage().contains("guess"));

        config.setAclAllowBasicWithoutTls(true);
        auth = Authenticator.create(config, acl, metrics, clock::get);
        auth.check(Access.TOPIC_SUB_GROUP_SUB, plain);
    }

    @Test
    public void aFailedAuthenticationIsCountedInTheMetricsByReason() {
        refused(Access.TOPIC_PUB, signedProduce("strangerKey", "x-secret", "Orders"), ErrorCode.UNAUTHORIZED);
        String scrape = metrics.scrape();
        assertTrue(scrape, scrape.contains("rocketmq_http_auth_failures_total{reason=\"unknown_access_key\"} 1"));
        assertEquals(1, failures(AuthFailure.UNKNOWN_ACCESS_KEY));
        assertEquals(0, failures(AuthFailure.REPLAYED_NONCE));
    }

    @Test
    public void aDisabledAuthenticatorAllowsEverything() {
        Authenticator off = Authenticator.disabled();
        assertFalse(off.isEnabled());
        assertNull(off.check(Access.ADMIN, request("POST", "/v1/topics/T/messages", Map.of(), new byte[0], null, false))
            .accessKey());
    }
}
