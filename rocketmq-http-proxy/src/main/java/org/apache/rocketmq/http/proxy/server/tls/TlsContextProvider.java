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

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.rocketmq.http.proxy.config.InstallationPaths;
import org.apache.rocketmq.http.proxy.config.TlsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS of the HTTP port: a Netty {@link SslContext} from PEM files (certificate chain, PKCS#8 key, and
 * the CA certificates of mutual TLS), TLS 1.2 and 1.3 only, ALPN {@code http/1.1}. {@link #reloadIfChanged()}
 * builds a new context when a file changed, so a renewed certificate serves every connection accepted
 * afterwards without a restart; a change that does not load keeps the current context and is logged.
 * Thread-safe.
 */
public final class TlsContextProvider {
    private static final Logger log = LoggerFactory.getLogger(TlsContextProvider.class);
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /** {@code tlsMode}, as RocketMQ's {@code tls.server.mode}. */
    public enum Mode {
        DISABLED, PERMISSIVE, ENFORCING;

        static Mode parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("tlsMode must be disabled, permissive or enforcing, got [" + value + "]");
            }
        }
    }

    private final Mode mode;
    private final File certFile;
    private final File keyFile;
    private final String keyPassword;
    private final File trustFile;
    private final ClientAuth clientAuth;
    private volatile SslContext context;
    /** Modification stamps of the files the current context, or the last failed attempt, was built from. */
    private List<Long> stamps;

    private TlsContextProvider(TlsConfig config, Mode mode) {
        this.mode = mode;
        this.clientAuth = clientAuth(config.getTlsClientAuth());
        if (config.getTlsCertFile().isBlank() || config.getTlsKeyFile().isBlank()) {
            throw new IllegalArgumentException("tlsMode=" + mode.name().toLowerCase(Locale.ROOT)
                + " needs tlsCertFile and tlsKeyFile");
        }
        this.certFile = InstallationPaths.resolve(config.getTlsCertFile().trim());
        this.keyFile = InstallationPaths.resolve(config.getTlsKeyFile().trim());
        this.keyPassword = config.getTlsKeyPassword().isEmpty() ? null : config.getTlsKeyPassword();
        this.trustFile = config.getTlsTrustCertFile().isBlank() ? null
            : InstallationPaths.resolve(config.getTlsTrustCertFile().trim());
        if (clientAuth != ClientAuth.NONE && trustFile == null) {
            throw new IllegalArgumentException("tlsClientAuth=" + config.getTlsClientAuth().trim() + " needs tlsTrustCertFile");
        }
        this.stamps = stamps();
        this.context = build();
    }

    /**
     * @return the provider of the configured TLS, or null when {@code tlsMode=disabled}
     * @throws IllegalArgumentException when the settings are incomplete or the files do not load
     */
    public static TlsContextProvider fromConfig(TlsConfig config) {
        Mode mode = Mode.parse(config.getTlsMode());
        return mode == Mode.DISABLED ? null : new TlsContextProvider(config, mode);
    }

    public Mode mode() {
        return mode;
    }

    public SslContext current() {
        return context;
    }

    /**
     * @return the first handler of a new connection's pipeline: TLS, or in permissive mode a handler
     *     that looks at the first bytes and sets up TLS or plain HTTP
     */
    public ChannelHandler newHandler(ByteBufAllocator alloc) {
        SslContext ctx = context;
        return mode == Mode.PERMISSIVE ? new OptionalSslHandler(ctx) : ctx.newHandler(alloc);
    }

    /**
     * Builds a new context when a file's modification time or size changed since the last look.
     *
     * @return true when a new context is in use
     */
    public synchronized boolean reloadIfChanged() {
        List<Long> now = stamps();
        if (now.equals(stamps)) {
            return false;
        }
        stamps = now;
        try {
            context = build();
            log.info("TLS certificate reloaded from {}", certFile);
            return true;
        } catch (RuntimeException e) {
            log.warn("TLS files changed but do not load, the current certificate stays in use: {}", e.getMessage());
            return false;
        }
    }

    private SslContext build() {
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(certFile, keyFile, keyPassword)
                .sslProvider(SslProvider.JDK)
                .protocols(PROTOCOLS)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_1_1))
                .clientAuth(clientAuth);
            if (trustFile != null) {
                builder.trustManager(trustFile);
            }
            return builder.build();
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot load TLS certificate " + certFile + " with key " + keyFile
                + (trustFile != null ? " and trusted certificates " + trustFile : "") + ": " + e.getMessage(), e);
        }
    }

    private List<Long> stamps() {
        List<Long> list = new ArrayList<>(6);
        for (File f : new File[] {certFile, keyFile, trustFile}) {
            list.add(f == null ? 0L : f.lastModified());
            list.add(f == null ? 0L : f.length());
        }
        return list;
    }

    private static ClientAuth clientAuth(String value) {
        switch (value == null ? "" : value.trim().toLowerCase(Locale.ROOT)) {
            case "none":
                return ClientAuth.NONE;
            case "optional":
                return ClientAuth.OPTIONAL;
            case "require":
                return ClientAuth.REQUIRE;
            default:
                throw new IllegalArgumentException("tlsClientAuth must be none, optional or require, got [" + value + "]");
        }
    }
}
