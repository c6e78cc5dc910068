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
package org.apache.rocketmq.http.proxy.test;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.net.Socket;
import java.security.Principal;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;

/**
 * Certificates for TLS tests, made at test time with the JDK's keytool (no private key is kept in the
 * repository): a test CA, server certificates for 127.0.0.1 and localhost signed by it, a client
 * certificate signed by it, and a self-signed client certificate it does not know. PEM files (PKCS#8
 * keys) and PKCS#12 stores, in a temporary directory shared by the tests of a JVM.
 */
public final class TestCertificates {
    public static final String STORE_PASSWORD = "test-only-password";
    private static TestCertificates instance;

    private final Path dir;
    private int serverCertificates;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    public static synchronized TestCertificates get() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("rmq-http-tls");
                TestCertificates certs = new TestCertificates(dir);
                certs.create();
                instance = certs;
            } catch (Exception e) {
                throw new IllegalStateException("cannot create test certificates", e);
            }
        }
        return instance;
    }

    private void create() throws Exception {
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=RocketMQ HTTP Test CA",
            "-ext", "bc:c", "-validity", "3", "-keystore", path("ca.p12"), "-storetype", "PKCS12",
            "-storepass", STORE_PASSWORD);
        X509Certificate ca = (X509Certificate) load(new File(path("ca.p12"))).getCertificate("ca");
        writePem(dir.resolve("ca.pem"), "CERTIFICATE", ca.getEncoded());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        store(trust, trustStore());
        newServerCertificate();
        signed("client", "CN=rocketmq-http-test-client", "clientAuth", null);
        keytool("-genkeypair", "-alias", "stranger", "-keyalg", "EC", "-groupname", "secp256r1",
            "-dname", "CN=unknown-client", "-validity", "3", "-keystore", path("stranger.p12"), "-storetype", "PKCS12",
            "-storepass", STORE_PASSWORD);
        KeyStore stranger = load(strangerKeyStore());
        writePem(dir.resolve("stranger.pem"), "CERTIFICATE", stranger.getCertificate("stranger").getEncoded());
        writePem(dir.resolve("stranger.key"), "PRIVATE KEY",
            stranger.getKey("stranger", STORE_PASSWORD.toCharArray()).getEncoded());
    }

    /**
     * Issues a new server certificate (a new key and serial number) and writes it to
     * {@link #serverCert()} and {@link #serverKey()}, replacing each file in one move.
     *
     * @return the new certificate's serial number in hex
     */
    public synchronized String newServerCertificate() throws Exception {
        serverCertificates++;
        String name = "server" + serverCertificates;
        signed(name, "CN=localhost", "serverAuth", "SAN=ip:127.0.0.1,dns:localhost");
        Files.move(dir.resolve(name + ".key"), serverKey().toPath(), StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
        Files.move(dir.resolve(name + ".pem"), serverCert().toPath(), StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
        return serial(serverCert());
    }

    /**
     * A key pair signed by the test CA: {@code alias.pem} (the certificate), {@code alias.key} (PKCS#8) and
     * {@code alias.p12} holding the key with its chain, so it serves as a client's key store too.
     */
    private void signed(String alias, String dname, String usage, String san) throws Exception {
        String store = path(alias + ".p12");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
            "-validity", "3", "-keystore", store, "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
        keytool("-certreq", "-alias", alias, "-keystore", store, "-storepass", STORE_PASSWORD, "-file", path(alias + ".csr"));
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", path("ca.p12"),
            "-storepass", STORE_PASSWORD, "-infile", path(alias + ".csr"), "-outfile", path(alias + ".pem"),
            "-validity", "3", "-ext", "KU=digitalSignature,keyAgreement", "-ext", "EKU=" + usage));
        if (san != null) {
            gencert.add("-ext");
            gencert.add(san);
        }
        keytool(gencert.toArray(new String[0]));
        KeyStore keys = load(new File(store));
        PrivateKey key = (PrivateKey) keys.getKey(alias, STORE_PASSWORD.toCharArray());
        X509Certificate cert;
        try (InputStream in = new FileInputStream(path(alias + ".pem"))) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        X509Certificate ca = (X509Certificate) load(new File(path("ca.p12"))).getCertificate("ca");
        keys.setKeyEntry(alias, key, STORE_PASSWORD.toCharArray(), new X509Certificate[] {cert, ca});
        store(keys, new File(store));
        writePem(dir.resolve(alias + ".key"), "PRIVATE KEY", key.getEncoded());
    }

    private static void writePem(Path file, String type, byte[] der) throws IOException {
        String pem = "-----BEGIN " + type + "-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
            + "\n-----END " + type + "-----\n";
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
    }

    private static void store(KeyStore store, File file) throws Exception {
        try (OutputStream out = new FileOutputStream(file)) {
            store.store(out, STORE_PASSWORD.toCharArray());
        }
    }

    private static String serial(File pem) throws Exception {
        try (InputStream in = new FileInputStream(pem)) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return cert.getSerialNumber().toString(16);
        }
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // a short-lived JVM: start it quickly
        command.add("-J-XX:TieredStopAtLevel=1");
        command.add("-J-XX:+UseSerialGC");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
    }

    /** The test CA's certificate, PEM. */
    public File caCert() {
        return dir.resolve("ca.pem").toFile();
    }

    /** A PKCS#12 trust store holding the test CA ({@link #STORE_PASSWORD}). */
    public File trustStore() {
        return dir.resolve("truststore.p12").toFile();
    }

    /** The current server certificate, PEM, for 127.0.0.1 and localhost. */
    public File serverCert() {
        return dir.resolve("server.pem").toFile();
    }

    /** Its key, PKCS#8 PEM. */
    public File serverKey() {
        return dir.resolve("server.key").toFile();
    }

    /** A client certificate signed by the test CA, PEM. */
    public File clientCert() {
        return dir.resolve("client.pem").toFile();
    }

    /** Its key, PKCS#8 PEM. */
    public File clientKey() {
        return dir.resolve("client.key").toFile();
    }

    /** Client key and certificate chain as a PKCS#12 key store ({@link #STORE_PASSWORD}). */
    public File clientKeyStore() {
        return dir.resolve("client.p12").toFile();
    }

    /** A self-signed client certificate the test CA did not sign, PEM. */
    public File strangerCert() {
        return dir.resolve("stranger.pem").toFile();
    }

    /** Its key, PKCS#8 PEM. */
    public File strangerKey() {
        return dir.resolve("stranger.key").toFile();
    }

    /** A PKCS#12 key store of the stranger. */
    public File strangerKeyStore() {
        return dir.resolve("stranger.p12").toFile();
    }

    /**
     * Gives a proxy configuration TLS with the current server certificate; client certificates are
     * checked against the test CA.
     */
    public void configureServer(HttpProxyConfig config, String tlsMode, String tlsClientAuth) {
        config.getTls().setTlsMode(tlsMode);
        config.getTls().setTlsCertFile(serverCert().getPath());
        config.getTls().setTlsKeyFile(serverKey().getPath());
        config.getTls().setTlsTrustCertFile(caCert().getPath());
        config.getTls().setTlsClientAuth(tlsClientAuth);
    }

    /**
     * @param keyStore the client's PKCS#12 key store for mutual TLS, or null for none
     * @return a client context that trusts the test CA
     */
    public SSLContext clientContext(File keyStore) {
        try {
            KeyStore trust = load(trustStore());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManager[] keyManagers = null;
            if (keyStore != null) {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(load(keyStore), STORE_PASSWORD.toCharArray());
                keyManagers = new KeyManager[] {new AlwaysPresenting((X509ExtendedKeyManager) kmf.getKeyManagers()[0])};
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, tmf.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a TLS client context", e);
        }
    }

    private static KeyStore load(File file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(file)) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        return store;
    }

    /**
     * Presents its certificate whatever CAs the server names, as a misconfigured or hostile client
     * would; the JDK's own key manager would quietly send nothing instead.
     */
    private static final class AlwaysPresenting extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager delegate;

        AlwaysPresenting(X509ExtendedKeyManager delegate) {
            this.delegate = delegate;
        }

        private String any(String[] keyTypes) {
            for (String type : keyTypes) {
                String[] aliases = delegate.getClientAliases(type, null);
                if (aliases != null && aliases.length > 0) {
                    return aliases[0];
                }
            }
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return any(keyType);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return any(keyType);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return delegate.getClientAliases(keyType, null);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return delegate.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return delegate.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate.getPrivateKey(alias);
        }
    }
}
