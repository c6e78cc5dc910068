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
package org.apache.rocketmq.http.proxy.test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.rocketmq.acl.common.AclSigner;
import org.apache.rocketmq.acl.common.SigningAlgorithm;

/**
 * Signs requests the way the contract describes, written plainly and apart from the proxy's code (the
 * HMAC is rocketmq-acl's {@link AclSigner}), so tests check the proxy against the contract rather
 * than against itself.
 */
public final class RequestSigner {
    private final String accessKey;
    private final String secretKey;

    public RequestSigner(String accessKey, String secretKey) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    public String accessKey() {
        return accessKey;
    }

    /**
     * @return a new random nonce of 16 characters
     */
    public static String nonce() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    public static String date(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * @param pathAndQuery the path as it will be sent, with its raw query after '?' if any
     * @param headers the request's other headers (only x-rmq-* ones are signed)
     * @return the headers to add: X-RMQ-Date, X-RMQ-Nonce and Authorization
     */
    public Map<String, String> sign(String method, String pathAndQuery, String contentType, byte[] body,
        Map<String, String> headers) {
        return sign(method, pathAndQuery, contentType, body, headers, Instant.now(), nonce());
    }

    public Map<String, String> sign(String method, String pathAndQuery, String contentType, byte[] body,
        Map<String, String> headers, Instant date, String nonce) {
        Map<String, String> added = new LinkedHashMap<>();
        added.put("X-RMQ-Date", date(date));
        added.put("X-RMQ-Nonce", nonce);
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(added);
        added.put("Authorization", "RMQ-HMAC-SHA256 Credential=" + accessKey + ", Signature="
            + signature(method, pathAndQuery, contentType, body, all));
        return added;
    }

    public String signature(String method, String pathAndQuery, String contentType, byte[] body,
        Map<String, String> headers) {
        return AclSigner.calSignature(stringToSign(method, pathAndQuery, contentType, body, headers)
            .getBytes(StandardCharsets.UTF_8), secretKey, SigningAlgorithm.HmacSHA256, StandardCharsets.UTF_8);
    }

    public static String stringToSign(String method, String pathAndQuery, String contentType, byte[] body,
        Map<String, String> headers) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
        List<String> pairs = new ArrayList<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                pairs.add(pair);
            }
        }
        String[] sorted = pairs.toArray(new String[0]);
        Arrays.sort(sorted);
        TreeMap<String, String> rmq = new TreeMap<>();
        headers.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-rmq-")) {
                rmq.put(lower, value.trim());
            }
        });
        List<String> headerLines = new ArrayList<>();
        rmq.forEach((name, value) -> headerLines.add(name + ":" + value));
        return String.join("\n", method.toUpperCase(Locale.ROOT), path, String.join("&", sorted),
            contentType == null ? "" : contentType, sha256Hex(body == null ? new byte[0] : body),
            String.join("\n", headerLines));
    }

    public static String sha256Hex(byte[] body) {
        try {
            StringBuilder sb = new StringBuilder();
            for (byte b : MessageDigest.getInstance("SHA-256").digest(body)) {
                sb.append(String.format("%02x", b));
            }
            return sb.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
