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
import org.junit.Test;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class HandleSealerTest {
    private static final byte[] CONTENT = "1\ngroup\ntopic\ncheckpoint".getBytes(StandardCharsets.UTF_8);

    @Test
    public void aSealedHandleOpensToItsContent() {
        HandleSealer sealer = HandleSealer.fromKeys("first-key-0123456789");
        byte[] sealed = sealer.seal("receipt-handle", CONTENT);
        assertTrue(sealed.length == CONTENT.length + HandleSealer.TAG_BYTES);
        assertArrayEquals(CONTENT, sealer.open("receipt-handle", sealed));
    }

    @Test
    public void anyAlteredByteOrAnotherPurposeDoesNotOpen() {
        HandleSealer sealer = HandleSealer.fromKeys("first-key-0123456789");
        byte[] sealed = sealer.seal("receipt-handle", CONTENT);
        for (int i = 0; i < sealed.length; i++) {
            byte[] altered = sealed.clone();
            altered[i] ^= 1;
            assertNull("byte " + i, sealer.open("receipt-handle", altered));
        }
        assertNull(sealer.open("transaction-handle", sealed));
        assertNull(sealer.open("receipt-handle", new byte[3]));
    }

    @Test
    public void keysRotateWithoutRefusingHandlesInFlight() {
        HandleSealer old = HandleSealer.fromKeys("old-key-0123456789ab");
        HandleSealer both = HandleSealer.fromKeys("new-key-0123456789ab, old-key-0123456789ab");
        HandleSealer rotated = HandleSealer.fromKeys("new-key-0123456789ab");
        byte[] sealedByOld = old.seal("p", CONTENT);
        byte[] sealedByBoth = both.seal("p", CONTENT);
        assertArrayEquals(CONTENT, both.open("p", sealedByOld));
        assertArrayEquals(CONTENT, rotated.open("p", sealedByBoth));
        assertNull(rotated.open("p", sealedByOld));
        assertNull(HandleSealer.random().open("p", sealedByOld));
    }

    @Test
    public void shortKeysAreRefused() {
        try {
            HandleSealer.fromKeys("short");
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("16"));
        }
        assertTrue("no key at all: a random one of this process", HandleSealer.fromKeys(" , ").isRandom());
    }
}
