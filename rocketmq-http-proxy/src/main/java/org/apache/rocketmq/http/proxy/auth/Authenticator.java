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
package org.apache.rocketmq.http.proxy.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.function.LongSupplier;
import org.apache.rocketmq.acl.common.AclException;
import org.apache.rocketmq.acl.plain.PlainAccessResource;
import org.apache.rocketmq.acl.plain.PlainPermissionChecker;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics;
import org.apache.rocketmq.http.proxy.common.ResourceNames;
import org.apache.rocketmq.http.proxy.config.AuthConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access control of the HTTP API (contract: "Access control"). Establishes the caller of a request
 * (a signed request, Basic credentials over TLS, or a white-listed address) and checks the permissions
 * its route declares, with rocketmq-acl's {@link PlainPermissionChecker}. Refusals are 401 (with which
 * rule failed, never a secret) or 403, counted by reason; they are logged at debug level without
 * secrets, signatures or bodies.
 *
 * <p>Thread-safe. Order of the checks of a signed request: form, date window, account, signature, and
 * only then the nonce, so unauthenticated requests cannot fill the replay guard.
 */
public final class Authenticator {
    public static final String SIGNED_SCHEME = "RMQ-HMAC-SHA256";
    public static final String DATE_HEADER = "X-RMQ-Date";
    public static final String NONCE_HEADER = "X-RMQ-Nonce";
    private static final String BASIC_SCHEME = "Basic";
    private static final String CREDENTIAL = "Credential=";
    private static final String SIGNATURE = "Signature=";
    private static final int MIN_NONCE = 8;
    private static final int MAX_NONCE = 64;
    private static final int MAX_AUTHORIZATION = 1024;

    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);

    private final boolean enabled;
    private final AclFileWatcher acl;
    private final NonceGuard nonces;
    private final long skewMillis;
    private final boolean basicWithoutTls;
    private final boolean protectMetrics;
    private final LongSupplier clock;
    private final PlainPermissionChecker checker = new PlainPermissionChecker();
    private final ProxyMetrics metrics;

    private Authenticator(boolean enabled, AuthConfig config, AclFileWatcher acl, NonceGuard nonces, ProxyMetrics metrics,
        LongSupplier clock) {
        this.enabled = enabled;
        this.acl = acl;
        this.nonces = nonces;
        this.skewMillis = config.getAclClockSkewSeconds() * 1000L;
        this.basicWithoutTls = config.isAclAllowBasicWithoutTls();
        this.protectMetrics = config.isAclProtectMetrics();
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * @param acl the watched ACL file, started
     */
    public static Authenticator create(AuthConfig config, AclFileWatcher acl, ProxyMetrics metrics, LongSupplier clock) {
        if (config.getAclClockSkewSeconds() <= 0) {
            throw new IllegalArgumentException("aclClockSkewSeconds must be positive, got " + config.getAclClockSkewSeconds());
        }
        return new Authenticator(true, config, acl, new NonceGuard(config.getAclMaxNonces()), metrics, clock);
    }

    /**
     * @return an authenticator of a proxy without ACL: everything is allowed to everyone
     */
    public static Authenticator disabled() {
        return new Authenticator(false, new AuthConfig(), null, null, new ProxyMetrics(), System::currentTimeMillis);
    }

    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Establishes the caller and checks the route's permissions.
     *
     * @throws HttpProxyException UNAUTHORIZED, FORBIDDEN, TOO_MANY_REQUESTS (replay guard full), or the
     *     400 of a malformed topic or group name the route's permissions are about
     */
    public Caller check(Access access, AuthRequest request) {
        if (!enabled || access.kind() == Access.Kind.OPEN
            || access.kind() == Access.Kind.OPERATIONS && !protectMetrics) {
            return Caller.ANONYMOUS;
        }
        Caller caller = authenticate(request);
        authorize(access, caller, request);
        return caller;
    }

    private Caller authenticate(AuthRequest request) {
        AclRules rules = acl.current();
        String authorization = request.header("Authorization");
        if (authorization == null) {
            return whiteListed(rules, request);
        }
        if (authorization.length() > MAX_AUTHORIZATION) {
            throw refuse(AuthFailure.MALFORMED, request, null, "the Authorization header is too long");
        }
        if (startsWithScheme(authorization, SIGNED_SCHEME)) {
            return signed(rules, request, authorization.substring(SIGNED_SCHEME.length() + 1));
        }
        if (startsWithScheme(authorization, BASIC_SCHEME)) {
            return basic(rules, request, authorization.substring(BASIC_SCHEME.length() + 1));
        }
        throw refuse(AuthFailure.MALFORMED, request, null, "unsupported Authorization scheme; use " + SIGNED_SCHEME
            + " (or Basic over TLS)");
    }

    private Caller whiteListed(AclRules rules, AuthRequest request) {
        if (request.peerAddress() != null) {
            PlainAccessResource peer = new PlainAccessResource();
            peer.setWhiteRemoteAddress(request.peerAddress());
            if (rules.isGloballyWhiteListed(peer)) {
                return Caller.GLOBALLY_WHITE_LISTED;
            }
            Account account = rules.whiteListedAccount(peer);
            if (account != null) {
                return Caller.of(account, "white list");
            }
        }
        throw refuse(AuthFailure.MISSING_CREDENTIALS, request, null, "credentials are required: sign the request ("
            + SIGNED_SCHEME + ") or send Basic credentials over TLS");
    }

    private Caller signed(AclRules rules, AuthRequest request, String params) {
        // Credential=<accessKey>, Signature=<base64>, in either order
        int comma = params.indexOf(',');
        String first = comma < 0 ? params.trim() : params.substring(0, comma).trim();
        String second = comma < 0 ? "" : params.substring(comma + 1).trim();
        boolean credentialFirst = first.startsWith(CREDENTIAL);
        String credentialPart = credentialFirst ? first : second;
        String signaturePart = credentialFirst ? second : first;
        if (!credentialPart.startsWith(CREDENTIAL) || !signaturePart.startsWith(SIGNATURE)
            || credentialPart.length() == CREDENTIAL.length() || signaturePart.length() == SIGNATURE.length()) {
            throw refuse(AuthFailure.MALFORMED, request, null,
                "Authorization must be: " + SIGNED_SCHEME + " Credential=<accessKey>, Signature=<base64>");
        }
        String accessKey = credentialPart.substring(CREDENTIAL.length());
        String signature = signaturePart.substring(SIGNATURE.length());
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            throw refuse(AuthFailure.MALFORMED, request, accessKey, "the Signature is not base64");
        }
        long date = date(request, accessKey);
        long now = clock.getAsLong();
        if (Math.abs(now - date) > skewMillis) {
            throw refuse(AuthFailure.DATE_OUT_OF_WINDOW, request, accessKey, DATE_HEADER + " is " + (now - date) / 1000
                + " s away from the proxy's clock; at most " + skewMillis / 1000 + " s are accepted");
        }
        String nonce = request.header(NONCE_HEADER);
        if (!isNonce(nonce)) {
            throw refuse(AuthFailure.MALFORMED, request, accessKey, NONCE_HEADER + " must be " + MIN_NONCE + " to "
                + MAX_NONCE + " characters of [A-Za-z0-9_-]");
        }
        Account account = rules.account(accessKey);
        if (account == null) {
            throw refuse(AuthFailure.UNKNOWN_ACCESS_KEY, request, accessKey, "unknown access key ["
                + ResourceNames.printable(accessKey) + "]");
        }
        byte[] expected = account.sign(request);
        if (!MessageDigest.isEqual(expected, presented)) {
            throw refuse(AuthFailure.BAD_SIGNATURE, request, accessKey, "the signature does not match the request:"
                + " check the secret key and how the StringToSign is built");
        }
        switch (nonces.check(accessKey, nonce, date + skewMillis, now)) {
            case REPLAYED:
                throw refuse(AuthFailure.REPLAYED_NONCE, request, accessKey, NONCE_HEADER + " was used before: every"
                    + " request needs a new nonce");
            case FULL:
                count(AuthFailure.NONCE_GUARD_FULL, request, accessKey, "replay guard full");
                throw new HttpProxyException(ErrorCode.TOO_MANY_REQUESTS, "the proxy remembers as many nonces as it may"
                    + " (aclMaxNonces); retry later");
            default:
                return Caller.of(account, "signature");
        }
    }

    private Caller basic(AclRules rules, AuthRequest request, String encoded) {
        if (!request.isTls() && !basicWithoutTls) {
            throw refuse(AuthFailure.BASIC_WITHOUT_TLS, request, null, "Basic credentials are accepted over TLS only;"
                + " sign the request (" + SIGNED_SCHEME + ") on plain HTTP");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw refuse(AuthFailure.MALFORMED, request, null, "Basic credentials are not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw refuse(AuthFailure.MALFORMED, request, null, "Basic credentials must be base64(accessKey:secretKey)");
        }
        String accessKey = decoded.substring(0, colon);
        Account account = rules.account(accessKey);
        if (account == null) {
            throw refuse(AuthFailure.UNKNOWN_ACCESS_KEY, request, accessKey, "unknown access key ["
                + ResourceNames.printable(accessKey) + "]");
        }
        if (!account.secretMatches(decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8))) {
            throw refuse(AuthFailure.BAD_SIGNATURE, request, accessKey, "wrong secret key");
        }
        return Caller.of(account, "basic");
    }

    private void authorize(Access access, Caller caller, AuthRequest request) {
        Account account = caller.account();
        if (access.kind() == Access.Kind.OPERATIONS || access.kind() == Access.Kind.ADMIN) {
            if (account != null && !account.isAdmin()) {
                throw forbidden(request, account, "only admin accounts may call " + request.method() + " "
                    + ResourceNames.printable(request.rawPath()));
            }
            return;
        }
        String topic = ResourceNames.checkTopic(request.pathParam(Access.TOPIC_PARAM));
        String group = access.groupPerm() != 0 ? ResourceNames.checkGroup(request.queryParam(Access.GROUP_PARAM)) : null;
        if (account == null) {
            return;
        }
        need(account, request, topic, access.topicPerm(), "topic [" + topic + "]");
        if (group != null) {
            need(account, request, PlainAccessResource.getRetryTopic(group), access.groupPerm(), "group [" + group + "]");
        }
    }

    private void need(Account account, AuthRequest request, String resource, byte perm, String what) {
        PlainAccessResource needed = new PlainAccessResource();
        needed.addResourceAndPerm(resource, perm);
        try {
            checker.check(needed, account.owned());
        } catch (AclException e) {
            throw forbidden(request, account, "access key [" + account.accessKey() + "] has no " + Access.name(perm)
                + " permission on " + what);
        }
    }

    private long date(AuthRequest request, String accessKey) {
        String value = request.header(DATE_HEADER);
        if (value != null) {
            long fast = RfcDates.parseUtcSeconds(value);
            if (fast != Long.MIN_VALUE) {
                return fast;
            }
            try {
                return OffsetDateTime.parse(value).toInstant().toEpochMilli();
            } catch (DateTimeParseException ignored) {
                // refused below
            }
        }
        throw refuse(AuthFailure.MALFORMED, request, accessKey, DATE_HEADER + " must be an RFC 3339 UTC time, e.g. "
            + Instant.ofEpochSecond(clock.getAsLong() / 1000));
    }

    private static boolean isNonce(String nonce) {
        if (nonce == null || nonce.length() < MIN_NONCE || nonce.length() > MAX_NONCE) {
            return false;
        }
        for (int i = 0; i < nonce.length(); i++) {
            char c = nonce.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithScheme(String authorization, String scheme) {
        return authorization.length() > scheme.length() && authorization.charAt(scheme.length()) == ' '
            && authorization.regionMatches(true, 0, scheme, 0, scheme.length());
    }

    private HttpProxyException refuse(AuthFailure failure, AuthRequest request, String accessKey, String message) {
        count(failure, request, accessKey, message);
        return new HttpProxyException(ErrorCode.UNAUTHORIZED, message);
    }

    private HttpProxyException forbidden(AuthRequest request, Account account, String message) {
        count(AuthFailure.FORBIDDEN, request, account.accessKey(), message);
        return new HttpProxyException(ErrorCode.FORBIDDEN, message);
    }

    private void count(AuthFailure failure, AuthRequest request, String accessKey, String message) {
        metrics.authFailure(failure.label());
        if (log.isDebugEnabled()) {
            log.debug("refused {} {} from {} (access key {}): {}: {}", request.method(),
                ResourceNames.printable(request.rawPath()), request.peerAddress(),
                accessKey == null ? "-" : ResourceNames.printable(accessKey), failure.label(), message);
        }
    }
}
