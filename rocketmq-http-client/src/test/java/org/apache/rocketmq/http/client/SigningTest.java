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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.acl.common.AclSigner;
import org.apache.rocketmq.acl.common.SigningAlgorithm;
import org.apache.rocketmq.http.proxy.auth.StringToSign;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/** What the SDK puts on the wire when it has credentials, seen by a stand-in proxy. */
public class SigningTest {
    private static final String RECEIPT = "{\"messageId\":\"m\",\"topic\":\"T\",\"brokerName\":\"b\",\"queueId\":0,\"queueOffset\":0}";
    private FakeProxy fake;

    @Before
    public void start() throws Exception {
        fake = new FakeProxy();
    }

    @After
    public void stop() {
        fake.close();
    }

    private static String signatureOf(FakeProxy.Recorded r) {
        TreeMap<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        r.headers.forEach((name, values) -> headers.put(name, values.get(0)));
        byte[] canonical = StringToSign.of(r.method, r.rawPath, r.rawQuery, r.header("Content-Type"), r.body, headers);
        return AclSigner.calSignature(canonical, "sdkSecret01", SigningAlgorithm.HmacSHA256, StandardCharsets.UTF_8);
    }

    @Test
    public void everyAttemptIsSignedWithADateAndANonceOfItsOwn() {
        AtomicInteger calls = new AtomicInteger();
        fake.respond(request -> calls.incrementAndGet() < 3 ? FakeProxy.Reply.error(42900, "TOO_MANY_REQUESTS", "busy")
            : FakeProxy.Reply.json(200, RECEIPT));
        ClientConfig config = TestConfigs.fast(fake.endpoint()).credentials("sdkKey0001", "sdkSecret01").build();
        try (HttpProducer producer = HttpProducer.create(config)) {
            producer.send(Message.builder().topic("T").body("signed").tag("TagA").property("region", "eu").build());
        }
        List<FakeProxy.Recorded> requests = fake.requests();
        assertEquals(3, requests.size());
        Set<String> nonces = new HashSet<>();
        for (FakeProxy.Recorded r : requests) {
            String authorization = r.header("Authorization");
            assertTrue(authorization, authorization.startsWith("RMQ-HMAC-SHA256 Credential=sdkKey0001, Signature="));
            assertEquals("the proxy's own canonical form verifies it",
                authorization.substring(authorization.indexOf("Signature=") + 10), signatureOf(r));
            assertTrue(r.header("X-RMQ-Date"), r.header("X-RMQ-Date").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
            nonces.add(r.header("X-RMQ-Nonce"));
        }
        assertEquals("a retry is never a replay", 3, nonces.size());
    }

    @Test
    public void receivesWithAQueryAreSignedToo() {
        fake.respond(request -> FakeProxy.Reply.json(200, "{\"messages\":[]}"));
        ClientConfig config = TestConfigs.fast(fake.endpoint()).credentials("sdkKey0001", "sdkSecret01").build();
        try (HttpSimpleConsumer consumer = HttpSimpleConsumer.builder(config).topic("T").group("G").build()) {
            consumer.receive(2, Duration.ofSeconds(30), Duration.ZERO);
        }
        FakeProxy.Recorded r = fake.lastRequest();
        assertTrue(r.rawQuery, r.rawQuery.contains("group=G"));
        String authorization = r.header("Authorization");
        assertEquals(authorization.substring(authorization.indexOf("Signature=") + 10), signatureOf(r));
    }

    @Test
    public void withoutCredentialsNothingIsSigned() {
        fake.respond(request -> FakeProxy.Reply.json(200, RECEIPT));
        try (HttpProducer producer = HttpProducer.create(TestConfigs.fast(fake.endpoint()).build())) {
            producer.send(Message.builder().topic("T").body("plain").build());
        }
        assertNull(fake.lastRequest().header("Authorization"));
        assertNull(fake.lastRequest().header("X-RMQ-Nonce"));
    }

    @Test
    public void unauthorizedAndForbiddenAreNeverRetried() {
        ClientConfig config = TestConfigs.fast(fake.endpoint()).credentials("sdkKey0001", "sdkSecret01").build();
        fake.respond(request -> FakeProxy.Reply.error(40100, "UNAUTHORIZED", "unknown access key [sdkKey0001]")
            .header("WWW-Authenticate", "RMQ-HMAC-SHA256"));
        try (HttpSimpleConsumer consumer = HttpSimpleConsumer.builder(config).topic("T").group("G").build()) {
            assertThrows(UnauthorizedException.class,
                () -> consumer.receive(1, Duration.ofSeconds(30), Duration.ZERO));
            assertEquals(1, fake.requests().size());
            fake.respond(request -> FakeProxy.Reply.error(40300, "FORBIDDEN", "no SUB permission"));
            assertThrows(ForbiddenException.class, () -> consumer.ack("handle"));
            assertEquals(2, fake.requests().size());
        }
    }
}
