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
package org.apache.rocketmq.http.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Access control and TLS of the benchmark's HTTP proxy ({@code --proxy-acl}, {@code --proxy-tls}), to
 * measure what they cost: an ACL file with the load generators' account, a self-signed certificate for
 * 127.0.0.1 made with the JDK's keytool, and what the load generators need to use them.
 */
final class ProxySecurity {
    static final String ACCESS_KEY = "benchmarkAccount";
    static final String SECRET_KEY = "benchmarkAccountSecret";
    /** Read by the HTTP load generators: the account to sign with, the certificate to trust. */
    static final String ACCESS_KEY_ENV = "RMQ_ACCESS_KEY";
    static final String SECRET_KEY_ENV = "RMQ_SECRET_KEY";
    static final String TRUST_CERT_ENV = "RMQ_TLS_TRUST_CERT";
    private static final String PASSWORD = "benchmark-only";

    private ProxySecurity() {
    }

    /**
     * @return the lines to add to the proxy's properties file
     */
    static String settings(BenchmarkConfig config, Path workDir) throws Exception {
        StringBuilder sb = new StringBuilder();
        if (config.proxyAcl) {
            Path acl = workDir.resolve("plain_acl.yml");
            // permissions by default, so every request is authorised through rocketmq-acl's checker
            Files.writeString(acl, String.join("\n", "accounts:", "  - accessKey: " + ACCESS_KEY, "    secretKey: " + SECRET_KEY,
                "    defaultTopicPerm: PUB|SUB", "    defaultGroupPerm: SUB", ""), StandardCharsets.UTF_8);
            sb.append("aclEnable=true\naclFile=").append(escape(acl)).append("\nhandleSealKeys=benchmark-handle-seal-key\n");
        }
        if (config.proxyTls) {
            certificate(workDir);
            sb.append("tlsMode=enforcing\ntlsCertFile=").append(escape(workDir.resolve("server.pem")))
                .append("\ntlsKeyFile=").append(escape(workDir.resolve("server.key"))).append('\n');
        }
        return sb.toString();
    }

    static Map<String, String> clientEnvironment(BenchmarkConfig config, Path workDir) {
        Map<String, String> env = new HashMap<>();
        if (config.signRequests) {
            env.put(ACCESS_KEY_ENV, ACCESS_KEY);
            env.put(SECRET_KEY_ENV, SECRET_KEY);
        }
        if (config.proxyTls) {
            env.put(TRUST_CERT_ENV, workDir.resolve("server.pem").toString());
        }
        return env;
    }

    private static String escape(Path path) {
        return path.toString().replace("\\", "\\\\");
    }

    private static void certificate(Path dir) throws Exception {
        Path store = dir.resolve("server.p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
            "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "7", "-keystore", store.toString(), "-storetype", "PKCS12",
            "-storepass", PASSWORD);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        pem(dir.resolve("server.pem"), "CERTIFICATE", keys.getCertificate("server").getEncoded());
        pem(dir.resolve("server.key"), "PRIVATE KEY", keys.getKey("server", PASSWORD.toCharArray()).getEncoded());
    }

    private static void pem(Path file, String type, byte[] der) throws IOException {
        Files.writeString(file, "-----BEGIN " + type + "-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
            + "\n-----END " + type + "-----\n", StandardCharsets.US_ASCII);
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
            .toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool failed: " + new String(output, StandardCharsets.UTF_8));
        }
    }
}
