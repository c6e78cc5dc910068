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
package org.apache.rocketmq.http.proxy.transaction;

import java.util.List;
import java.util.Map;

/**
 * A check-back question as HTTP producers get it: the half message the broker asks about, and a
 * handle that ends the transaction through the copy of the half message that the question is about.
 */
public final class TransactionCheck {
    private final String transactionHandle;
    private final String messageId;
    private final int checkAttempt;
    private final String tag;
    private final List<String> keys;
    private final Map<String, String> properties;
    private final byte[] body;

    TransactionCheck(String transactionHandle, String messageId, int checkAttempt, String tag, List<String> keys,
        Map<String, String> properties, byte[] body) {
        this.transactionHandle = transactionHandle;
        this.messageId = messageId;
        this.checkAttempt = checkAttempt;
        this.tag = tag;
        this.keys = keys;
        this.properties = properties;
        this.body = body;
    }

    public String transactionHandle() {
        return transactionHandle;
    }

    public String messageId() {
        return messageId;
    }

    /**
     * @return how often the broker has asked about this transaction, 1 the first time
     */
    public int checkAttempt() {
        return checkAttempt;
    }

    public String tag() {
        return tag;
    }

    public List<String> keys() {
        return keys;
    }

    public Map<String, String> properties() {
        return properties;
    }

    public byte[] body() {
        return body;
    }
}
