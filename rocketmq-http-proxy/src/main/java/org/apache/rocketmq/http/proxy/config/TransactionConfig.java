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
 * Transactional messages: how transaction handles are sealed and for how long they are valid, and
 * the proxy's own topics and consumer group that keep end records and check-back questions in
 * RocketMQ. Keys share the proxy's properties file.
 */
public class TransactionConfig {
    /**
     * Keys that seal transaction handles, comma separated, each at least 16 characters. The first one
     * seals, every one opens, so a key is rotated by adding the new one, then moving it first, then
     * dropping the old one. Empty: a random key of this process, so handles work on this proxy only.
     */
    private String transactionHandleSecret = "";
    private int transactionHandleTtlSeconds = 3600;
    /** Topic of the end records, one per ended transaction; it must exist on every broker of transactional topics. */
    private String transactionEndTopic = "HTTP_PROXY_TRANSACTION_END";
    /** Topic of the broker's check-back questions, waiting for an HTTP producer to answer them. */
    private String transactionCheckTopic = "HTTP_PROXY_TRANSACTION_CHECK";
    /** Consumer group through which every proxy takes questions from {@link #transactionCheckTopic}. */
    private String transactionCheckGroup = "HTTP_PROXY_TRANSACTION_CHECK";
    /**
     * How long a recorded commit may stay undelivered before a check of its transaction delivers it:
     * the time the proxy that recorded it has to end it itself.
     */
    private int transactionEndGraceSeconds = 60;

    public String getTransactionHandleSecret() {
        return transactionHandleSecret;
    }

    public void setTransactionHandleSecret(String transactionHandleSecret) {
        this.transactionHandleSecret = transactionHandleSecret;
    }

    public int getTransactionHandleTtlSeconds() {
        return transactionHandleTtlSeconds;
    }

    public void setTransactionHandleTtlSeconds(int transactionHandleTtlSeconds) {
        this.transactionHandleTtlSeconds = transactionHandleTtlSeconds;
    }

    public String getTransactionEndTopic() {
        return transactionEndTopic;
    }

    public void setTransactionEndTopic(String transactionEndTopic) {
        this.transactionEndTopic = transactionEndTopic;
    }

    public String getTransactionCheckTopic() {
        return transactionCheckTopic;
    }

    public void setTransactionCheckTopic(String transactionCheckTopic) {
        this.transactionCheckTopic = transactionCheckTopic;
    }

    public String getTransactionCheckGroup() {
        return transactionCheckGroup;
    }

    public void setTransactionCheckGroup(String transactionCheckGroup) {
        this.transactionCheckGroup = transactionCheckGroup;
    }

    public int getTransactionEndGraceSeconds() {
        return transactionEndGraceSeconds;
    }

    public void setTransactionEndGraceSeconds(int transactionEndGraceSeconds) {
        this.transactionEndGraceSeconds = transactionEndGraceSeconds;
    }
}
