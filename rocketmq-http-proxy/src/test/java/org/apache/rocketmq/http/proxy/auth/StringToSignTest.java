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

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.rocketmq.acl.common.AclSigner;
import org.apache.rocketmq.acl.common.SigningAlgorithm;
import org.apache.rocketmq.acl.plain.PlainAccessResource;
import org.apache.rocketmq.common.PlainAccessConfig;
import org.apache.rocketmq.acl.plain.RemoteAddressStrategyFactory;
import org.apache.rocketmq.http.proxy.test.RequestSigner;
import org.junit.Test;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

public class StringToSignTest {
    /** The example of the README: other implementations can check themselves against it. */
    static final String EXAMPLE_ACCESS_KEY = "ExampleAccessKey";
    static final String EXAMPLE_SECRET_KEY = "ExampleSecretKey";
    static final String EXAMPLE_BODY = "{\"body\":\"hello\"}";
    static final String EXAMPLE_BODY_SHA256 = "1da63ae1d1c64f4549cece58555b23ef253aa7bb2c5ca6c48c12918863cff51a";
    static final String EXAMPLE_SIGNATURE = "4q8n23hdvEkqE0uXrZUeyANbmHESHh0GLiU4bMUdWhg=";
    static final String EXAMPLE_STRING_TO_SIGN = String.join("\n",
        "POST",
        "/v1/topics/TopicTest/messages",
        "producerGroup=GID_EXAMPLE",
        "application/json",
        sha256(EXAMPLE_BODY),
        "x-rmq-date:2026-12-01T18:00:00Z",
        "x-rmq-nonce:5f0c1a7e9b2d4c6a");

    private static String sha256(String s) {
        return RequestSigner.sha256Hex(s.getBytes(StandardCharsets.UTF_8));
    }

    private static TreeMap<String, String> headers(String... nameValues) {
        TreeMap<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < nameValues.length; i += 2) {
            map.put(nameValues[i], nameValues[i + 1]);
        }
        return map;
    }

    private static String canonical(String method, String path, String query, String contentType, String body,
        TreeMap<String, String> headers) {
        return new String(StringToSign.of(method, path, query, contentType, body.getBytes(StandardCharsets.UTF_8), headers),
            StandardCharsets.UTF_8);
    }

    @Test
    public void exampleOfTheReadme() {
        TreeMap<String, String> h = headers("Content-Type", "application/json", "X-RMQ-Date", "2026-12-01T18:00:00Z",
            "X-RMQ-Nonce", "5f0c1a7e9b2d4c6a", "Host", "127.0.0.1:8181");
        String canonical = canonical("POST", "/v1/topics/TopicTest/messages", "producerGroup=GID_EXAMPLE",
            "application/json", EXAMPLE_BODY, h);
        assertEquals(EXAMPLE_STRING_TO_SIGN, canonical);
        assertEquals(EXAMPLE_BODY_SHA256, sha256(EXAMPLE_BODY));
        assertEquals(EXAMPLE_SIGNATURE, AclSigner.calSignature(canonical.getBytes(StandardCharsets.UTF_8), EXAMPLE_SECRET_KEY,
            SigningAlgorithm.HmacSHA256, StandardCharsets.UTF_8));
    }

    @Test
    public void queryPairsAreSortedByBytesAndKeepTheirEncoding() {
        String canonical = canonical("GET", "/v1/topics/T/messages", "max=2&group=G%5Fa&tag=A%7C%7CB&&waitSeconds=0",
            null, "", headers());
        assertEquals("group=G%5Fa&max=2&tag=A%7C%7CB&waitSeconds=0", canonical.split("\n", -1)[2]);
        // upper case sorts before lower case, as bytes do
        assertEquals("B=1&a=2", canonical("GET", "/x", "a=2&B=1", null, "", headers()).split("\n", -1)[2]);
    }

    @Test
    public void pathIsTakenAsSentAndEmptyPartsStayEmpty() {
        String canonical = canonical("GET", "/v1/topics/%54opic/queues", "", null, "", headers());
        String[] parts = canonical.split("\n", -1);
        assertEquals(6, parts.length);
        assertEquals("/v1/topics/%54opic/queues", parts[1]);
        assertEquals("", parts[2]);
        assertEquals("", parts[3]);
        assertEquals(sha256(""), parts[4]);
        assertEquals("", parts[5]);
    }

    @Test
    public void onlyRmqHeadersAreSignedLowerCaseTrimmedAndSortedByName() {
        TreeMap<String, String> h = headers("X-RMQ-Tag", "  TagA ", "x-rmq-keys", "k1,k2", "X-Rmq-Property-b", "2",
            "X-RMQ-Property-A", "1", "X-Request-Id", "r", "Authorization", "secret", "X-RMQ", "none");
        String canonical = canonical("POST", "/p", "", "application/octet-stream", "", h);
        String headerPart = canonical.substring(canonical.indexOf(sha256("")) + 65);
        assertEquals("x-rmq-keys:k1,k2\nx-rmq-property-a:1\nx-rmq-property-b:2\nx-rmq-tag:TagA", headerPart);
    }

    @Test
    public void bytesOfTheRequestLineAndHeadersAreKept() {
        // the HTTP decoder gives one character per byte: UTF-8 bytes of "é" arrive as two characters
        String latin1 = new String("é".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        TreeMap<String, String> h = headers("X-RMQ-Tag", latin1);
        byte[] canonical = StringToSign.of("POST", "/p", "", null, new byte[0], h);
        String expected = "POST\n/p\n\n\n" + sha256("") + "\nx-rmq-tag:é";
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), canonical);
    }

    @Test
    public void matchesTheIndependentTestSignerOnAnyRequest() {
        Map<String, String> sent = new LinkedHashMap<>();
        sent.put("Content-Type", "application/octet-stream");
        sent.put("X-RMQ-Keys", "a,b");
        sent.put("X-RMQ-Property-region", "eu");
        RequestSigner signer = new RequestSigner("AccessKey1", "SecretKey1");
        Map<String, String> signed = signer.sign("POST", "/v1/topics/T/messages?producerGroup=P&b=2", "application/octet-stream",
            new byte[] {1, 2, 3}, sent, Instant.parse("2026-01-01T00:00:00Z"), "nonce-123");
        TreeMap<String, String> h = headers();
        h.putAll(sent);
        h.putAll(signed);
        byte[] canonical = StringToSign.of("POST", "/v1/topics/T/messages", "producerGroup=P&b=2", "application/octet-stream",
            new byte[] {1, 2, 3}, h);
        String expected = signed.get("Authorization").substring(signed.get("Authorization").indexOf("Signature=") + 10);
        assertEquals(expected, AclSigner.calSignature(canonical, "SecretKey1", SigningAlgorithm.HmacSHA256,
            StandardCharsets.UTF_8));
    }

    @Test
    public void accountMacOfARequestComputesWhatAclSignerComputesOverItsCanonicalForm() {
        PlainAccessConfig config = new PlainAccessConfig();
        config.setAccessKey("AccessKey1");
        config.setSecretKey("SecretKey1-é");
        Account account = new Account(PlainAccessResource.build(config,
            new RemoteAddressStrategyFactory().getRemoteAddressStrategy((String) null)));
        // longest first: the thread's buffer is reused for the shorter ones after it, and the longest
        // (x-rmq-* headers beyond the kept size) is dropped from the thread after use
        for (int length : new int[] {6000, 400, 0, 40}) {
            TreeMap<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.put("Content-Type", "application/json");
            headers.put("X-RMQ-Keys", "k".repeat(length + 1));
            headers.put("X-RMQ-Nonce", "nonce-" + length);
            byte[] body = ("{\"body\":\"" + "b".repeat(length) + "\"}").getBytes(StandardCharsets.UTF_8);
            AuthRequest request = new AuthRequest("POST", "/v1/topics/T/messages", "producerGroup=P&a=" + length, headers,
                body, "10.0.0.1", false, Map.of(), Map.of());
            byte[] canonical = StringToSign.of("POST", "/v1/topics/T/messages", "producerGroup=P&a=" + length,
                "application/json", body, headers);
            assertEquals(AclSigner.calSignature(canonical, "SecretKey1-é", SigningAlgorithm.HmacSHA256, StandardCharsets.UTF_8),
                Base64.getEncoder().encodeToString(account.sign(request)));
        }
    }
}
