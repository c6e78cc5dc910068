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
package org.apache.rocketmq.http.proxy.common;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals what the proxy hands out or passes through RocketMQ (receipt handles, transaction handles, end
 * records, check-back questions) against forgery:
 * a handle carries its content and a 128-bit HMAC-SHA256 tag over a purpose name and the content, so
 * a caller can neither craft one nor turn a handle of one kind into another. Keys are shared by the
 * proxies of a cluster ({@code handleSealKeys}); the first key seals, every key opens, so keys rotate
 * without refusing handles in flight: add the new key last everywhere, then move it first everywhere,
 * then drop the old one once the handles it sealed have expired.
 *
 * <p>Thread-safe.
 */
public final class HandleSealer {
    public static final int TAG_BYTES = 16;
    public static final int MIN_KEY_LENGTH = 16;
    private static final String HMAC = "HmacSHA256";

    private final List<SecretKeySpec> keys;
    private final boolean random;
    private final ThreadLocal<List<Mac>> macs;

    private HandleSealer(List<SecretKeySpec> keys, boolean random) {
        this.keys = keys;
        this.random = random;
        this.macs = ThreadLocal.withInitial(this::newMacs);
    }

    /**
     * @param keyList comma-separated keys, each at least {@value #MIN_KEY_LENGTH} characters; none (blank
     *     or null) means a random key of this process ({@link #isRandom()})
     * @throws IllegalArgumentException when a key is too short
     */
    public static HandleSealer fromKeys(String keyList) {
        List<SecretKeySpec> keys = new ArrayList<>();
        for (String key : keyList == null ? new String[0] : keyList.split(",")) {
            String k = key.trim();
            if (k.isEmpty()) {
                continue;
            }
            if (k.length() < MIN_KEY_LENGTH) {
                throw new IllegalArgumentException("each sealing key must be at least " + MIN_KEY_LENGTH
                    + " characters long");
            }
            keys.add(new SecretKeySpec(k.getBytes(StandardCharsets.UTF_8), HMAC));
        }
        if (keys.isEmpty()) {
            return random();
        }
        return new HandleSealer(Collections.unmodifiableList(keys), false);
    }

    /**
     * @return a sealer with a random key of this process only
     */
    public static HandleSealer random() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new HandleSealer(List.of(new SecretKeySpec(key, HMAC)), true);
    }

    /**
     * @return whether the key is this process's own random one (no key configured): its handles open on
     *     this process only
     */
    public boolean isRandom() {
        return random;
    }

    /**
     * @return the content followed by its tag
     */
    public byte[] seal(String purpose, byte[] content) {
        byte[] tag = tag(macs.get().get(0), purpose, content, content.length);
        byte[] sealed = Arrays.copyOf(content, content.length + TAG_BYTES);
        System.arraycopy(tag, 0, sealed, content.length, TAG_BYTES);
        return sealed;
    }

    /**
     * @return the content of a sealed handle, or null when no key's tag matches (forged, altered, or
     *     sealed for another purpose or with a key no longer in the list)
     */
    public byte[] open(String purpose, byte[] sealed) {
        if (sealed == null || sealed.length < TAG_BYTES) {
            return null;
        }
        int length = sealed.length - TAG_BYTES;
        byte[] presented = Arrays.copyOfRange(sealed, length, sealed.length);
        for (Mac mac : macs.get()) {
            if (MessageDigest.isEqual(presented, tag(mac, purpose, sealed, length))) {
                return Arrays.copyOf(sealed, length);
            }
        }
        return null;
    }

    private static byte[] tag(Mac mac, String purpose, byte[] content, int length) {
        byte[] name = purpose.getBytes(StandardCharsets.UTF_8);
        mac.update((byte) name.length);
        mac.update(name);
        mac.update(content, 0, length);
        return Arrays.copyOf(mac.doFinal(), TAG_BYTES);
    }

    private List<Mac> newMacs() {
        List<Mac> list = new ArrayList<>(keys.size());
        for (SecretKeySpec key : keys) {
            try {
                Mac mac = Mac.getInstance(HMAC);
                mac.init(key);
                list.add(mac);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no " + HMAC, e);
            }
        }
        return list;
    }
}
