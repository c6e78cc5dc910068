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

import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

public class NonceGuardTest {
    private static final long NOW = System.currentTimeMillis();
    private static final long WINDOW = 300_000;

    @Test
    public void aNonceIsFreshOnceThenReplayedWhileItsWindowLasts() {
        NonceGuard guard = new NonceGuard(1000);
        assertEquals(NonceGuard.Outcome.FRESH, guard.check("ak", "nonce-0001", NOW + WINDOW, NOW));
        assertEquals(NonceGuard.Outcome.REPLAYED, guard.check("ak", "nonce-0001", NOW + WINDOW, NOW + 1000));
        assertEquals(NonceGuard.Outcome.REPLAYED, guard.check("ak", "nonce-0001", NOW + WINDOW, NOW + WINDOW - 1000));
    }

    @Test
    public void theSameNonceOfAnotherAccessKeyIsAnotherNonce() {
        NonceGuard guard = new NonceGuard(1000);
        assertEquals(NonceGuard.Outcome.FRESH, guard.check("ak1", "nonce-0001", NOW + WINDOW, NOW));
        assertEquals(NonceGuard.Outcome.FRESH, guard.check("ak2", "nonce-0001", NOW + WINDOW, NOW));
        // the separator keeps "ak" + "1nonce" apart from "ak1" + "nonce"
        assertEquals(NonceGuard.Outcome.FRESH, guard.check("ak", "1nonce-0001", NOW + WINDOW, NOW));
    }

    @Test
    public void anExpiredNonceIsForgottenAndItsSlotReused() {
        NonceGuard guard = new NonceGuard(1000);
        assertEquals(NonceGuard.Outcome.FRESH, guard.check("ak", "nonce-0001", NOW + 10_000, NOW));
        assertEquals(NonceGuard.Outcome.FRESH, guard.check("ak", "nonce-0001", NOW + 30_000, NOW + 11_000));
        assertEquals(NonceGuard.Outcome.REPLAYED, guard.check("ak", "nonce-0001", NOW + 30_000, NOW + 12_000));
    }

    @Test
    public void memoryIsBoundedAndTheGuardFailsClosedWhenFull() {
        NonceGuard guard = new NonceGuard(64 * 100);
        int fresh = 0;
        int full = 0;
        for (int i = 0; i < 64 * 200; i++) {
            NonceGuard.Outcome outcome = guard.check("ak", "nonce-" + i, NOW + WINDOW, NOW);
            if (outcome == NonceGuard.Outcome.FRESH) {
                fresh++;
            } else {
                assertEquals(NonceGuard.Outcome.FULL, outcome);
                full++;
            }
        }
        assertTrue("held " + guard.size(), guard.size() <= 64 * 100);
        assertTrue("fresh " + fresh, fresh >= 64 * 90 && fresh <= 64 * 100);
        assertEquals(64 * 200 - fresh, full);
        // every remembered nonce is still refused as a replay, never forgotten to make room
        int replayed = 0;
        for (int i = 0; i < 64 * 200; i++) {
            if (guard.check("ak", "nonce-" + i, NOW + WINDOW, NOW + 1000) == NonceGuard.Outcome.REPLAYED) {
                replayed++;
            }
        }
        assertEquals(fresh, replayed);
    }

    @Test
    public void roomComesBackAsNoncesExpire() {
        NonceGuard guard = new NonceGuard(64 * 10);
        int full = 0;
        for (int i = 0; i < 64 * 20; i++) {
            if (guard.check("ak", "old-" + i, NOW + 5_000, NOW) == NonceGuard.Outcome.FULL) {
                full++;
            }
        }
        assertTrue("the cap must be reached, full " + full, full >= 64 * 10);
        // 32 nonces over 64 stripes of 10 entries each: every one finds room once the old ones expired
        int fresh = 0;
        for (int i = 0; i < 32; i++) {
            if (guard.check("ak", "new-" + i, NOW + 20_000 + WINDOW, NOW + 20_000) == NonceGuard.Outcome.FRESH) {
                fresh++;
            }
        }
        assertEquals(32, fresh);
    }

    @Test
    public void tablesShrinkAgainAfterALoadPeak() {
        NonceGuard guard = new NonceGuard(1_000_000);
        for (int i = 0; i < 100_000; i++) {
            assertEquals(NonceGuard.Outcome.FRESH, guard.check("ak", "peak-" + i, NOW + 2_000, NOW));
        }
        assertTrue(guard.size() >= 100_000);
        for (int i = 0; i < 10_000; i++) {
            guard.check("ak", "later-" + i, NOW + 70_000 + WINDOW, NOW + 70_000);
        }
        assertTrue("expired nonces must be dropped, held " + guard.size(), guard.size() < 60_000);
    }
}
