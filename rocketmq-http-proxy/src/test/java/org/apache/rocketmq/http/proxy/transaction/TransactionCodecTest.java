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
import org.apache.rocketmq.http.proxy.common.Json;
import org.apache.rocketmq.http.proxy.service.SendReceipt;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class TransactionCodecTest {
    private static final String OLD_KEY = "the-old-key-of-the-cluster";
    private static final String NEW_KEY = "the-new-key-of-the-cluster";

    private static TransactionHandle handle() {
        return new TransactionHandle("Orders", "PID_orders", "broker-a", 123456L, 42L, "7F0000010001ABC", 1000L, 2000L, false);
    }

    @Test
    public void handleRoundTripsAndIsUrlSafe() {
        TransactionCodec codec = new TransactionCodec(HandleSealer.fromKeys(OLD_KEY));
        String encoded = codec.encodeHandle(handle());
        assertTrue(encoded, encoded.matches("[A-Za-z0-9_-]+"));
        TransactionHandle back = codec.decodeHandle(encoded);
        assertEquals("Orders", back.topic);
        assertEquals("PID_orders", back.producerGroup);
        assertEquals("broker-a", back.brokerName);
        assertEquals(123456L, back.commitLogOffset);
        assertEquals(42L, back.queueOffset);
        assertEquals("7F0000010001ABC", back.transactionId);
        assertEquals(1000L, back.bornTimestamp);
        assertEquals(2000L, back.expiresAt);
        assertFalse(back.fromCheck);
    }

    @Test
    public void everyAlteredByteMakesTheHandleIllegal() {
        TransactionCodec codec = new TransactionCodec(HandleSealer.fromKeys(OLD_KEY));
        byte[] sealed = Base64.getUrlDecoder().decode(codec.encodeHandle(handle()));
        for (int i = 0; i < sealed.length; i++) {
            byte[] altered = sealed.clone();
            altered[i] ^= 0x20;
            assertIllegal(codec, Base64.getUrlEncoder().withoutPadding().encodeToString(altered));
        }
        assertIllegal(codec, "");
        assertIllegal(codec, "***");
        assertIllegal(codec, "x".repeat(2000));
    }

    @Test
    public void anotherClustersKeyOpensNothing() {
        String encoded = new TransactionCodec(HandleSealer.fromKeys(OLD_KEY)).encodeHandle(handle());
        assertIllegal(new TransactionCodec(HandleSealer.fromKeys(NEW_KEY)), encoded);
        assertIllegal(new TransactionCodec(HandleSealer.fromKeys("")), encoded);
    }

    @Test
    public void keysRotateTheFirstSealsEveryOneOpens() {
        String sealedWithOld = new TransactionCodec(HandleSealer.fromKeys(OLD_KEY)).encodeHandle(handle());
        TransactionCodec rotating = new TransactionCodec(HandleSealer.fromKeys(NEW_KEY + ", " + OLD_KEY));
        assertEquals("Orders", rotating.decodeHandle(sealedWithOld).topic);
        String sealedWithNew = rotating.encodeHandle(handle());
        assertEquals("Orders", new TransactionCodec(HandleSealer.fromKeys(NEW_KEY)).decodeHandle(sealedWithNew).topic);
        assertIllegal(new TransactionCodec(HandleSealer.fromKeys(OLD_KEY)), sealedWithNew);
    }

    @Test
    public void shortKeysAreRefusedAndNoKeyMeansARandomOne() {
        try {
            HandleSealer.fromKeys("short");
            fail("a short key was accepted");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("16"));
        }
        assertTrue(HandleSealer.fromKeys(" ").isRandom());
        assertFalse(HandleSealer.fromKeys(OLD_KEY).isRandom());
    }

    @Test
    public void recordsAndQuestionsCannotBePassedOffAsOneAnother() {
        TransactionCodec codec = new TransactionCodec(HandleSealer.fromKeys(OLD_KEY));
        byte[] record = codec.endRecord(TransactionAction.COMMIT, handle());
        byte[] question = codec.question(handle(), 3);
        TransactionCodec.EndRecord r = codec.openEndRecord(record);
        assertNotNull(r);
        assertEquals(TransactionAction.COMMIT, r.action);
        assertEquals(123456L, r.handle.commitLogOffset);
        TransactionCodec.Question q = codec.openQuestion(question);
        assertNotNull(q);
        assertEquals(3, q.checkTimes);
        assertTrue(q.copy.fromCheck);
        assertNull(codec.openEndRecord(question));
        assertNull(codec.openQuestion(record));
        assertIllegal(codec, Base64.getUrlEncoder().withoutPadding().encodeToString(record));
        byte[] forged = record.clone();
        forged[2] ^= 1;
        assertNull(codec.openEndRecord(forged));
    }

    @Test
    public void halfMessageAnswerIsAReceiptWithTheHandle() {
        String json = new String(Json.write(new HalfMessageReceipt(new SendReceipt("MID", "Orders", "broker-a", 1, 7), "H")),
            StandardCharsets.UTF_8);
        assertEquals("{\"messageId\":\"MID\",\"topic\":\"Orders\",\"brokerName\":\"broker-a\",\"queueId\":1,"
            + "\"queueOffset\":7,\"transactionHandle\":\"H\"}", json);
    }

    private static void assertIllegal(TransactionCodec codec, String encoded) {
        try {
            codec.decodeHandle(encoded);
            fail("accepted " + encoded);
        } catch (HttpProxyException e) {
            assertEquals(ErrorCode.ILLEGAL_TRANSACTION_HANDLE, e.getErrorCode());
        }
    }
}
