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
 * Access control: who may call the proxy (accounts and permissions of a RocketMQ {@code plain_acl.yml}),
 * how requests prove their caller, and the proxy's own identity towards ACL-enabled brokers. Keys
 * share the proxy's properties file.
 */
public class AuthConfig {
    private boolean aclEnable = false;
    /** Accounts and permissions, RocketMQ's plain_acl.yml format; relative to the installation directory. */
    private String aclFile = "conf/plain_acl.yml";
    /** How far a signed request's X-RMQ-Date may be from the proxy's clock; also how long nonces are remembered. */
    private int aclClockSkewSeconds = 300;
    private boolean aclAllowBasicWithoutTls = false;
    /** GET /metrics for admin accounts only. */
    private boolean aclProtectMetrics = false;
    /** Nonces of signed requests remembered at most; beyond that signed requests are refused until old ones age out. */
    private int aclMaxNonces = 4_000_000;
    /**
     * Keys that seal receipt handles while ACL is on, comma separated, each at least 16 characters: the
     * first seals, every one opens. All proxies of a cluster need the same list. Empty: a random key of
     * this process, so handles work only on the proxy that issued them.
     */
    private String handleSealKeys = "";
    /** The proxy's own account on ACL-enabled brokers; empty: requests to brokers are not signed. */
    private String brokerAccessKey = "";
    private String brokerSecretKey = "";

    public boolean isAclEnable() {
        return aclEnable;
    }

    public void setAclEnable(boolean aclEnable) {
        this.aclEnable = aclEnable;
    }

    public String getAclFile() {
        return aclFile;
    }

    public void setAclFile(String aclFile) {
        this.aclFile = aclFile;
    }

    public int getAclClockSkewSeconds() {
        return aclClockSkewSeconds;
    }

    public void setAclClockSkewSeconds(int aclClockSkewSeconds) {
        this.aclClockSkewSeconds = aclClockSkewSeconds;
    }

    public boolean isAclAllowBasicWithoutTls() {
        return aclAllowBasicWithoutTls;
    }

    public void setAclAllowBasicWithoutTls(boolean aclAllowBasicWithoutTls) {
        this.aclAllowBasicWithoutTls = aclAllowBasicWithoutTls;
    }

    public boolean isAclProtectMetrics() {
        return aclProtectMetrics;
    }

    public void setAclProtectMetrics(boolean aclProtectMetrics) {
        this.aclProtectMetrics = aclProtectMetrics;
    }

    public int getAclMaxNonces() {
        return aclMaxNonces;
    }

    public void setAclMaxNonces(int aclMaxNonces) {
        this.aclMaxNonces = aclMaxNonces;
    }

    public String getHandleSealKeys() {
        return handleSealKeys;
    }

    public void setHandleSealKeys(String handleSealKeys) {
        this.handleSealKeys = handleSealKeys;
    }

    public String getBrokerAccessKey() {
        return brokerAccessKey;
    }

    public void setBrokerAccessKey(String brokerAccessKey) {
        this.brokerAccessKey = brokerAccessKey;
    }

    public String getBrokerSecretKey() {
        return brokerSecretKey;
    }

    public void setBrokerSecretKey(String brokerSecretKey) {
        this.brokerSecretKey = brokerSecretKey;
    }
}
