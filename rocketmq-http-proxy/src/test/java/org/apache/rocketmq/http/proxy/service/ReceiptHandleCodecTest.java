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
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class ReceiptHandleCodecTest {
    private static final String CHECKPOINT = "0 1795616919785 60000 0 0 broker-a 2 7 96";

    private static String refused(ReceiptHandleCodec codec, String handle, String group, String topic) {
        try {
            codec.decode(handle, group, topic);
        } catch (HttpProxyException e) {
            assertEquals(ErrorCode.ILLEGAL_RECEIPT_HANDLE, e.getErrorCode());
            return e.getMessage();
        }
        fail("decoded " + handle);
        return null;
    }

    @Test
    public void plainHandlesRoundTripAndStayBoundToGroupAndTopic() {
        ReceiptHandleCodec codec = new ReceiptHandleCodec(null);
        String handle = codec.encode("G", "T", CHECKPOINT);
        ReceiptHandle rh = codec.decode(handle, "G", "T");
        assertEquals("broker-a", rh.getBrokerName());
        assertEquals(2, rh.getQueueId());
        assertEquals(7, rh.getOffset());
        assertTrue(refused(codec, handle, "OTHER", "T").contains("another group"));
    }

    @Test
    public void sealedHandlesCannotBeRewrittenForAnotherGroupOrCrafted() {
        ReceiptHandleCodec codec = new ReceiptHandleCodec(HandleSealer.fromKeys("cluster-key-0123456789"));
        String handle = codec.encode("GROUP_A", "T", CHECKPOINT);
        assertEquals(7, codec.decode(handle, "GROUP_A", "T").getOffset());

        // the same content with the group swapped: the caller may hold SUB on GROUP_B, the tag still fails
        byte[] bytes = Base64.getUrlDecoder().decode(handle);
        String content = new String(bytes, 0, bytes.length - HandleSealer.TAG_BYTES, StandardCharsets.UTF_8);
        byte[] swapped = (content.replace("GROUP_A", "GROUP_B")).getBytes(StandardCharsets.UTF_8);
        byte[] forged = new byte[swapped.length + HandleSealer.TAG_BYTES];
        System.arraycopy(swapped, 0, forged, 0, swapped.length);
        System.arraycopy(bytes, bytes.length - HandleSealer.TAG_BYTES, forged, swapped.length, HandleSealer.TAG_BYTES);
        assertTrue(refused(codec, Base64.getUrlEncoder().withoutPadding().encodeToString(forged), "GROUP_B", "T")
            .contains("not one this proxy cluster issued"));

        // a handle crafted in the plain format, or sealed by another cluster, is refused too
        assertTrue(refused(codec, new ReceiptHandleCodec(null).encode("GROUP_B", "T", CHECKPOINT), "GROUP_B", "T")
            .contains("not one this proxy cluster issued"));
        assertTrue(refused(codec, new ReceiptHandleCodec(HandleSealer.random()).encode("GROUP_A", "T", CHECKPOINT),
            "GROUP_A", "T").contains("not one this proxy cluster issued"));
        // and a sealed handle is still bound to its group and topic
        assertTrue(refused(codec, handle, "GROUP_A", "OTHER_TOPIC").contains("another group or topic"));
    }

    @Test
    public void malformedHandlesAreRefused() {
        ReceiptHandleCodec codec = new ReceiptHandleCodec(null);
        refused(codec, "", "G", "T");
        refused(codec, "!!!", "G", "T");
        refused(codec, Base64.getUrlEncoder().encodeToString("1\nG\nT".getBytes()), "G", "T");
    }
}
