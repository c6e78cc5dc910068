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
 * Flow control: the quota file and the global guards. Keys share the proxy's properties file.
 */
public class FlowControlConfig {
    /** The YAML file of quota rules, reloaded when it changes; empty means no quotas. */
    private String quotaFile = "";
    /** Buckets of distinct callers, topics and groups kept at most; idle ones expire sooner. */
    private int quotaMaxTrackedKeys = 200_000;
    /** Open connections at most; a connection beyond it is closed at once. 0 means no limit. */
    private int maxConnections = 10_000;
    /** Requests being handled at most (long polls included); beyond it 503. 0 means no limit. */
    private int maxInFlightRequests = 10_000;
    /** Failed authentications one client address may make per second; beyond it 429. 0 means no limit. */
    private int aclMaxFailuresPerSecond = 10;

    public String getQuotaFile() {
        return quotaFile;
    }

    public void setQuotaFile(String quotaFile) {
        this.quotaFile = quotaFile;
    }

    public int getQuotaMaxTrackedKeys() {
        return quotaMaxTrackedKeys;
    }

    public void setQuotaMaxTrackedKeys(int quotaMaxTrackedKeys) {
        this.quotaMaxTrackedKeys = quotaMaxTrackedKeys;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public int getMaxInFlightRequests() {
        return maxInFlightRequests;
    }

    public void setMaxInFlightRequests(int maxInFlightRequests) {
        this.maxInFlightRequests = maxInFlightRequests;
    }

    public int getAclMaxFailuresPerSecond() {
        return aclMaxFailuresPerSecond;
    }

    public void setAclMaxFailuresPerSecond(int aclMaxFailuresPerSecond) {
        this.aclMaxFailuresPerSecond = aclMaxFailuresPerSecond;
    }
}
