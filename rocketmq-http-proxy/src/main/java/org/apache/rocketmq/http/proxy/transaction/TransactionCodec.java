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
package org.apache.rocketmq.http.proxy.transaction;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.rocketmq.http.proxy.common.HandleSealer;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;

/**
 * The sealed forms of transaction handles (opaque, URL-safe, for clients), end records and
 * check-back questions (message bodies in the proxy's own topics). Each is a version and a list of
 * fields, sealed for its own purpose, so none can be forged, altered or taken for another.
 */
final class TransactionCodec {
    private static final String HANDLE = "transaction-handle";
    private static final String END_RECORD = "transaction-end";
    private static final String QUESTION = "transaction-check";
    private static final String VERSION = "1";
    private static final char SEP = '\n';
    private static final int MAX_HANDLE_LENGTH = 1024;

    private final HandleSealer sealer;

    TransactionCodec(HandleSealer sealer) {
        this.sealer = sealer;
    }

    /**
     * An ended transaction as an end record says it: the action and the copy its end went to.
     */
    static final class EndRecord {
        final TransactionAction action;
        final TransactionHandle handle;

        EndRecord(TransactionAction action, TransactionHandle handle) {
            this.action = action;
            this.handle = handle;
        }
    }

    /**
     * A check-back question: the copy the broker asked about and how often it asked.
     */
    static final class Question {
        final TransactionHandle copy;
        final int checkTimes;

        Question(TransactionHandle copy, int checkTimes) {
            this.copy = copy;
            this.checkTimes = checkTimes;
        }
    }

    String encodeHandle(TransactionHandle h) {
        byte[] sealed = sealer.seal(HANDLE, join(VERSION, h.topic, h.producerGroup, h.brokerName,
            Long.toString(h.commitLogOffset), Long.toString(h.queueOffset), h.transactionId, Long.toString(h.bornTimestamp),
            Long.toString(h.expiresAt), h.fromCheck ? "1" : "0"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
    }

    /**
     * @throws HttpProxyException ILLEGAL_TRANSACTION_HANDLE when the handle is malformed, forged or altered
     */
    TransactionHandle decodeHandle(String encoded) {
        if (encoded == null || encoded.isEmpty() || encoded.length() > MAX_HANDLE_LENGTH) {
            throw illegal("transactionHandle is missing or too long");
        }
        byte[] sealed;
        try {
            sealed = Base64.getUrlDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw illegal("transactionHandle is not valid base64url");
        }
        String[] f = open(HANDLE, sealed, 10);
        if (f == null) {
            throw illegal("transactionHandle is not one this proxy cluster issued, or it was altered");
        }
        try {
            return new TransactionHandle(f[1], f[2], f[3], Long.parseLong(f[4]), Long.parseLong(f[5]), f[6],
                Long.parseLong(f[7]), Long.parseLong(f[8]), "1".equals(f[9]));
        } catch (NumberFormatException e) {
            throw illegal("transactionHandle is malformed");
        }
    }

    byte[] endRecord(TransactionAction action, TransactionHandle h) {
        return sealer.seal(END_RECORD, join(VERSION, action.name(), h.topic, h.producerGroup, h.brokerName,
            Long.toString(h.commitLogOffset), Long.toString(h.queueOffset), h.transactionId, Long.toString(h.bornTimestamp)));
    }

    /**
     * @return the record, or null when the body is not an end record sealed by this proxy cluster
     */
    EndRecord openEndRecord(byte[] body) {
        String[] f = open(END_RECORD, body, 9);
        if (f == null || TransactionAction.parse(f[1]) == null) {
            return null;
        }
        try {
            return new EndRecord(TransactionAction.parse(f[1]), new TransactionHandle(f[2], f[3], f[4], Long.parseLong(f[5]),
                Long.parseLong(f[6]), f[7], Long.parseLong(f[8]), 0, false));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    byte[] question(TransactionHandle copy, int checkTimes) {
        return sealer.seal(QUESTION, join(VERSION, copy.topic, copy.producerGroup, copy.brokerName,
            Long.toString(copy.commitLogOffset), Long.toString(copy.queueOffset), copy.transactionId,
            Long.toString(copy.bornTimestamp), Integer.toString(checkTimes)));
    }

    /**
     * @return the question, or null when the body is not a question sealed by this proxy cluster
     */
    Question openQuestion(byte[] body) {
        String[] f = open(QUESTION, body, 9);
        if (f == null) {
            return null;
        }
        try {
            return new Question(new TransactionHandle(f[1], f[2], f[3], Long.parseLong(f[4]), Long.parseLong(f[5]), f[6],
                Long.parseLong(f[7]), 0, true), Integer.parseInt(f[8]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String[] open(String purpose, byte[] sealed, int fields) {
        byte[] content = sealer.open(purpose, sealed);
        if (content == null) {
            return null;
        }
        String[] f = new String(content, StandardCharsets.UTF_8).split(String.valueOf(SEP), -1);
        return f.length == fields && VERSION.equals(f[0]) ? f : null;
    }

    private static byte[] join(String... fields) {
        StringBuilder sb = new StringBuilder();
        for (String field : fields) {
            if (field == null || field.indexOf(SEP) >= 0) {
                throw new IllegalArgumentException("a field of a sealed transaction record is missing or has a line break");
            }
            if (sb.length() > 0) {
                sb.append(SEP);
            }
            sb.append(field);
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static HttpProxyException illegal(String message) {
        return new HttpProxyException(ErrorCode.ILLEGAL_TRANSACTION_HANDLE, message);
    }
}
