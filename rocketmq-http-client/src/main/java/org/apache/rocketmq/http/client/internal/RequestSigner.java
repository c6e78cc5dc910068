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
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs requests as the proxy's contract describes ({@code RMQ-HMAC-SHA256}): HMAC-SHA256 of the
 * canonical request under the secret key, with a date and a nonce of its own for every call. Knows
 * nothing of the transport: it takes the request's parts and returns the headers to add.
 * Thread-safe.
 */
public final class RequestSigner {
    public static final String SCHEME = "RMQ-HMAC-SHA256";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    });

    private final String accessKey;
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();
    /** An initialised Mac per thread: {@code doFinal} leaves it ready for the next request. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);
    /** The date of the current second as the header carries it, made once a second rather than per request. */
    private volatile SignedDate lastDate = new SignedDate(Long.MIN_VALUE, "");

    public RequestSigner(String accessKey, String secretKey) {
        this.accessKey = accessKey;
        this.key = new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /**
     * @param rawPath the path as it is sent, percent-encoding untouched
     * @param rawQuery the query as it is sent, or null
     * @param contentType the Content-Type header as it is sent, or null
     * @param headers the request's other headers; those named {@code x-rmq-*} are signed
     * @return the headers to add: {@code X-RMQ-Date}, {@code X-RMQ-Nonce}, {@code Authorization}
     */
    public Map<String, String> sign(String method, String rawPath, String rawQuery, String contentType, byte[] body,
        Map<String, String> headers) {
        long second = Math.floorDiv(System.currentTimeMillis(), 1000L);
        SignedDate date = lastDate;
        if (date.epochSecond != second) {
            date = new SignedDate(second, Instant.ofEpochSecond(second).toString());
            lastDate = date;
        }
        return sign(method, rawPath, rawQuery, contentType, body, headers, date.text, nonce());
    }

    Map<String, String> sign(String method, String rawPath, String rawQuery, String contentType, byte[] body,
        Map<String, String> headers, Instant date, String nonce) {
        return sign(method, rawPath, rawQuery, contentType, body, headers, date.truncatedTo(ChronoUnit.SECONDS).toString(),
            nonce);
    }

    private Map<String, String> sign(String method, String rawPath, String rawQuery, String contentType, byte[] body,
        Map<String, String> headers, String date, String nonce) {
        Map<String, String> added = new LinkedHashMap<>(4);
        added.put("X-RMQ-Date", date);
        added.put("X-RMQ-Nonce", nonce);
        TreeMap<String, String> signed = new TreeMap<>();
        for (Map<String, String> source : List.of(headers, added)) {
            for (Map.Entry<String, String> h : source.entrySet()) {
                String name = h.getKey().toLowerCase(Locale.ROOT);
                if (name.startsWith("x-rmq-")) {
                    signed.put(name, h.getValue().trim());
                }
            }
        }
        String stringToSign = stringToSign(method, rawPath, rawQuery, contentType, body, signed);
        added.put("Authorization", SCHEME + " Credential=" + accessKey + ", Signature=" + signature(stringToSign));
        return added;
    }

    /**
     * The six parts of the contract joined with {@code \n}.
     *
     * @param rmqHeaders lower-case names to trimmed values, sorted by name
     */
    static String stringToSign(String method, String rawPath, String rawQuery, String contentType, byte[] body,
        TreeMap<String, String> rmqHeaders) {
        List<String> pairs = new ArrayList<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (!pair.isEmpty()) {
                    pairs.add(pair);
                }
            }
        }
        // raw pairs are ASCII (percent-encoded): String order is byte order
        pairs.sort(null);
        StringBuilder sb = new StringBuilder(256);
        sb.append(method.toUpperCase(Locale.ROOT)).append('\n')
            .append(rawPath).append('\n')
            .append(String.join("&", pairs)).append('\n')
            .append(contentType == null ? "" : contentType.trim()).append('\n')
            .append(sha256Hex(body == null ? new byte[0] : body)).append('\n');
        boolean first = true;
        for (Map.Entry<String, String> h : rmqHeaders.entrySet()) {
            if (!first) {
                sb.append('\n');
            }
            first = false;
            sb.append(h.getKey()).append(':').append(h.getValue());
        }
        return sb.toString();
    }

    private String signature(String stringToSign) {
        return Base64.getEncoder().encodeToString(macs.get().doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }

    private String nonce() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return hex(bytes);
    }

    static String sha256Hex(byte[] body) {
        return hex(SHA256.get().digest(body));
    }

    private static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(out);
    }

    private static final class SignedDate {
        final long epochSecond;
        final String text;

        SignedDate(long epochSecond, String text) {
            this.epochSecond = epochSecond;
            this.text = text;
        }
    }
}
