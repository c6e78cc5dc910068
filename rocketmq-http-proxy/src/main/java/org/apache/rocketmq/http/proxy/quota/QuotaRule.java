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
package org.apache.rocketmq.http.proxy.quota;

/**
 * One rule of the quota file, checked and immutable. Two rules with the same values are equal, so a
 * reload that keeps a rule keeps its buckets.
 *
 * @param key the matched value, or {@code *} for every one without a rule of its own
 * @param messagesPerSecond 0 when the rule does not limit messages
 * @param bytesPerSecond 0 when the rule does not limit bytes
 * @param burstSeconds how many seconds of the rate a full bucket holds
 * @param maxLongPolls receives waiting at once, 0 when not limited
 * @param clusterScope the rates are for the whole cluster, shared by the live proxies
 */
public record QuotaRule(RuleKind kind, String key, long messagesPerSecond, long bytesPerSecond, double burstSeconds,
                        int maxLongPolls, boolean clusterScope) {
    public static final String ANY = "*";

    public boolean isWildcard() {
        return ANY.equals(key);
    }

    /**
     * @return how the rule is named in answers and logs, e.g. {@code topic [Orders]}
     */
    String describe(String subject) {
        return kind.label() + " [" + subject + "]";
    }
}
