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
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.rocketmq.acl.common.SigningAlgorithm;
import org.apache.rocketmq.acl.plain.PlainAccessResource;
import org.apache.commons.lang3.StringUtils;

/**
 * One account of the ACL file: its permissions as rocketmq-acl holds them ({@link PlainAccessResource},
 * built by {@code PlainAccessResource.build}) and what checking its signatures needs. Immutable; a
 * reload of the file builds new accounts.
 */
final class Account {
    private static final String HMAC = SigningAlgorithm.HmacSHA256.toString();

    private final PlainAccessResource owned;
    private final SecretKeySpec key;
    private final byte[] secretDigest;
    private final boolean hasWhiteAddress;
    /**
     * An initialised Mac per thread: {@code doFinal} leaves it ready for the next signature, so the hot
     * path neither looks the algorithm up nor schedules the key again. Computes exactly what
     * {@code AclSigner.calSignature(data, secretKey, HmacSHA256, UTF_8)} computes.
     */
    private final ThreadLocal<Mac> mac;

    Account(PlainAccessResource owned) {
        this.owned = owned;
        byte[] secret = owned.getSecretKey().getBytes(StandardCharsets.UTF_8);
        this.key = new SecretKeySpec(secret, HMAC);
        this.secretDigest = digest(secret);
        this.hasWhiteAddress = StringUtils.isNotBlank(owned.getWhiteRemoteAddress());
        this.mac = ThreadLocal.withInitial(this::newMac);
    }

    String accessKey() {
        return owned.getAccessKey();
    }

    boolean isAdmin() {
        return owned.isAdmin();
    }

    PlainAccessResource owned() {
        return owned;
    }

    /**
     * @return HMAC-SHA256 of the request's canonical form ({@link StringToSign}) under this account's secret key
     */
    byte[] sign(AuthRequest request) {
        return StringToSign.mac(request, mac.get());
    }

    /**
     * Compares a presented secret key with this account's without leaking through time where they differ.
     */
    boolean secretMatches(byte[] presented) {
        return MessageDigest.isEqual(secretDigest, digest(presented));
    }

    /**
     * @param peer a resource whose white remote address is the peer's IP address
     */
    boolean isWhiteListed(PlainAccessResource peer) {
        return hasWhiteAddress && owned.getRemoteAddressStrategy().match(peer);
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance(HMAC);
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + HMAC, e);
        }
    }

    private static byte[] digest(byte[] secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
