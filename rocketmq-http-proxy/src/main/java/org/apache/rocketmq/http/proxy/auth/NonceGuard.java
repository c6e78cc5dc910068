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

import java.util.concurrent.ThreadLocalRandom;

/**
 * Remembers the nonces of signed requests while their date is inside the clock-skew window, so a
 * captured request cannot be sent again. Memory is bounded: a nonce is kept as a 64-bit hash of
 * access key and nonce plus an expiry (12 bytes a slot), in open-addressing tables of 64 stripes that
 * drop expired entries whenever they would grow and once a minute; at most {@code maxEntries} live nonces are held, and
 * beyond that new ones are refused (the guard fails closed) until old ones expire.
 *
 * <p>Sizing: a nonce lives until its request's date plus the skew, about {@code skew} seconds after it
 * arrived. At 10,000 signed requests a second and the default skew of 300 s that is 3 million live
 * entries, held in tables of 65,536 slots a stripe: about 50 MB. The default cap of 4 million entries
 * (13,000 requests a second) needs about 100 MB at most.
 *
 * <p>Thread-safe; a check costs one hash and one locked probe of one stripe.
 */
public final class NonceGuard {
    /** The result of a check. */
    public enum Outcome {
        /** Not seen within the window; remembered from now on. */
        FRESH,
        /** Seen within the window: a replay. */
        REPLAYED,
        /** The guard holds as many nonces as it may: refused, not remembered. */
        FULL
    }

    private static final int STRIPES = 64;
    private static final int MIN_CAPACITY = 64;
    /** A stripe drops its expired entries at least this often (in seconds), so tables shrink after a peak. */
    private static final int SWEEP_SECONDS = 60;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final Stripe[] stripes = new Stripe[STRIPES];
    private final long seed = ThreadLocalRandom.current().nextLong();
    private final long baseSeconds = System.currentTimeMillis() / 1000 - 1;

    /**
     * @param maxEntries live nonces held at most, over all stripes
     */
    public NonceGuard(int maxEntries) {
        if (maxEntries < STRIPES) {
            throw new IllegalArgumentException("aclMaxNonces must be at least " + STRIPES + ", got " + maxEntries);
        }
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe(maxEntries / STRIPES);
        }
    }

    /**
     * Checks a nonce and, when it is fresh, remembers it until {@code expiresAtMillis}.
     */
    public Outcome check(String accessKey, String nonce, long expiresAtMillis, long nowMillis) {
        long h = hash(accessKey, nonce);
        Stripe stripe = stripes[(int) (h >>> 58)];
        int now = (int) (nowMillis / 1000 - baseSeconds);
        // expires at the end of the second it names, so nothing is forgotten early
        int expiry = (int) ((expiresAtMillis + 999) / 1000 - baseSeconds);
        synchronized (stripe) {
            return stripe.check(h, Math.max(expiry, now + 1), now);
        }
    }

    /**
     * @return nonces held, expired ones not yet dropped included
     */
    public long size() {
        long n = 0;
        for (Stripe s : stripes) {
            synchronized (s) {
                n += s.occupied;
            }
        }
        return n;
    }

    private long hash(String accessKey, String nonce) {
        long h = seed;
        for (int i = 0; i < accessKey.length(); i++) {
            h = (h ^ accessKey.charAt(i)) * FNV_PRIME;
        }
        h = (h ^ 0xFFFF) * FNV_PRIME;
        for (int i = 0; i < nonce.length(); i++) {
            h = (h ^ nonce.charAt(i)) * FNV_PRIME;
        }
        // murmur3's finaliser: every input bit reaches the bits that pick stripe and slot
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    private static final class Stripe {
        private final int maxLive;
        private long[] keys = new long[MIN_CAPACITY];
        private int[] expiries = new int[MIN_CAPACITY];
        /** Slots in use, expired entries included. */
        private int occupied;
        /** While full: no entry expires before this second, so there is no room before it either. */
        private int fullUntil = Integer.MIN_VALUE;
        private int sweepAt = SWEEP_SECONDS;

        Stripe(int maxLive) {
            this.maxLive = maxLive;
        }

        Outcome check(long h, int expiry, int now) {
            if ((occupied + 1) * 4L > keys.length * 3L || now >= sweepAt) {
                rehash(now);
            }
            int mask = keys.length - 1;
            int i = slot(h, mask);
            int reusable = -1;
            while (keys[i] != 0) {
                if (keys[i] == h) {
                    if (expiries[i] > now) {
                        return Outcome.REPLAYED;
                    }
                    expiries[i] = expiry;
                    return Outcome.FRESH;
                }
                if (reusable < 0 && expiries[i] <= now) {
                    reusable = i;
                }
                i = (i + 1) & mask;
            }
            if (reusable >= 0) {
                keys[reusable] = h;
                expiries[reusable] = expiry;
                return Outcome.FRESH;
            }
            if (occupied >= maxLive) {
                if (now < fullUntil) {
                    return Outcome.FULL;
                }
                rehash(now);
                if (occupied >= maxLive) {
                    return Outcome.FULL;
                }
                return check(h, expiry, now);
            }
            keys[i] = h;
            expiries[i] = expiry;
            occupied++;
            return Outcome.FRESH;
        }

        /**
         * Rebuilds the table with the live entries only, at most half full (within the cap).
         */
        private void rehash(int now) {
            int live = 0;
            int earliest = Integer.MAX_VALUE;
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != 0 && expiries[i] > now) {
                    live++;
                    earliest = Math.min(earliest, expiries[i]);
                }
            }
            // room for the entry being added at most three quarters full, and half full while under the cap
            long wanted = live + 1L;
            int capacity = MIN_CAPACITY;
            while (capacity * 3L < wanted * 4L || capacity < live * 2L && capacity * 3L < maxLive * 4L) {
                capacity <<= 1;
            }
            long[] oldKeys = keys;
            int[] oldExpiries = expiries;
            keys = new long[capacity];
            expiries = new int[capacity];
            int mask = capacity - 1;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != 0 && oldExpiries[i] > now) {
                    int j = slot(oldKeys[i], mask);
                    while (keys[j] != 0) {
                        j = (j + 1) & mask;
                    }
                    keys[j] = oldKeys[i];
                    expiries[j] = oldExpiries[i];
                }
            }
            occupied = live;
            fullUntil = live >= maxLive ? earliest : Integer.MIN_VALUE;
            sweepAt = now + SWEEP_SECONDS;
        }

        private static int slot(long h, int mask) {
            return (int) (h ^ (h >>> 32)) & mask;
        }
    }
}
