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

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Argument checks shared by the builders. Topic and group names are checked against the contract so
 * that a typo fails where it is made rather than as a 400 later; system names are left to the
 * proxy, which refuses them.
 */
public final class Checks {
    private static final String NAME_PATTERN = "^[%|a-zA-Z0-9_-]+$";
    private static final int MAX_TOPIC_LENGTH = 127;
    private static final int MAX_GROUP_LENGTH = 120;
    private static final Pattern ZONE = Pattern.compile("^[A-Za-z0-9._-]{1,64}$");

    private Checks() {
    }

    public static String topic(String topic) {
        return name("topic", topic, MAX_TOPIC_LENGTH);
    }

    public static String group(String group) {
        return name("group", group, MAX_GROUP_LENGTH);
    }

    private static String name(String what, String name, int maxLength) {
        Objects.requireNonNull(name, what);
        if (name.length() > maxLength || !isName(name)) {
            throw new IllegalArgumentException(what + " must match " + NAME_PATTERN + " and have at most "
                + maxLength + " characters: '" + name + "'");
        }
        return name;
    }

    /** {@code name} matches {@value #NAME_PATTERN}; checked on every send, so without a regular expression. */
    private static boolean isName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '%'
                || c == '|')) {
                return false;
            }
        }
        return true;
    }

    /** A non-empty string without control characters, as tags, keys and properties must be. */
    public static String text(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(what + " must not contain control characters");
            }
        }
        return value;
    }

    /**
     * An absolute {@code http}/{@code https} URI with a host and without query, fragment or user info,
     * returned with a lower-case scheme and without trailing slashes.
     */
    public static URI endpoint(URI endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("endpoint must be an http:// or https:// URI: '" + endpoint + "'");
        }
        if (endpoint.getHost() == null) {
            throw new IllegalArgumentException("endpoint has no host: '" + endpoint + "'");
        }
        if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null || endpoint.getRawUserInfo() != null) {
            throw new IllegalArgumentException("endpoint must not have a query, fragment or user info: '" + endpoint + "'");
        }
        String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return URI.create(scheme + "://" + endpoint.getRawAuthority() + path);
    }

    /** A zone name as proxies advertise it: 1 to 64 characters of {@code [A-Za-z0-9._-]}. */
    public static String zone(String zone) {
        Objects.requireNonNull(zone, "zone");
        if (!ZONE.matcher(zone).matches()) {
            throw new IllegalArgumentException("zone must be 1 to 64 characters of [A-Za-z0-9._-]: '" + zone + "'");
        }
        return zone;
    }

    public static Duration positive(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive: " + value);
        }
        return value;
    }

    public static Duration notNegative(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative: " + value);
        }
        return value;
    }

    public static int positive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive: " + value);
        }
        return value;
    }

    /** Whole seconds, rounded up, as the contract's {@code *Seconds} parameters take them. */
    public static long ceilSeconds(Duration duration) {
        long seconds = duration.getSeconds();
        return duration.getNano() > 0 ? seconds + 1 : seconds;
    }
}
