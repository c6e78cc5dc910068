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
package org.apache.rocketmq.http.proxy.service;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.rocketmq.common.consumer.ReceiptHandle;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.HandleSealer;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;

/**
 * The API's receipt handle: opaque and URL-safe (base64url), carrying the group, the topic and the
 * broker's POP checkpoint (which names the broker, queue and offset). Everything needed to ack is in
 * the handle itself, so any proxy instance can ack a message another one delivered. With ACL on, handles
 * are sealed ({@link HandleSealer}): one received for a group and topic cannot be altered to name
 * another, nor crafted for messages the caller never received.
 */
public final class ReceiptHandleCodec {
    static final String PURPOSE = "receipt-handle";
    private static final String PLAIN_VERSION = "1";
    private static final String SEALED_VERSION = "2";
    private static final char SEP = '\n';
    private static final int MAX_ENCODED_LENGTH = 1024;

    private final HandleSealer sealer;

    /**
     * @param sealer seals and opens handles, or null for plain ones (ACL off)
     */
    public ReceiptHandleCodec(HandleSealer sealer) {
        this.sealer = sealer;
    }

    /**
     * @param popCheckpoint the message's POP_CK property plus its commit log offset
     */
    public String encode(String group, String topic, String popCheckpoint) {
        String version = sealer == null ? PLAIN_VERSION : SEALED_VERSION;
        byte[] plain = (version + SEP + group + SEP + topic + SEP + popCheckpoint).getBytes(StandardCharsets.UTF_8);
        byte[] bytes = sealer == null ? plain : sealer.seal(PURPOSE, plain);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Decodes and checks a handle received for the given group and topic.
     *
     * @throws HttpProxyException ILLEGAL_RECEIPT_HANDLE when it is malformed, forged or belongs elsewhere
     */
    public ReceiptHandle decode(String handle, String group, String topic) {
        if (handle == null || handle.isEmpty() || handle.length() > MAX_ENCODED_LENGTH) {
            throw malformed("receipt handle is empty or too long");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(handle);
        } catch (IllegalArgumentException e) {
            throw malformed("receipt handle is not valid base64url");
        }
        if (sealer != null) {
            bytes = sealer.open(PURPOSE, bytes);
            if (bytes == null) {
                throw malformed("receipt handle is not one this proxy cluster issued");
            }
        }
        String plain = new String(bytes, StandardCharsets.UTF_8);
        String[] parts = plain.split(String.valueOf(SEP), -1);
        if (parts.length != 4 || !(sealer == null ? PLAIN_VERSION : SEALED_VERSION).equals(parts[0])) {
            throw malformed("receipt handle is malformed");
        }
        if (!parts[1].equals(group) || !parts[2].equals(topic)) {
            throw malformed("receipt handle belongs to another group or topic");
        }
        try {
            ReceiptHandle rh = ReceiptHandle.decode(parts[3]);
            if (rh.getBrokerName() == null || rh.getBrokerName().isEmpty() || rh.getQueueId() < 0 || rh.getOffset() < 0) {
                throw malformed("receipt handle is malformed");
            }
            return rh;
        } catch (IllegalArgumentException e) {
            throw malformed("receipt handle is malformed");
        }
    }

    private static HttpProxyException malformed(String message) {
        return new HttpProxyException(ErrorCode.ILLEGAL_RECEIPT_HANDLE, message);
    }
}
