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
package org.apache.rocketmq.http.client.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

public class EndpointSelectorTest {
    private static final URI A = URI.create("http://a:8181");
    private static final URI B = URI.create("http://b:8181");
    private static final URI C = URI.create("http://c:8181");
    private static final Set<URI> NONE = Collections.emptySet();

    private final AtomicLong clock = new AtomicLong(1_000);
    private final EndpointSelector selector = new EndpointSelector(Arrays.asList(A, B, C), Duration.ofNanos(100), clock::get);

    @Test
    public void endpointsTakeTurns() {
        assertEquals(Arrays.asList(A, B, C, A), Arrays.asList(selector.select(NONE), selector.select(NONE),
            selector.select(NONE), selector.select(NONE)));
    }

    @Test
    public void markedDownEndpointIsSkippedUntilItsTimeIsUp() {
        selector.markDown(B);
        assertTrue(selector.isDown(B));
        for (int i = 0; i < 6; i++) {
            assertFalse(B.equals(selector.select(NONE)));
        }
        clock.addAndGet(100);
        assertFalse(selector.isDown(B));
        List<URI> next = Arrays.asList(selector.select(NONE), selector.select(NONE), selector.select(NONE));
        assertTrue(next.contains(B));
    }

    @Test
    public void whenAllAreDownTheOneComingBackFirstIsUsed() {
        selector.markDown(C);
        clock.addAndGet(10);
        selector.markDown(A);
        selector.markDown(B);
        for (int i = 0; i < 3; i++) {
            assertEquals(C, selector.select(NONE));
        }
    }

    @Test
    public void endpointsToAvoidAreNotChosenWhileOthersRemain() {
        Set<URI> avoid = new HashSet<>(Arrays.asList(A, C));
        for (int i = 0; i < 3; i++) {
            assertEquals(B, selector.select(avoid));
        }
        selector.markDown(B);
        assertEquals("a down endpoint beats one to avoid", B, selector.select(avoid));
        assertTrue(selector.hasUntried(avoid));
        assertFalse(selector.hasUntried(new HashSet<>(Arrays.asList(A, B, C))));
    }
}
