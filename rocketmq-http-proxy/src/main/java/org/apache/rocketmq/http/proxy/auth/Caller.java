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
 * Who sent a request, as access control established it.
 */
public final class Caller {
    /** ACL is off, or the route is open: nobody was asked. */
    public static final Caller ANONYMOUS = new Caller(null, "anonymous");
    /** An address of the file's global white list: allowed everything, as on brokers. */
    static final Caller GLOBALLY_WHITE_LISTED = new Caller(null, "global white list");

    private final Account account;
    private final String proof;

    private Caller(Account account, String proof) {
        this.account = account;
        this.proof = proof;
    }

    static Caller of(Account account, String proof) {
        return new Caller(account, proof);
    }

    /**
     * @return the caller's access key, or null when no account was involved
     */
    public String accessKey() {
        return account == null ? null : account.accessKey();
    }

    /**
     * @return how the caller was recognised: signature, basic, white list, ...
     */
    public String proof() {
        return proof;
    }

    Account account() {
        return account;
    }

    @Override
    public String toString() {
        return account == null ? proof : account.accessKey() + " (" + proof + ")";
    }
}
