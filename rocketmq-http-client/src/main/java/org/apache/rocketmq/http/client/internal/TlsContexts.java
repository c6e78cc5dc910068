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

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the {@link SSLContext} of a client from files: the certificates to trust (PEM, or a key
 * store) and, for mutual TLS, the client's certificate chain and key (PEM with a PKCS#8 key, or a key
 * store). Kept apart from the transport, which only takes the result.
 */
public final class TlsContexts {
    private static final char[] IN_MEMORY_PASSWORD = new char[0];

    private TlsContexts() {
    }

    /**
     * @param trustCertificates PEM CA certificates to trust instead of the JDK's, or null
     * @param trustStore a key store of certificates to trust instead of the JDK's, or null
     * @param certificateChain the client's PEM certificate chain, or null
     * @param privateKey its PEM PKCS#8 (unencrypted) key, or null
     * @param keyStore a key store with the client's key and chain, or null
     * @throws IllegalArgumentException when a file cannot be read or holds no usable certificate or key
     */
    public static SSLContext build(Path trustCertificates, Path trustStore, char[] trustStorePassword,
        Path certificateChain, Path privateKey, Path keyStore, char[] keyStorePassword) {
        try {
            TrustManagerFactory tmf = null;
            if (trustCertificates != null || trustStore != null) {
                KeyStore trust = trustStore != null ? load(trustStore, trustStorePassword) : emptyStore();
                if (trustCertificates != null) {
                    int i = 0;
                    for (Certificate cert : certificates(trustCertificates)) {
                        trust.setCertificateEntry("trusted-" + i++, cert);
                    }
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (keyStore != null || certificateChain != null) {
                KeyStore keys;
                char[] password;
                if (keyStore != null) {
                    keys = load(keyStore, keyStorePassword);
                    password = keyStorePassword;
                } else {
                    keys = emptyStore();
                    password = IN_MEMORY_PASSWORD;
                    List<Certificate> chain = certificates(certificateChain);
                    keys.setKeyEntry("client", privateKey(privateKey, chain.get(0).getPublicKey().getAlgorithm()), password,
                        chain.toArray(new Certificate[0]));
                }
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, password);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static KeyStore emptyStore() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        return store;
    }

    private static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        // the JDK recognises PKCS#12 and JKS by their content
        return KeyStore.getInstance(file.toFile(), password);
    }

    private static List<Certificate> certificates(Path pem) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(pem)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certs.isEmpty()) {
            throw new GeneralSecurityException(pem + " holds no certificate");
        }
        return new ArrayList<>(certs);
    }

    private static PrivateKey privateKey(Path pem, String algorithm) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new GeneralSecurityException(pem + " holds no unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----);"
                + " convert it with: openssl pkcs8 -topk8 -nocrypt");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }
}
