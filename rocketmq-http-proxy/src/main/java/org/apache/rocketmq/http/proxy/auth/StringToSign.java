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
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import javax.crypto.Mac;

/**
 * The canonical form of a request that {@code RMQ-HMAC-SHA256} signs, six parts joined with
 * {@code \n}: the method; the path as sent; the raw query pairs sorted by their bytes and joined with
 * {@code &}; the Content-Type; the lower-case hex SHA-256 of the body; the {@code x-rmq-*} headers as
 * {@code name:value} (lower-case name, trimmed value), sorted by name, joined with {@code \n}.
 *
 * <p>The HTTP decoder reads every byte of the request line and headers as one character, so the
 * request's parts go back to their bytes as ISO-8859-1; the result is the UTF-8 of the string the
 * client signed.
 */
public final class StringToSign {
    static final String RMQ_HEADER_PREFIX = "x-rmq-";
    /** The first string after every {@code x-rmq-...} name, in the case-insensitive order of the header map. */
    private static final String RMQ_HEADER_END = "x-rmq.";
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int SHA256_BYTES = 32;
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(StringToSign::sha256);
    /** Canonical requests are a few hundred bytes; a thread keeps a buffer up to this size between requests. */
    private static final int MAX_KEPT_BUFFER = 4096;
    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(() -> new Buffer(512));

    private StringToSign() {
    }

    /**
     * @param headers the request's headers ordered without case, as {@link AuthRequest#headers()}
     */
    public static byte[] of(String method, String rawPath, String rawQuery, String contentType, byte[] body,
        SortedMap<String, String> headers) {
        Buffer out = new Buffer(256);
        write(out, method, rawPath, rawQuery, contentType, body, headers);
        return out.toByteArray();
    }

    /**
     * The MAC of the request's canonical form, which is written into a buffer of this thread rather than
     * a new array: what {@code mac.doFinal(of(request))} returns.
     *
     * @param mac initialised with the key; left ready for the next request
     */
    static byte[] mac(AuthRequest request, Mac mac) {
        Buffer out = BUFFERS.get();
        out.size = 0;
        write(out, request.method(), request.rawPath(), request.rawQuery(), request.header("Content-Type"),
            request.body(), request.headers());
        mac.update(out.bytes, 0, out.size);
        if (out.bytes.length > MAX_KEPT_BUFFER) {
            // a request with unusually long x-rmq-* headers does not keep its memory in the thread
            BUFFERS.remove();
        }
        return mac.doFinal();
    }

    private static void write(Buffer out, String method, String rawPath, String rawQuery, String contentType,
        byte[] body, SortedMap<String, String> headers) {
        out.latin1(method).newline();
        out.latin1(rawPath).newline();
        sortedQuery(out, rawQuery);
        out.newline();
        out.latin1(contentType == null ? "" : trim(contentType)).newline();
        out.sha256Hex(body).newline();
        boolean first = true;
        for (Map.Entry<String, String> h : headers.subMap(RMQ_HEADER_PREFIX, RMQ_HEADER_END).entrySet()) {
            if (!first) {
                out.newline();
            }
            first = false;
            out.lowerLatin1(h.getKey()).colon().latin1(trim(h.getValue()));
        }
    }

    private static void sortedQuery(Buffer out, String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return;
        }
        String[] pairs = rawQuery.split("&", -1);
        // one character per byte: String order is byte order
        Arrays.sort(pairs);
        boolean first = true;
        for (String pair : pairs) {
            if (pair.isEmpty()) {
                continue;
            }
            if (!first) {
                out.amp();
            }
            first = false;
            out.latin1(pair);
        }
    }

    /**
     * @return the lower-case hex SHA-256 of the bytes (of nothing when null)
     */
    public static byte[] sha256Hex(byte[] body) {
        Buffer out = new Buffer(SHA256_BYTES * 2);
        out.sha256Hex(body);
        return out.bytes;
    }

    private static String trim(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isBlank(value.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(value.charAt(end - 1))) {
            end--;
        }
        return start == 0 && end == value.length() ? value : value.substring(start, end);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * A growing byte array; characters above 0xFF cannot come from the HTTP decoder and are written as '?'.
     */
    private static final class Buffer {
        private byte[] bytes;
        private int size;

        Buffer(int capacity) {
            bytes = new byte[capacity];
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        Buffer latin1(String s) {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                bytes[size++] = c <= 0xFF ? (byte) c : (byte) '?';
            }
            return this;
        }

        Buffer lowerLatin1(String s) {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c >= 'A' && c <= 'Z') {
                    c = (char) (c + ('a' - 'A'));
                }
                bytes[size++] = c <= 0xFF ? (byte) c : (byte) '?';
            }
            return this;
        }

        /**
         * Appends the lower-case hex SHA-256 of the bytes (of nothing when null), hashed into this buffer.
         */
        Buffer sha256Hex(byte[] body) {
            ensure(SHA256_BYTES * 2);
            MessageDigest digest = SHA256.get();
            if (body != null) {
                digest.update(body);
            }
            // the hash goes into the second half of its hex, which is then written from the front
            int hash = size + SHA256_BYTES;
            try {
                digest.digest(bytes, hash, SHA256_BYTES);
            } catch (DigestException e) {
                throw new IllegalStateException("SHA-256 did not fit its 32 bytes", e);
            }
            for (int i = 0; i < SHA256_BYTES; i++) {
                int b = bytes[hash + i];
                bytes[size++] = HEX[(b >> 4) & 0xF];
                bytes[size++] = HEX[b & 0xF];
            }
            return this;
        }

        Buffer newline() {
            return single('\n');
        }

        Buffer colon() {
            return single(':');
        }

        Buffer amp() {
            return single('&');
        }

        private Buffer single(char c) {
            ensure(1);
            bytes[size++] = (byte) c;
            return this;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }
    }
}
