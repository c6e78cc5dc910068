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
package org.apache.rocketmq.http.proxy.config;

/**
 * TLS of the HTTP port, named as RocketMQ's own {@code tls.server.*} settings. Files are PEM; relative
 * paths are relative to the installation directory. Keys share the proxy's properties file.
 */
public class TlsConfig {
    /** disabled, permissive (TLS and plain HTTP on the same port) or enforcing (TLS only). */
    private String tlsMode = "disabled";
    /** The server's certificate chain. */
    private String tlsCertFile = "";
    /** Its private key, PKCS#8. */
    private String tlsKeyFile = "";
    /** Password of an encrypted private key; empty when it is not encrypted. */
    private String tlsKeyPassword = "";
    /** CA certificates that client certificates must chain to (mutual TLS). */
    private String tlsTrustCertFile = "";
    /** none, optional (a client certificate is checked when one is sent) or require. */
    private String tlsClientAuth = "none";

    public String getTlsMode() {
        return tlsMode;
    }

    public void setTlsMode(String tlsMode) {
        this.tlsMode = tlsMode;
    }

    public String getTlsCertFile() {
        return tlsCertFile;
    }

    public void setTlsCertFile(String tlsCertFile) {
        this.tlsCertFile = tlsCertFile;
    }

    public String getTlsKeyFile() {
        return tlsKeyFile;
    }

    public void setTlsKeyFile(String tlsKeyFile) {
        this.tlsKeyFile = tlsKeyFile;
    }

    public String getTlsKeyPassword() {
        return tlsKeyPassword;
    }

    public void setTlsKeyPassword(String tlsKeyPassword) {
        this.tlsKeyPassword = tlsKeyPassword;
    }

    public String getTlsTrustCertFile() {
        return tlsTrustCertFile;
    }

    public void setTlsTrustCertFile(String tlsTrustCertFile) {
        this.tlsTrustCertFile = tlsTrustCertFile;
    }

    public String getTlsClientAuth() {
        return tlsClientAuth;
    }

    public void setTlsClientAuth(String tlsClientAuth) {
        this.tlsClientAuth = tlsClientAuth;
    }
}
