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
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.rocketmq.http.client.internal.Checks;
import org.apache.rocketmq.http.client.internal.TlsContexts;

/**
 * Where the proxies are and how to talk to them: shared by {@link HttpProducer},
 * {@link HttpSimpleConsumer} and {@link HttpPushConsumer}.
 *
 * <pre>{@code
 * ClientConfig config = ClientConfig.builder()
 *     .endpoints("http://proxy-1:8181", "http://proxy-2:8181")
 *     .requestTimeout(Duration.ofSeconds(5))
 *     .build();
 * }</pre>
 *
 * <p><b>Endpoints.</b> Requests are spread round-robin over the endpoints. An endpoint that
 * refuses connections or answers 503 is marked down for {@link #markDownDuration()} and skipped
 * meanwhile; when every endpoint is down the one that went down first is tried anyway. An endpoint
 * may carry a path prefix (for example {@code https://gateway/rocketmq}) which is kept in front of
 * the API paths.
 *
 * <p><b>Discovery.</b> Instead of (or besides) a fixed list, the SDK can find the proxies itself:
 * {@link Builder#discovery(String)} names a URL that answers {@code GET /v1/proxies}, either the HTTP
 * port of a nameserver with the discovery plugin ({@code http://namesrv:9880}) or any proxy. The SDK
 * fetches the list when the client is created and every {@link #discoveryInterval()} (30 s) in the
 * background, and adds and removes endpoints as proxies come and go; calls in flight keep their
 * proxy. When the discovery URL does not answer, the SDK asks a proxy it knows, and when nothing
 * answers it keeps the last list it got plus the endpoints given with {@code endpoints(...)} (the
 * seeds). With {@link Builder#zone(String)} set, proxies of that zone are preferred while any of them
 * is up.
 *
 * <pre>{@code
 * ClientConfig config = ClientConfig.builder()
 *     .discovery("http://namesrv-1:9880")
 *     .zone("zone-a")
 *     .build();
 * }</pre>
 *
 * <p><b>Credentials.</b> With {@link Builder#credentials(String, String)} every request is signed
 * ({@code RMQ-HMAC-SHA256}, the proxy's access control): each attempt gets a date and a nonce of its
 * own, so a retry is never refused as a replay. The secret key itself is never sent.
 *
 * <p><b>TLS.</b> {@code https://} endpoints are verified against the JDK's trusted certificates, or
 * against {@link Builder#trustCertificates(Path)} / {@link Builder#trustStore(Path, char[])}; for
 * mutual TLS the client presents {@link Builder#clientCertificate(Path, Path)} or
 * {@link Builder#clientKeyStore(Path, char[])}. {@link Builder#sslContext(SSLContext)} replaces all
 * of these. Host names are verified.
 *
 * <p>Immutable and thread-safe. Every builder setter checks its argument when it is called and
 * {@link Builder#build()} checks the whole once more.
 */
public final class ClientConfig {
    private final List<URI> endpoints;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final RetryPolicy retryPolicy;
    private final Duration markDownDuration;
    private final String producerGroup;
    private final String accessKey;
    private final String secretKey;
    private final String userAgent;
    private final URI discovery;
    private final Duration discoveryInterval;
    private final String zone;
    private final Tls tls;
    private final SSLContext sslContext;

    private ClientConfig(Builder builder, SSLContext sslContext) {
        this.endpoints = Collections.unmodifiableList(new ArrayList<>(builder.endpoints));
        this.connectTimeout = builder.connectTimeout;
        this.requestTimeout = builder.requestTimeout;
        this.retryPolicy = builder.retryPolicy;
        this.markDownDuration = builder.markDownDuration;
        this.producerGroup = builder.producerGroup;
        this.accessKey = builder.accessKey;
        this.secretKey = builder.secretKey;
        this.userAgent = builder.userAgent;
        this.discovery = builder.discovery;
        this.discoveryInterval = builder.discoveryInterval;
        this.zone = builder.zone;
        this.tls = builder.tls.copy();
        this.sslContext = sslContext;
    }

    /**
     * Starts a configuration. Only the endpoints (or the discovery URL) have no default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this configuration's values, to derive a variant.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.endpoints.addAll(endpoints);
        builder.connectTimeout = connectTimeout;
        builder.requestTimeout = requestTimeout;
        builder.retryPolicy = retryPolicy;
        builder.markDownDuration = markDownDuration;
        builder.producerGroup = producerGroup;
        builder.accessKey = accessKey;
        builder.secretKey = secretKey;
        builder.userAgent = userAgent;
        builder.discovery = discovery;
        builder.discoveryInterval = discoveryInterval;
        builder.zone = zone;
        builder.tls = tls.copy();
        return builder;
    }

    /**
     * Returns the proxy base URIs, in the order given, without trailing slashes. With
     * {@link #discovery()} set these are the seeds, used until the first list of proxies arrives and
     * whenever discovery fails.
     *
     * @return an unmodifiable list, empty only when a discovery URL is set
     */
    public List<URI> endpoints() {
        return endpoints;
    }

    /**
     * Returns the time allowed to open a TCP (and TLS) connection to a proxy.
     *
     * @return the connect timeout, default 3 s
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * Returns the time allowed for one attempt of a request, until the answer's headers arrived.
     * A receive adds its long-poll wait to it.
     *
     * @return the request timeout, default 5 s
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * Returns how failed requests are repeated.
     *
     * @return the retry policy, default {@link RetryPolicy#defaults()}
     */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /**
     * Returns how long an endpoint that refused a connection or answered 503 is skipped.
     *
     * @return the mark-down duration, default 10 s
     */
    public Duration markDownDuration() {
        return markDownDuration;
    }

    /**
     * Returns the producer group that {@link HttpProducer} sends under.
     *
     * @return the group, or empty to let the proxy use its default ({@code HTTP_PROXY_DEFAULT_PRODUCER})
     */
    public Optional<String> producerGroup() {
        return Optional.ofNullable(producerGroup);
    }

    /**
     * Returns the AccessKey that signs every request.
     *
     * @return the AccessKey, or empty when requests are not signed
     */
    public Optional<String> accessKey() {
        return Optional.ofNullable(accessKey);
    }

    /**
     * Returns the SecretKey that signs every request; it is never sent.
     *
     * @return the SecretKey, or empty when requests are not signed
     */
    public Optional<String> secretKey() {
        return Optional.ofNullable(secretKey);
    }

    /**
     * Returns the TLS context of {@code https://} endpoints, built from the trust and client certificate
     * settings (or the one given).
     *
     * @return the context, or empty for the JDK's default
     */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    /**
     * Returns the {@code User-Agent} header sent with every request.
     *
     * @return the user agent, default {@code rocketmq-http-client-java/<version>}
     */
    public String userAgent() {
        return userAgent;
    }

    /**
     * Returns the URL the SDK fetches the list of live proxies from ({@code GET /v1/proxies}).
     *
     * @return the discovery URL, or empty when only the fixed endpoints are used
     */
    public Optional<URI> discovery() {
        return Optional.ofNullable(discovery);
    }

    /**
     * Returns how often the list of proxies is fetched again.
     *
     * @return the discovery interval, default 30 s
     */
    public Duration discoveryInterval() {
        return discoveryInterval;
    }

    /**
     * Returns the zone whose proxies are preferred.
     *
     * @return the zone, or empty to use all proxies alike
     */
    public Optional<String> zone() {
        return Optional.ofNullable(zone);
    }

    /** Describes the configuration; the SecretKey is never included. */
    @Override
    public String toString() {
        return "ClientConfig{endpoints=" + endpoints + ", connectTimeout=" + connectTimeout
            + ", requestTimeout=" + requestTimeout + ", retryPolicy=" + retryPolicy
            + ", markDownDuration=" + markDownDuration + ", producerGroup=" + producerGroup
            + ", accessKey=" + accessKey + ", secretKey=" + (secretKey == null ? null : "***")
            + ", tls=" + (sslContext == null ? "default" : "configured") + ", userAgent=" + userAgent
            + ", discovery=" + discovery + ", discoveryInterval=" + discoveryInterval + ", zone=" + zone + '}';
    }

    private static String defaultUserAgent() {
        String version = ClientConfig.class.getPackage().getImplementationVersion();
        return "rocketmq-http-client-java/" + (version != null ? version : "dev");
    }

    /**
     * Builds a {@link ClientConfig}. Not thread-safe.
     */
    public static final class Builder {
        private final List<URI> endpoints = new ArrayList<>();
        private Duration connectTimeout = Duration.ofSeconds(3);
        private Duration requestTimeout = Duration.ofSeconds(5);
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Duration markDownDuration = Duration.ofSeconds(10);
        private String producerGroup;
        private String accessKey;
        private String secretKey;
        private String userAgent = defaultUserAgent();
        private URI discovery;
        private Duration discoveryInterval = Duration.ofSeconds(30);
        private String zone;
        private Tls tls = new Tls();

        private Builder() {
        }

        /**
         * Sets the proxy endpoints, replacing any set before.
         *
         * @param endpoints one or more base URIs such as {@code http://127.0.0.1:8181}
         * @return this builder
         * @throws IllegalArgumentException if none is given, or one is not an absolute
         *     {@code http}/{@code https} URI with a host and without query, fragment or user info
         */
        public Builder endpoints(String... endpoints) {
            Objects.requireNonNull(endpoints, "endpoints");
            List<URI> uris = new ArrayList<>();
            for (String endpoint : endpoints) {
                Objects.requireNonNull(endpoint, "endpoint");
                try {
                    uris.add(new URI(endpoint.trim()));
                } catch (URISyntaxException e) {
                    throw new IllegalArgumentException("not a URI: '" + endpoint + "'", e);
                }
            }
            return endpoints(uris);
        }

        /**
         * Sets the proxy endpoints, replacing any set before.
         *
         * @param endpoints one or more base URIs
         * @return this builder
         * @throws IllegalArgumentException if the list is empty or an endpoint is not an absolute
         *     {@code http}/{@code https} URI with a host and without query, fragment or user info
         */
        public Builder endpoints(List<URI> endpoints) {
            Objects.requireNonNull(endpoints, "endpoints");
            if (endpoints.isEmpty()) {
                throw new IllegalArgumentException("at least one endpoint is required");
            }
            List<URI> checked = new ArrayList<>();
            for (URI endpoint : endpoints) {
                URI normalized = Checks.endpoint(endpoint);
                if (!checked.contains(normalized)) {
                    checked.add(normalized);
                }
            }
            this.endpoints.clear();
            this.endpoints.addAll(checked);
            return this;
        }

        /**
         * Sets the time allowed to open a connection. Default 3 s.
         *
         * @param connectTimeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Checks.positive("connectTimeout", connectTimeout);
            return this;
        }

        /**
         * Sets the time allowed for one attempt of a request. Default 5 s. Receives add their
         * long-poll wait to it, so it need not cover the wait.
         *
         * @param requestTimeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Checks.positive("requestTimeout", requestTimeout);
            return this;
        }

        /**
         * Sets how failed requests are repeated. Default {@link RetryPolicy#defaults()}.
         *
         * @param retryPolicy the policy
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        /**
         * Sets how long an endpoint that refused a connection or answered 503 is skipped.
         * Default 10 s.
         *
         * @param markDownDuration a positive duration
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder markDownDuration(Duration markDownDuration) {
            this.markDownDuration = Checks.positive("markDownDuration", markDownDuration);
            return this;
        }

        /**
         * Sets the producer group {@link HttpProducer} sends under. By default the proxy's
         * {@code HTTP_PROXY_DEFAULT_PRODUCER} is used.
         *
         * @param producerGroup a group name matching {@code ^[%|a-zA-Z0-9_-]+$}, at most 120 characters
         * @return this builder
         * @throws IllegalArgumentException if the name is not valid
         */
        public Builder producerGroup(String producerGroup) {
            this.producerGroup = Checks.group(producerGroup);
            return this;
        }

        /**
         * Signs every request with an account of the proxy's access control ({@code RMQ-HMAC-SHA256});
         * a proxy with access control answers unsigned requests with 401.
         *
         * @param accessKey the AccessKey, not empty
         * @param secretKey the SecretKey, not empty; it only computes signatures and is never sent
         * @return this builder
         * @throws IllegalArgumentException if either is empty or has control characters
         */
        public Builder credentials(String accessKey, String secretKey) {
            this.accessKey = Checks.text("accessKey", accessKey);
            this.secretKey = Checks.text("secretKey", secretKey);
            return this;
        }

        /**
         * Trusts the CA certificates of a PEM file, instead of the JDK's, for {@code https://} endpoints.
         *
         * @param pemFile one or more PEM certificates
         * @return this builder
         * @throws IllegalArgumentException if the file is not readable
         */
        public Builder trustCertificates(Path pemFile) {
            tls.trustCertificates = readable("trustCertificates", pemFile);
            return this;
        }

        /**
         * Trusts the certificates of a key store (PKCS#12 or JKS), instead of the JDK's.
         *
         * @param file the trust store
         * @param password its password, may be empty; copied
         * @return this builder
         * @throws IllegalArgumentException if the file is not readable
         */
        public Builder trustStore(Path file, char[] password) {
            tls.trustStore = readable("trustStore", file);
            tls.trustStorePassword = Objects.requireNonNull(password, "password").clone();
            return this;
        }

        /**
         * Presents a client certificate for mutual TLS.
         *
         * @param certificateChainPem the client's certificate, followed by intermediates if any, PEM
         * @param privateKeyPem its private key, PEM, unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY})
         * @return this builder
         * @throws IllegalArgumentException if a file is not readable
         */
        public Builder clientCertificate(Path certificateChainPem, Path privateKeyPem) {
            tls.clientCertificate = readable("certificateChainPem", certificateChainPem);
            tls.clientKey = readable("privateKeyPem", privateKeyPem);
            return this;
        }

        /**
         * Presents the client certificate of a key store (PKCS#12 or JKS) for mutual TLS.
         *
         * @param file the key store, with one key entry
         * @param password the password of the store and its key; copied
         * @return this builder
         * @throws IllegalArgumentException if the file is not readable
         */
        public Builder clientKeyStore(Path file, char[] password) {
            tls.clientKeyStore = readable("clientKeyStore", file);
            tls.clientKeyStorePassword = Objects.requireNonNull(password, "password").clone();
            return this;
        }

        /**
         * Uses this TLS context for {@code https://} endpoints, in place of the trust and client
         * certificate settings.
         *
         * @param sslContext an initialised context
         * @return this builder
         */
        public Builder sslContext(SSLContext sslContext) {
            tls.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            return this;
        }

        private static Path readable(String what, Path file) {
            Objects.requireNonNull(file, what);
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException(what + ": cannot read " + file);
            }
            return file;
        }

        /**
         * Sets the {@code User-Agent} header. Default {@code rocketmq-http-client-java/<version>}.
         *
         * @param userAgent a non-empty value without control characters
         * @return this builder
         * @throws IllegalArgumentException if empty or with control characters
         */
        public Builder userAgent(String userAgent) {
            this.userAgent = Checks.text("userAgent", userAgent);
            return this;
        }

        /**
         * Finds the proxies through a URL that answers {@code GET /v1/proxies}: the HTTP port of a
         * nameserver with the discovery plugin (e.g. {@code http://namesrv:9880}) or any proxy's URL.
         * Endpoints set with {@code endpoints(...)} become the seeds, used until the first list
         * arrives and whenever discovery fails.
         *
         * @param discovery an absolute {@code http}/{@code https} URI with a host
         * @return this builder
         * @throws IllegalArgumentException if it is not such a URI
         */
        public Builder discovery(String discovery) {
            Objects.requireNonNull(discovery, "discovery");
            try {
                return discovery(new URI(discovery.trim()));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not a URI: '" + discovery + "'", e);
            }
        }

        /**
         * Finds the proxies through a URL that answers {@code GET /v1/proxies}; see
         * {@link #discovery(String)}.
         *
         * @param discovery an absolute {@code http}/{@code https} URI with a host
         * @return this builder
         * @throws IllegalArgumentException if it is not such a URI
         */
        public Builder discovery(URI discovery) {
            this.discovery = Checks.endpoint(discovery);
            return this;
        }

        /**
         * Sets how often the list of proxies is fetched again. Default 30 s.
         *
         * @param discoveryInterval a positive duration
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder discoveryInterval(Duration discoveryInterval) {
            this.discoveryInterval = Checks.positive("discoveryInterval", discoveryInterval);
            return this;
        }

        /**
         * Prefers the discovered proxies of this zone (their {@code proxyZone}) while any of them is up.
         *
         * @param zone 1 to 64 characters of {@code [A-Za-z0-9._-]}
         * @return this builder
         * @throws IllegalArgumentException if the name is not valid
         */
        public Builder zone(String zone) {
            this.zone = Checks.zone(zone);
            return this;
        }

        /**
         * Checks the configuration and builds it.
         *
         * @return an immutable configuration
         * @throws IllegalStateException if neither an endpoint nor a discovery URL was set
         */
        public ClientConfig build() {
            if (endpoints.isEmpty() && discovery == null) {
                throw new IllegalStateException("at least one endpoint or a discovery URL is required");
            }
            if (!endpoints.isEmpty()) {
                endpoints(new ArrayList<>(endpoints));
            }
            if ((accessKey == null) != (secretKey == null)) {
                throw new IllegalStateException("accessKey and secretKey go together");
            }
            return new ClientConfig(this, tls.context());
        }
    }

    /** The TLS settings as given, and the context they make. */
    private static final class Tls {
        Path trustCertificates;
        Path trustStore;
        char[] trustStorePassword;
        Path clientCertificate;
        Path clientKey;
        Path clientKeyStore;
        char[] clientKeyStorePassword;
        SSLContext sslContext;

        Tls copy() {
            Tls t = new Tls();
            t.trustCertificates = trustCertificates;
            t.trustStore = trustStore;
            t.trustStorePassword = trustStorePassword == null ? null : trustStorePassword.clone();
            t.clientCertificate = clientCertificate;
            t.clientKey = clientKey;
            t.clientKeyStore = clientKeyStore;
            t.clientKeyStorePassword = clientKeyStorePassword == null ? null : clientKeyStorePassword.clone();
            t.sslContext = sslContext;
            return t;
        }

        SSLContext context() {
            boolean files = trustCertificates != null || trustStore != null || clientCertificate != null
                || clientKeyStore != null;
            if (sslContext != null) {
                if (files) {
                    throw new IllegalStateException("sslContext replaces the trust and client certificate settings;"
                        + " set either");
                }
                return sslContext;
            }
            if (clientCertificate != null && clientKeyStore != null) {
                throw new IllegalStateException("clientCertificate and clientKeyStore: set one of them");
            }
            if (!files) {
                return null;
            }
            try {
                return TlsContexts.build(trustCertificates, trustStore, trustStorePassword, clientCertificate, clientKey,
                    clientKeyStore, clientKeyStorePassword);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }
}
