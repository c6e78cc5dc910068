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

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.rocketmq.acl.common.AclConstants;
import org.apache.rocketmq.acl.common.AclException;
import org.apache.rocketmq.acl.common.AclUtils;
import org.apache.rocketmq.acl.plain.PlainAccessData;
import org.apache.rocketmq.acl.plain.PlainAccessResource;
import org.apache.rocketmq.acl.plain.RemoteAddressStrategy;
import org.apache.rocketmq.acl.plain.RemoteAddressStrategyFactory;
import org.apache.rocketmq.common.PlainAccessConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.parser.ParserException;
import org.yaml.snakeyaml.scanner.ScannerException;

/**
 * The accounts and white lists of one version of the ACL file, in RocketMQ's {@code plain_acl.yml}
 * format and with its meaning: bound by rocketmq-acl ({@code AclUtils.getYamlDataObject} into
 * {@link PlainAccessData}), each account built with {@code PlainAccessResource.build}, addresses matched
 * by the {@link RemoteAddressStrategyFactory}'s strategies. Immutable.
 */
public final class AclRules {
    private static final Logger log = LoggerFactory.getLogger(AclRules.class);
    private static final Set<String> PERMISSIONS = Set.of(AclConstants.PUB, AclConstants.SUB, AclConstants.PUB_SUB,
        AclConstants.SUB_PUB, AclConstants.DENY);

    private final Map<String, Account> accounts;
    /** In file order: an address white-listed for several accounts counts as the first of them. */
    private final List<Account> ordered;
    private final List<RemoteAddressStrategy> globalWhiteList;

    private AclRules(Map<String, Account> accounts, List<Account> ordered, List<RemoteAddressStrategy> globalWhiteList) {
        this.accounts = accounts;
        this.ordered = ordered;
        this.globalWhiteList = globalWhiteList;
    }

    /**
     * Reads and checks a file.
     *
     * @throws IllegalArgumentException when the file is missing, does not parse, or has a bad account;
     *     the message names the problem without quoting the file (which holds secrets)
     */
    public static AclRules load(File file) {
        if (!file.isFile()) {
            throw new IllegalArgumentException("ACL file " + file + " does not exist");
        }
        PlainAccessData data;
        try {
            data = AclUtils.getYamlDataObject(file.getPath(), PlainAccessData.class);
        } catch (AclException e) {
            throw new IllegalArgumentException("ACL file " + file + " is not valid YAML of plain_acl.yml: " + yamlProblem(e));
        }
        if (data == null) {
            throw new IllegalArgumentException("ACL file " + file + " is empty");
        }
        RemoteAddressStrategyFactory strategies = new RemoteAddressStrategyFactory();
        List<RemoteAddressStrategy> global = new ArrayList<>();
        if (data.getGlobalWhiteRemoteAddresses() != null) {
            for (String address : data.getGlobalWhiteRemoteAddresses()) {
                global.add(strategy(strategies, address, "globalWhiteRemoteAddresses"));
            }
        }
        Map<String, Account> accounts = new HashMap<>();
        List<Account> ordered = new ArrayList<>();
        List<PlainAccessConfig> configs = data.getAccounts() == null ? Collections.emptyList() : data.getAccounts();
        for (int i = 0; i < configs.size(); i++) {
            PlainAccessConfig config = configs.get(i);
            String where = "account #" + (i + 1);
            if (config == null) {
                throw new IllegalArgumentException("ACL file " + file + ": " + where + " is empty");
            }
            if (config.getAccessKey() == null || config.getAccessKey().length() <= AclConstants.ACCESS_KEY_MIN_LENGTH
                || config.getSecretKey() == null || config.getSecretKey().length() <= AclConstants.SECRET_KEY_MIN_LENGTH) {
                throw new IllegalArgumentException("ACL file " + file + ": " + where + " needs an accessKey and a secretKey"
                    + " longer than " + AclConstants.ACCESS_KEY_MIN_LENGTH + " characters");
            }
            where = where + " [" + config.getAccessKey() + "]";
            if (accounts.containsKey(config.getAccessKey())) {
                throw new IllegalArgumentException("ACL file " + file + ": " + where + " appears twice");
            }
            warnAboutUnknownPermissions(file, where, config);
            PlainAccessResource owned;
            try {
                owned = PlainAccessResource.build(config, strategy(strategies, config.getWhiteRemoteAddress(),
                    where + " whiteRemoteAddress"));
            } catch (AclException e) {
                throw new IllegalArgumentException("ACL file " + file + ": " + where + ": " + e.getMessage());
            }
            Account account = new Account(owned);
            accounts.put(account.accessKey(), account);
            ordered.add(account);
        }
        return new AclRules(Collections.unmodifiableMap(accounts), Collections.unmodifiableList(ordered),
            Collections.unmodifiableList(global));
    }

    private static RemoteAddressStrategy strategy(RemoteAddressStrategyFactory factory, String address, String where) {
        try {
            return factory.getRemoteAddressStrategy(address == null ? null : address.trim());
        } catch (AclException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException(where + ": [" + address + "] is not an address pattern (e.g. 10.0.0.5, 10.0.*.*,"
                + " 10.0.0.1-20, 10.0.0.{1,2})");
        }
    }

    /**
     * rocketmq-acl reads an unknown permission as DENY, as brokers do; say so rather than let a typo pass silently.
     */
    private static void warnAboutUnknownPermissions(File file, String where, PlainAccessConfig config) {
        List<String> values = new ArrayList<>();
        values.add(config.getDefaultTopicPerm());
        values.add(config.getDefaultGroupPerm());
        for (List<String> perms : List.of(nullToEmpty(config.getTopicPerms()), nullToEmpty(config.getGroupPerms()))) {
            for (String perm : perms) {
                int eq = perm == null ? -1 : perm.indexOf('=');
                values.add(eq < 0 ? perm : perm.substring(eq + 1));
            }
        }
        for (String value : values) {
            if (value != null && !PERMISSIONS.contains(value.trim())) {
                log.warn("ACL file {}: {} has permission [{}], which means DENY; use PUB, SUB, PUB|SUB or DENY", file, where,
                    value.trim());
            }
        }
    }

    private static List<String> nullToEmpty(List<String> list) {
        return list == null ? Collections.emptyList() : list;
    }

    /**
     * Where the YAML went wrong, by line and column only: the text around it could be a secret key.
     */
    private static String yamlProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException) {
                MarkedYAMLException marked = (MarkedYAMLException) t;
                Mark mark = marked.getProblemMark();
                String at = mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
                boolean syntax = t instanceof ScannerException || t instanceof ParserException;
                return (syntax ? "syntax error" : "unexpected content (unknown key or wrong type)") + at
                    + (syntax && marked.getProblem() != null ? ": " + marked.getProblem() : "");
            }
        }
        return "unexpected content (unknown key or wrong type)";
    }

    Account account(String accessKey) {
        return accessKey == null ? null : accounts.get(accessKey);
    }

    /**
     * @param peer a resource whose white remote address is the peer's IP address
     */
    boolean isGloballyWhiteListed(PlainAccessResource peer) {
        for (RemoteAddressStrategy strategy : globalWhiteList) {
            if (strategy.match(peer)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the first account that white-lists the peer's address, or null
     */
    Account whiteListedAccount(PlainAccessResource peer) {
        for (Account account : ordered) {
            if (account.isWhiteListed(peer)) {
                return account;
            }
        }
        return null;
    }

    public int size() {
        return accounts.size();
    }
}
