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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
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

    private static Map<URI, String> zones(Object... uriThenZone) {
        Map<URI, String> map = new LinkedHashMap<>();
        for (int i = 0; i < uriThenZone.length; i += 2) {
            map.put((URI) uriThenZone[i], (String) uriThenZone[i + 1]);
        }
        return map;
    }

    @Test
    public void anEmptySelectorSelectsNothingUntilUpdated() {
        EndpointSelector empty = new EndpointSelector(Collections.emptyList(), null, Duration.ofNanos(100), clock::get);
        assertNull(empty.select(NONE));
        assertFalse(empty.hasUntried(NONE));
        empty.update(zones(A, null));
        assertEquals(A, empty.select(NONE));
    }

    @Test
    public void anUpdateKeepsTheMarkDownOfEndpointsThatStayAndDropsTheOthers() {
        selector.markDown(B);
        URI d = URI.create("http://d:8181");
        selector.update(zones(B, null, C, null, d, null));
        assertTrue(selector.isDown(B));
        Set<URI> chosen = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            chosen.add(selector.select(NONE));
        }
        assertEquals(new HashSet<>(Arrays.asList(C, d)), chosen);
        selector.markDown(A);
        assertFalse("an endpoint that left is not marked anywhere", selector.isDown(A));
        assertEquals(Arrays.asList(B, C, d), new ArrayList<>(selector.endpoints().keySet()));
    }

    @Test
    public void endpointsOfThePreferredZoneTakeTurnsFirst() {
        EndpointSelector zoned = new EndpointSelector(Collections.emptyList(), "z1", Duration.ofNanos(100), clock::get);
        URI d = URI.create("http://d:8181");
        zoned.update(zones(A, "z1", B, "z2", C, "z2", d, "z1"));
        List<URI> picks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            picks.add(zoned.select(NONE));
        }
        assertEquals(Arrays.asList(A, d, A, d), picks);

        zoned.markDown(A);
        assertEquals(d, zoned.select(NONE));
        assertEquals(d, zoned.select(NONE));
        zoned.markDown(d);
        Set<URI> others = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            others.add(zoned.select(NONE));
        }
        assertEquals("other zones only while none of the own zone is up", new HashSet<>(Arrays.asList(B, C)), others);
        clock.addAndGet(100);
        assertTrue(Arrays.asList(A, d).contains(zoned.select(NONE)));
    }
}
