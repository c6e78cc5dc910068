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
package org.apache.rocketmq.http.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * Discovery against fake proxies and a fake discovery URL: which endpoints the SDK uses as the list
 * changes, fails, and comes back.
 */
public class DiscoveryTest {
    private static final String RECEIPT = "{\"messageId\":\"MID\",\"topic\":\"TopicTest\",\"brokerName\":\"b\",\"queueId\":0,\"queueOffset\":0}";

    private FakeProxy registry;
    private FakeProxy p1;
    private FakeProxy p2;
    private volatile String listed;

    @Before
    public void start() throws Exception {
        p1 = new FakeProxy().respond(request -> FakeProxy.Reply.json(200, RECEIPT));
        p2 = new FakeProxy().respond(request -> FakeProxy.Reply.json(200, RECEIPT));
        registry = new FakeProxy().respond(request -> request.rawPath.equals("/v1/proxies")
            ? FakeProxy.Reply.json(200, listed) : FakeProxy.Reply.error(40401, "NOT_FOUND", "no route"));
    }

    @After
    public void stop() {
        registry.close();
        p1.close();
        p2.close();
    }

    private static String list(String source, String... urlThenZone) {
        StringBuilder b = new StringBuilder("{\"proxies\":[");
        for (int i = 0; i < urlThenZone.length; i += 2) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"id\":\"id-").append(i).append("\",\"cluster\":\"c\",\"url\":\"").append(urlThenZone[i])
                .append("\",\"zone\":\"").append(urlThenZone[i + 1]).append("\",\"version\":\"1\",\"startTime\":1,\"lastHeartbeat\":2}");
        }
        return b.append("],\"source\":\"").append(source).append("\"}").toString();
    }

    private ClientConfig.Builder config() {
        return ClientConfig.builder()
            .discovery(registry.endpoint())
            .discoveryInterval(Duration.ofMillis(200))
            .connectTimeout(Duration.ofSeconds(2))
            .requestTimeout(Duration.ofSeconds(5))
            .retryPolicy(RetryPolicy.builder().maxAttempts(3).fixedBackoff(Duration.ofMillis(10)).build());
    }

    private static Message message() {
        return Message.builder().topic("TopicTest").body("x").build();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what);
            }
            Thread.sleep(20);
        }
    }

    private static int sends(FakeProxy proxy) {
        int n = 0;
        for (FakeProxy.Recorded r : proxy.requests()) {
            if (r.method.equals("POST")) {
                n++;
            }
        }
        return n;
    }

    @Test
    public void aClientWithOnlyADiscoveryUrlSendsToTheListedProxies() {
        listed = list("namesrv-plugin", p1.endpoint(), "", p2.endpoint(), "");
        try (HttpProducer producer = HttpProducer.create(config().build())) {
            for (int i = 0; i < 4; i++) {
                assertEquals("MID", producer.send(message()).messageId());
            }
        }
        assertEquals(2, sends(p1));
        assertEquals(2, sends(p2));
        assertEquals("the discovery URL itself gets only the list requests", 0, sends(registry));
        assertEquals("GET", registry.requests().get(0).method);
    }

    @Test
    public void proxiesThatJoinAndLeaveAreUsedAndDropped() throws Exception {
        listed = list("namesrv-plugin", p1.endpoint(), "");
        try (HttpProducer producer = HttpProducer.create(config().build())) {
            producer.send(message());
            int asked = registry.requests().size();
            listed = list("namesrv-plugin", p2.endpoint(), "");
            int before = sends(p1);
            await("the new list is fetched", () -> registry.requests().size() >= asked + 2);
            for (int i = 0; i < 4; i++) {
                producer.send(message());
            }
            assertTrue("p1 left the list and gets no more sends", sends(p1) <= before + 1);
            assertTrue(sends(p2) >= 3);
        }
    }

    @Test
    public void whenDiscoveryFailsTheLastListAndTheSeedsAreUsed() throws Exception {
        listed = list("namesrv-plugin", p1.endpoint(), "");
        ClientConfig config = config().endpoints(p2.endpoint()).build();
        try (HttpProducer producer = HttpProducer.create(config)) {
            await("the first list", () -> !registry.requests().isEmpty());
            Thread.sleep(100);
            producer.send(message());
            producer.send(message());
            assertEquals("with a list, the seed is not used", 0, sends(p2));
            // the registry breaks; the known proxy p1 is asked instead and answers no list: last list plus seeds
            registry.respond(request -> FakeProxy.Reply.error(50300, "BROKER_UNAVAILABLE", "down"));
            int asked = registry.requests().size();
            await("two more rounds", () -> registry.requests().size() >= asked + 2);
            for (int i = 0; i < 6; i++) {
                producer.send(message());
            }
            assertTrue("the seed is back in use", sends(p2) >= 2);
            assertTrue("the last list is still used", sends(p1) >= 4);
        }
    }

    @Test
    public void aKnownProxyIsAskedWhenTheDiscoveryUrlFails() throws Exception {
        listed = list("namesrv-plugin", p1.endpoint(), "");
        p1.respond(request -> request.rawPath.equals("/v1/proxies")
            ? FakeProxy.Reply.json(200, list("namesrv-plugin", p1.endpoint(), "", p2.endpoint(), ""))
            : FakeProxy.Reply.json(200, RECEIPT));
        try (HttpProducer producer = HttpProducer.create(config().build())) {
            producer.send(message());
            registry.respond(request -> FakeProxy.Reply.error(50000, "INTERNAL_ERROR", "broken"));
            await("p1 asked for the list", () -> p1.requests().stream().anyMatch(r -> r.rawPath.equals("/v1/proxies")));
            Thread.sleep(100);
            for (int i = 0; i < 4; i++) {
                producer.send(message());
            }
            assertTrue("p2, known only from p1's list, is used", sends(p2) >= 1);
        }
    }

    @Test
    public void proxiesOfTheClientsZoneArePreferred() {
        listed = list("namesrv-plugin", p1.endpoint(), "zone-a", p2.endpoint(), "zone-b");
        try (HttpProducer producer = HttpProducer.create(config().zone("zone-b").build())) {
            for (int i = 0; i < 5; i++) {
                producer.send(message());
            }
        }
        assertEquals(5, sends(p2));
        assertEquals(0, sends(p1));
    }

    @Test
    public void withoutSeedsAndWithoutAnswerSendsFailAsNotReachingAnyProxy() throws Exception {
        ClientConfig config = ClientConfig.builder()
            .discovery(FakeProxy.refusingEndpoint())
            .connectTimeout(Duration.ofSeconds(2))
            .retryPolicy(RetryPolicy.builder().maxAttempts(2).fixedBackoff(Duration.ofMillis(10)).build())
            .build();
        try (HttpProducer producer = HttpProducer.create(config)) {
            NetworkException e = assertThrows(NetworkException.class, () -> producer.send(message()));
            assertTrue(e.getMessage(), !e.mayHaveReachedProxy());
        }
    }

    @Test
    public void unusableEntriesAreLeftOutAndTheAdminClientShowsTheList() {
        listed = "{\"proxies\":[{\"id\":\"x\",\"url\":\"ftp://nope\"},{\"id\":\"y\",\"url\":\"" + p1.endpoint()
            + "\",\"zone\":\"z\",\"version\":\"1.0\",\"startTime\":5,\"lastHeartbeat\":6}],\"source\":\"namesrv-kv\"}";
        try (HttpAdmin admin = HttpAdmin.create(config().build())) {
            ProxyList proxies = admin.proxies();
            assertEquals("namesrv-kv", proxies.source());
            assertEquals(1, proxies.proxies().size());
            ProxyInfo p = proxies.proxies().get(0);
            assertEquals(URI.create(p1.endpoint()), p.url());
            assertEquals("z", p.zone());
            assertEquals(5, p.startTime());
            assertEquals(6, p.lastHeartbeat());
        }
        List<String> paths = new ArrayList<>();
        registry.requests().forEach(r -> paths.add(r.rawPath));
        assertTrue(paths.toString(), paths.stream().allMatch(x -> x.equals("/v1/proxies")));
        assertTrue(p1.requests().isEmpty());
    }
}
