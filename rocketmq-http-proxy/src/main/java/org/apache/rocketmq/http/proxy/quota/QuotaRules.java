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

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rules of a quota file, indexed for lookups on the hot path. Immutable; a reload builds a new
 * one.
 *
 * <pre>
 * rules:
 *   - topic: Orders              # exactly one of accessKey, clientAddress, topic, producerGroup, consumerGroup
 *     messagesPerSecond: 500
 *     bytesPerSecond: 1048576
 *     burstSeconds: 1
 *   - consumerGroup: "*"         # each group without a rule of its own
 *     messagesPerSecond: 2000
 *     scope: cluster             # the rate is for the whole cluster
 * </pre>
 */
public final class QuotaRules {
    /** The highest rate of a rule, per second: a bucket refills at most one token a nanosecond. */
    public static final long MAX_RATE = 1_000_000_000L;
    public static final QuotaRules NONE = new QuotaRules(Collections.emptyList());

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
        .configure(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, false);

    private final List<QuotaRule> rules;
    private final EnumMap<RuleKind, Map<String, List<QuotaRule>>> exact = new EnumMap<>(RuleKind.class);
    private final EnumMap<RuleKind, List<QuotaRule>> wildcard = new EnumMap<>(RuleKind.class);

    QuotaRules(List<QuotaRule> rules) {
        this.rules = List.copyOf(rules);
        for (QuotaRule rule : rules) {
            if (rule.isWildcard()) {
                wildcard.computeIfAbsent(rule.kind(), k -> new ArrayList<>()).add(rule);
            } else {
                exact.computeIfAbsent(rule.kind(), k -> new HashMap<>()).computeIfAbsent(rule.key(), k -> new ArrayList<>())
                    .add(rule);
            }
        }
    }

    /**
     * @return the rules for this value: its own, or else the kind's {@code *} rules; empty when none
     */
    public List<QuotaRule> match(RuleKind kind, String value) {
        if (value == null) {
            return Collections.emptyList();
        }
        Map<String, List<QuotaRule>> own = exact.get(kind);
        if (own != null) {
            List<QuotaRule> found = own.get(value);
            if (found != null) {
                return found;
            }
        }
        List<QuotaRule> any = wildcard.get(kind);
        return any != null ? any : Collections.emptyList();
    }

    public List<QuotaRule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * Reads and checks a quota file.
     *
     * @throws IllegalArgumentException naming what is wrong and where
     */
    public static QuotaRules parse(byte[] yaml) {
        QuotaFile file;
        try (JsonParser content = YAML.createParser(yaml)) {
            // a file of comments only is an empty document: no rules
            file = content.nextToken() == null ? null : YAML.readValue(yaml, QuotaFile.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("unknown key [" + e.getPropertyName() + "] at line "
                + e.getLocation().getLineNr() + "; a rule has one of accessKey, clientAddress, topic, producerGroup, "
                + "consumerGroup and any of messagesPerSecond, bytesPerSecond, burstSeconds, maxLongPolls, scope");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid quota file: " + e.getOriginalMessage()
                + (e.getLocation() != null ? " at line " + e.getLocation().getLineNr() : ""));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a valid quota file: " + e.getMessage());
        }
        if (file == null || file.rules == null) {
            return NONE;
        }
        List<QuotaRule> rules = new ArrayList<>(file.rules.size());
        for (int i = 0; i < file.rules.size(); i++) {
            RuleSpec spec = file.rules.get(i);
            if (spec == null) {
                throw new IllegalArgumentException("rule " + (i + 1) + " is empty");
            }
            try {
                rules.add(spec.toRule());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("rule " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new QuotaRules(rules);
    }

    /**
     * The file as written; bound by Jackson.
     */
    static final class QuotaFile {
        public List<RuleSpec> rules;
    }

    /**
     * One rule as written; bound by Jackson.
     */
    static final class RuleSpec {
        public String accessKey;
        public String clientAddress;
        public String topic;
        public String producerGroup;
        public String consumerGroup;
        public Long messagesPerSecond;
        public Long bytesPerSecond;
        public Double burstSeconds;
        public Integer maxLongPolls;
        public String scope;

        QuotaRule toRule() {
            RuleKind kind = null;
            String key = null;
            String[] keys = {accessKey, clientAddress, topic, producerGroup, consumerGroup};
            for (int k = 0; k < keys.length; k++) {
                if (keys[k] == null) {
                    continue;
                }
                if (kind != null) {
                    throw new IllegalArgumentException("names both " + kind.label() + " and "
                        + RuleKind.values()[k].label() + "; a rule matches exactly one of them");
                }
                kind = RuleKind.values()[k];
                key = keys[k].trim();
            }
            if (kind == null) {
                throw new IllegalArgumentException("matches nothing; give one of accessKey, clientAddress, topic, "
                    + "producerGroup, consumerGroup (\"*\" for each one without a rule of its own)");
            }
            if (key.isEmpty()) {
                throw new IllegalArgumentException(kind.label() + " is empty");
            }
            if (kind == RuleKind.CLIENT_ADDRESS && !QuotaRule.ANY.equals(key)) {
                key = normalizeAddress(key);
            }
            long messages = rate("messagesPerSecond", messagesPerSecond);
            long bytes = rate("bytesPerSecond", bytesPerSecond);
            int longPolls = (int) positive("maxLongPolls", maxLongPolls == null ? null : maxLongPolls.longValue());
            if (messages == 0 && bytes == 0 && longPolls == 0) {
                throw new IllegalArgumentException(kind.label() + " [" + key + "] limits nothing; give messagesPerSecond, "
                    + "bytesPerSecond or maxLongPolls");
            }
            double burst = burstSeconds == null ? 1.0 : burstSeconds;
            if (!(burst > 0) || Double.isInfinite(burst) || burst > 3600) {
                throw new IllegalArgumentException("burstSeconds must be more than 0 and at most 3600, got " + burstSeconds);
            }
            boolean cluster;
            String s = scope == null ? "proxy" : scope.trim().toLowerCase(Locale.ROOT);
            if (s.equals("cluster")) {
                cluster = true;
            } else if (s.equals("proxy")) {
                cluster = false;
            } else {
                throw new IllegalArgumentException("scope must be proxy (the default) or cluster, got [" + scope + "]");
            }
            return new QuotaRule(kind, key, messages, bytes, burst, longPolls, cluster);
        }

        /**
         * A rate of a token bucket: positive and at most {@link #MAX_RATE} a second, the finest refill a
         * bucket can take (one token a nanosecond).
         */
        private static long rate(String name, Long value) {
            long rate = positive(name, value);
            if (rate > MAX_RATE) {
                throw new IllegalArgumentException(name + " must be at most " + MAX_RATE + ", got " + rate);
            }
            return rate;
        }

        private static long positive(String name, Long value) {
            if (value == null) {
                return 0;
            }
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }
    }

    /**
     * Client addresses are matched as the proxy prints a peer's address, so {@code ::1} and
     * {@code 0:0:0:0:0:0:0:1} are one rule.
     */
    static String normalizeAddress(String literal) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(literal);
        if (bytes == null) {
            throw new IllegalArgumentException("clientAddress must be an IP address or \"*\", got [" + literal + "]");
        }
        try {
            return NetUtil.toAddressString(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("clientAddress must be an IP address or \"*\", got [" + literal + "]");
        }
    }
}
