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
package org.apache.rocketmq.http.proxy.server.tls;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.http.proxy.test.AclTestCluster;
import org.apache.rocketmq.http.proxy.test.HttpTestClient;
import org.apache.rocketmq.http.proxy.test.TestCertificates;
import org.apache.rocketmq.http.proxy.test.TestCluster;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * TLS of the HTTP port with real clients: enforcing and permissive modes, mutual TLS (require and
 * optional), TLS 1.2+ only, ALPN http/1.1, a renewed certificate served without a restart, and Basic
 * credentials accepted over TLS only.
 */
public class TlsIT {
    private static final TestCertificates CERTS = TestCertificates.get();

    private static HttpProxyController start(String mode, String clientAuth, Consumer<HttpProxyConfig> more) {
        return TestCluster.startProxy(c -> {
            configure(c, mode, clientAuth);
            more.accept(c);
        });
    }

    private static void configure(HttpProxyConfig c, String mode, String clientAuth) {
        CERTS.configureServer(c, mode, clientAuth);
    }

    private static HttpResponse<String> get(SSLContext ssl, String url) throws IOException, InterruptedException {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1);
        if (ssl != null) {
            b.sslContext(ssl);
        }
        return b.build().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static void assertServes(SSLContext ssl, String url) throws Exception {
        HttpResponse<String> r = get(ssl, url);
        assertEquals(r.body(), 200, r.statusCode());
        assertTrue(r.body(), r.body().contains("UP"));
    }

    private static void assertRefused(SSLContext ssl, String url) throws InterruptedException {
        try {
            HttpResponse<String> r = get(ssl, url);
            fail("answered " + r.statusCode() + " " + r.body());
        } catch (IOException expected) {
            // the handshake or the connection failed
        }
    }

    private static SSLSocket handshake(int port, String... protocols) throws Exception {
        SSLSocket socket = (SSLSocket) CERTS.clientContext(null).getSocketFactory().createSocket("127.0.0.1", port);
        SSLParameters params = socket.getSSLParameters();
        params.setApplicationProtocols(new String[] {"h2", "http/1.1"});
        if (protocols.length > 0) {
            params.setProtocols(protocols);
        }
        socket.setSSLParameters(params);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    @Test
    public void enforcingServesTlsOnlyWithAlpnHttp11AndTls12OrLater() throws Exception {
        HttpProxyController proxy = start("enforcing", "none", c -> { });
        try {
            assertServes(CERTS.clientContext(null), "https://127.0.0.1:" + proxy.port() + "/health");
            assertServes(CERTS.clientContext(null), "https://localhost:" + proxy.port() + "/health");
            assertRefused(null, "http://127.0.0.1:" + proxy.port() + "/health");
            try (SSLSocket socket = handshake(proxy.port())) {
                assertEquals("http/1.1", socket.getApplicationProtocol());
                assertTrue(socket.getSession().getProtocol(), socket.getSession().getProtocol().matches("TLSv1\\.[23]"));
            }
            try (SSLSocket socket = handshake(proxy.port(), "TLSv1.2")) {
                assertEquals("TLSv1.2", socket.getSession().getProtocol());
            }
            try (SSLSocket socket = handshake(proxy.port(), "TLSv1.1")) {
                fail("TLS 1.1 was accepted: " + socket.getSession().getProtocol());
            } catch (IOException expected) {
                // no protocol in common, or the client's JDK refuses TLS 1.1 itself: either way, no TLS 1.1
            }
            // a client that does not trust the test CA gets no connection
            assertRefused(SSLContext.getDefault(), "https://127.0.0.1:" + proxy.port() + "/health");
        } finally {
            proxy.shutdown();
        }
    }

    @Test
    public void permissiveServesTlsAndPlainHttpOnOnePort() throws Exception {
        HttpProxyController proxy = start("permissive", "none", c -> { });
        try {
            assertServes(CERTS.clientContext(null), "https://127.0.0.1:" + proxy.port() + "/health");
            assertServes(null, "http://127.0.0.1:" + proxy.port() + "/health");
            assertServes(CERTS.clientContext(null), "https://127.0.0.1:" + proxy.port() + "/health");
        } finally {
            proxy.shutdown();
        }
    }

    @Test
    public void mutualTlsRequireAcceptsOnlyClientsWithACertificateOfTheTrustedCa() throws Exception {
        HttpProxyController proxy = start("enforcing", "require", c -> { });
        String url = "https://127.0.0.1:" + proxy.port() + "/health";
        try {
            assertServes(CERTS.clientContext(CERTS.clientKeyStore()), url);
            assertRefused(CERTS.clientContext(null), url);
            assertRefused(CERTS.clientContext(CERTS.strangerKeyStore()), url);
        } finally {
            proxy.shutdown();
        }
    }

    @Test
    public void mutualTlsOptionalChecksACertificateOnlyWhenOneIsSent() throws Exception {
        HttpProxyController proxy = start("enforcing", "optional", c -> { });
        String url = "https://127.0.0.1:" + proxy.port() + "/health";
        try {
            assertServes(CERTS.clientContext(null), url);
            assertServes(CERTS.clientContext(CERTS.clientKeyStore()), url);
            assertRefused(CERTS.clientContext(CERTS.strangerKeyStore()), url);
        } finally {
            proxy.shutdown();
        }
    }

    @Test
    public void aRenewedCertificateServesNewConnectionsWithoutARestart() throws Exception {
        HttpProxyController proxy = start("enforcing", "none", c -> { });
        try {
            SSLSocket before = handshake(proxy.port());
            String oldSerial = ((X509Certificate) before.getSession().getPeerCertificates()[0]).getSerialNumber().toString(16);
            String newSerial = CERTS.newServerCertificate();
            assertNotEquals(oldSerial, newSerial);
            long deadline = System.currentTimeMillis() + 20_000;
            String served = oldSerial;
            while (!served.equals(newSerial) && System.currentTimeMillis() < deadline) {
                Thread.sleep(250);
                try (SSLSocket socket = handshake(proxy.port())) {
                    served = ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber().toString(16);
                }
            }
            assertEquals("the renewed certificate is served", newSerial, served);
            // the connection opened before keeps working with its certificate
            before.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            byte[] answer = new byte[12];
            assertEquals(12, before.getInputStream().readNBytes(answer, 0, 12));
            assertEquals("HTTP/1.1 200", new String(answer));
            before.close();
            assertServes(CERTS.clientContext(null), "https://127.0.0.1:" + proxy.port() + "/health");
        } finally {
            proxy.shutdown();
        }
    }

    @Test
    public void basicCredentialsAreAcceptedOverTlsAndRefusedOnPlainHttp() throws Exception {
        String topic = AclTestCluster.newTopic("TlsBasic");
        Path acl = AclTestCluster.writeProxyAcl(String.join("\n", "accounts:",
            "  - accessKey: basicUser01", "    secretKey: basicSecret01", "    defaultTopicPerm: PUB", ""));
        HttpProxyController proxy = AclTestCluster.startProxy(acl, c -> configure(c, "permissive", "none"));
        try {
            String basic = "Basic " + Base64.getEncoder().encodeToString("basicUser01:basicSecret01".getBytes());
            HttpTestClient tls = new HttpTestClient("https://127.0.0.1:" + proxy.port(), CERTS.clientContext(null), null);
            HttpTestClient.Response r = tls.postRaw("/v1/topics/" + topic + "/messages", "over tls".getBytes(),
                Map.of("Content-Type", "text/plain", "Authorization", basic));
            assertEquals(r.toString(), 200, r.status);
            assertNotNull(r.json().get("messageId"));

            HttpTestClient plain = new HttpTestClient(proxy.port());
            r = plain.postRaw("/v1/topics/" + topic + "/messages", "plain".getBytes(),
                Map.of("Content-Type", "text/plain", "Authorization", basic));
            assertEquals(r.toString(), 401, r.status);
            assertTrue(r.toString(), r.json().get("message").asText().contains("TLS only"));
            // signing works on both
            assertEquals(200, plain.signedAs("basicUser01", "basicSecret01").postJson("/v1/topics/" + topic + "/messages",
                Map.of("body", "signed")).status);
        } finally {
            proxy.shutdown();
        }
    }

    @Test
    public void incompleteTlsSettingsStopTheStart() {
        for (Consumer<HttpProxyConfig> broken : List.<Consumer<HttpProxyConfig>>of(
            c -> c.getTls().setTlsMode("enforcing"),
            c -> c.getTls().setTlsMode("sometimes"),
            c -> {
                configure(c, "enforcing", "require");
                c.getTls().setTlsTrustCertFile("");
            },
            c -> {
                configure(c, "enforcing", "none");
                c.getTls().setTlsKeyFile(CERTS.caCert().getPath());
            })) {
            HttpProxyConfig config = new HttpProxyConfig();
            broken.accept(config);
            try {
                new HttpProxyController(config);
                fail("started with broken TLS settings");
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("tls") || expected.getMessage().contains("TLS"));
            }
        }
    }
}
