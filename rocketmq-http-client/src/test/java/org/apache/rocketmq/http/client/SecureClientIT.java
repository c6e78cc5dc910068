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

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.test.AclTestCluster;
import org.apache.rocketmq.http.proxy.test.TestCertificates;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/**
 * The SDK against a real proxy with access control on and mutual TLS required (in front of a broker
 * with ACL on): signed requests, CA and client certificates from PEM files or key stores, and 401 /
 * 403 answered at once, never retried.
 */
public class SecureClientIT {
    private static final TestCertificates CERTS = TestCertificates.get();
    private static String topic;
    private static String group;
    private static HttpProxyController proxy;
    private static String endpoint;

    @BeforeClass
    public static void start() {
        topic = AclTestCluster.newTopic("SdkSecure");
        group = AclTestCluster.newGroup("GID_sdk_secure");
        Path acl = AclTestCluster.writeProxyAcl(String.join("\n", "accounts:",
            "  - accessKey: sdkApp00001", "    secretKey: sdkAppSecret", "    defaultTopicPerm: DENY",
            "    defaultGroupPerm: DENY", "    topicPerms:", "      - " + topic + "=PUB|SUB", "    groupPerms:",
            "      - " + group + "=SUB",
            ""));
        proxy = AclTestCluster.startProxy(acl, c -> CERTS.configureServer(c, "enforcing", "require"));
        endpoint = "https://127.0.0.1:" + proxy.port();
    }

    @AfterClass
    public static void stop() {
        if (proxy != null) {
            proxy.shutdown();
        }
    }

    private static ClientConfig.Builder pem() {
        return LiveProxies.config(proxy).endpoints(endpoint)
            .trustCertificates(CERTS.caCert().toPath())
            .clientCertificate(CERTS.clientCert().toPath(), CERTS.clientKey().toPath());
    }

    private static long failures(String reason) {
        return LiveProxies.metric(proxy, "rocketmq_http_auth_failures_total{reason=\"" + reason + "\"}");
    }

    @Test
    public void signedRequestsOverMutualTlsProduceAndConsume() {
        ClientConfig config = pem().credentials("sdkApp00001", "sdkAppSecret").build();
        try (HttpProducer producer = HttpProducer.create(config);
             HttpSimpleConsumer consumer = HttpSimpleConsumer.builder(config).topic(topic).group(group).build()) {
            SendReceipt receipt = producer.send(Message.builder().topic(topic).body("over mutual TLS").tag("Secure").build());
            assertNotNull(receipt.messageId());
            List<ReceivedMessage> received = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (received.isEmpty() && System.currentTimeMillis() < deadline) {
                received.addAll(consumer.receive(1, Duration.ofSeconds(30), Duration.ofSeconds(5)));
            }
            assertEquals(1, received.size());
            assertEquals("over mutual TLS", received.get(0).bodyAsString());
            consumer.ack(received.get(0));
        }
    }

    @Test
    public void keyStoresServeAsWellAsPemFiles() {
        char[] password = TestCertificates.STORE_PASSWORD.toCharArray();
        ClientConfig config = LiveProxies.config(proxy).endpoints(endpoint)
            .trustStore(CERTS.trustStore().toPath(), password)
            .clientKeyStore(CERTS.clientKeyStore().toPath(), password)
            .credentials("sdkApp00001", "sdkAppSecret").build();
        try (HttpProducer producer = HttpProducer.create(config)) {
            assertNotNull(producer.send(Message.builder().topic(topic).body("key stores").build()).messageId());
        }
    }

    @Test
    public void aWrongSecretIsUnauthorizedAtOnceAndNotRetried() {
        long before = failures("bad_signature");
        try (HttpProducer producer = HttpProducer.create(pem().credentials("sdkApp00001", "wrongSecret").build())) {
            UnauthorizedException e = assertThrows(UnauthorizedException.class,
                () -> producer.send(Message.builder().topic(topic).body("x").build()));
            assertEquals(40100, e.code());
            assertFalse(e.isRetryable());
            assertTrue(e.getMessage(), e.getMessage().contains("signature does not match"));
        }
        assertEquals("one attempt only", before + 1, failures("bad_signature"));
    }

    @Test
    public void missingCredentialsAreUnauthorized() {
        try (HttpProducer producer = HttpProducer.create(pem().build())) {
            assertThrows(UnauthorizedException.class, () -> producer.send(Message.builder().topic(topic).body("x").build()));
        }
    }

    @Test
    public void aTopicWithoutPermissionIsForbiddenAtOnceAndNotRetried() {
        String other = AclTestCluster.newTopic("SdkForbidden");
        long before = failures("forbidden");
        ClientConfig config = pem().credentials("sdkApp00001", "sdkAppSecret").build();
        try (HttpProducer producer = HttpProducer.create(config);
             HttpSimpleConsumer consumer = HttpSimpleConsumer.builder(config).topic(other).group(group).build()) {
            ForbiddenException e = assertThrows(ForbiddenException.class,
                () -> producer.send(Message.builder().topic(other).body("x").build()));
            assertEquals(40300, e.code());
            assertFalse(e.isRetryable());
            assertThrows(ForbiddenException.class, () -> consumer.receive(1, Duration.ofSeconds(30), Duration.ZERO));
        }
        assertEquals("one attempt each", before + 2, failures("forbidden"));
    }

    @Test
    public void withoutAClientCertificateThereIsNoConnection() {
        ClientConfig config = LiveProxies.config(proxy).endpoints(endpoint).trustCertificates(CERTS.caCert().toPath())
            .credentials("sdkApp00001", "sdkAppSecret").build();
        try (HttpProducer producer = HttpProducer.create(config)) {
            assertThrows(NetworkException.class, () -> producer.send(Message.builder().topic(topic).body("x").build()));
        }
    }

    @Test
    public void unreadableTlsFilesFailWhenSetAndBrokenOnesWhenBuilt() {
        assertThrows(IllegalArgumentException.class,
            () -> ClientConfig.builder().trustCertificates(Path.of("/no/such/ca.pem")));
        ClientConfig.Builder broken = ClientConfig.builder().endpoints(endpoint)
            .clientCertificate(CERTS.clientCert().toPath(), CERTS.caCert().toPath());
        IllegalStateException e = assertThrows(IllegalStateException.class, broken::build);
        assertTrue(e.getMessage(), e.getMessage().contains("PKCS#8"));
    }
}
