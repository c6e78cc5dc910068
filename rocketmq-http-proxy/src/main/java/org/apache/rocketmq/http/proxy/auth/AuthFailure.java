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

/**
 * Why a request was refused by access control; the {@code reason} label of
 * {@code rocketmq_http_auth_failures_total}.
 */
public enum AuthFailure {
    /** No credentials, and the address is on no white list. */
    MISSING_CREDENTIALS,
    /** An Authorization, X-RMQ-Date or X-RMQ-Nonce header that does not follow the contract. */
    MALFORMED,
    /** Basic credentials on a plain HTTP connection. */
    BASIC_WITHOUT_TLS,
    /** No account has the access key. */
    UNKNOWN_ACCESS_KEY,
    /** The signature (or the Basic secret key) is not the account's. */
    BAD_SIGNATURE,
    /** X-RMQ-Date outside the clock-skew window. */
    DATE_OUT_OF_WINDOW,
    /** A nonce seen before within the window. */
    REPLAYED_NONCE,
    /** The replay guard is full; signed requests are refused until old nonces age out. */
    NONCE_GUARD_FULL,
    /** Authenticated, but the account lacks the permission the route needs. */
    FORBIDDEN;

    public String label() {
        return name().toLowerCase();
    }
}
