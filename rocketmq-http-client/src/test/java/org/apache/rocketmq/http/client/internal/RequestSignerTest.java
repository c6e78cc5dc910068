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
package org.apache.rocketmq.http.client.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.rocketmq.acl.common.AclSigner;
import org.apache.rocketmq.acl.common.SigningAlgorithm;
import org.apache.rocketmq.http.proxy.auth.StringToSign;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

public class RequestSignerTest {
    private final RequestSigner signer = new RequestSigner("ExampleAccessKey", "ExampleSecretKey");

    @Test
    public void theExampleOfTheProxysReadmeHasItsSignature() {
        Map<String, String> added = signer.sign("POST", "/v1/topics/TopicTest/messages", "producerGroup=GID_EXAMPLE",
            "application/json", "{\"body\":\"hello\"}".getBytes(StandardCharsets.UTF_8), Map.of(),
            Instant.parse("2026-12-01T18:00:00.700Z"), "5f0c1a7e9b2d4c6a");
        assertEquals("2026-12-01T18:00:00Z", added.get("X-RMQ-Date"));
        assertEquals("5f0c1a7e9b2d4c6a", added.get("X-RMQ-Nonce"));
        assertEquals("RMQ-HMAC-SHA256 Credential=ExampleAccessKey, Signature=4q8n23hdvEkqE0uXrZUeyANbmHESHh0GLiU4bMUdWhg=",
            added.get("Authorization"));
    }

    @Test
    public void theProxyComputesTheSameSignature() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-RMQ-Tag", " TagA ");
        headers.put("X-RMQ-Keys", "k1,k2");
        headers.put("X-RMQ-Property-Region", "eu");
        headers.put("X-Request-Id", "not-signed");
        byte[] body = {0, 1, 2, (byte) 0xFF};
        Map<String, String> added = signer.sign("POST", "/gateway/v1/topics/T%5F1/messages", "producerGroup=P&a=%20",
            "application/octet-stream", body, headers);

        TreeMap<String, String> received = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        received.putAll(headers);
        received.putAll(added);
        byte[] canonical = StringToSign.of("POST", "/gateway/v1/topics/T%5F1/messages", "producerGroup=P&a=%20",
            "application/octet-stream", body, received);
        String expected = AclSigner.calSignature(canonical, "ExampleSecretKey", SigningAlgorithm.HmacSHA256,
            StandardCharsets.UTF_8);
        assertEquals("RMQ-HMAC-SHA256 Credential=ExampleAccessKey, Signature=" + expected, added.get("Authorization"));
    }

    @Test
    public void everyCallHasANewNonce() {
        String first = signer.sign("GET", "/health", null, null, null, Map.of()).get("X-RMQ-Nonce");
        String second = signer.sign("GET", "/health", null, null, null, Map.of()).get("X-RMQ-Nonce");
        assertNotEquals(first, second);
        assertTrue(first, first.matches("[0-9a-f]{24}"));
    }
}
