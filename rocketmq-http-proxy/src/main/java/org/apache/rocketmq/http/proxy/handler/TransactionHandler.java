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
package org.apache.rocketmq.http.proxy.handler;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;
import org.apache.rocketmq.http.proxy.common.ResourceNames;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.http.proxy.server.HttpRequestContext;
import org.apache.rocketmq.http.proxy.server.HttpResult;
import org.apache.rocketmq.http.proxy.transaction.TransactionAction;
import org.apache.rocketmq.http.proxy.transaction.TransactionCheck;
import org.apache.rocketmq.http.proxy.transaction.TransactionService;

/**
 * {@code /v1/topics/{topic}/transactions?producerGroup=G}: end a transaction (commit or roll back its
 * half message), and long-poll the brokers' check-back questions about open ones.
 */
public final class TransactionHandler {
    static final int DEFAULT_WAIT_SECONDS = 20;
    static final int MAX_WAIT_SECONDS = 30;

    private final HttpProxyConfig config;
    private final TransactionService transactionService;

    public TransactionHandler(HttpProxyConfig config, TransactionService transactionService) {
        this.config = config;
        this.transactionService = transactionService;
    }

    /**
     * {@code POST}: {@code {"transactionHandle": "...", "action": "COMMIT" | "ROLLBACK"}}, answered
     * {@code {"status": "COMMITTED" | "ROLLED_BACK"}}.
     */
    public CompletableFuture<HttpResult> end(HttpRequestContext request) {
        String topic = ResourceNames.checkTopic(request.pathParam("topic"));
        String group = MessageHandler.producerGroup(request, config);
        JsonNode body = RequestParams.jsonObject(request);
        JsonNode handle = RequestParams.field(body, "transactionHandle");
        if (!handle.isTextual()) {
            throw new HttpProxyException(ErrorCode.ILLEGAL_TRANSACTION_HANDLE, "transactionHandle must be a string");
        }
        JsonNode actionNode = RequestParams.field(body, "action");
        TransactionAction action = actionNode.isTextual() ? TransactionAction.parse(actionNode.textValue()) : null;
        if (action == null) {
            throw new HttpProxyException(ErrorCode.BAD_REQUEST, "action must be COMMIT or ROLLBACK");
        }
        return transactionService.end(topic, group, handle.textValue(), action)
            .thenApply(done -> HttpResult.ok(Map.of("status", done.status())));
    }

    /**
     * {@code GET}: a long poll that answers as soon as at least one question is there, or with an
     * empty list after {@code waitSeconds}.
     */
    public CompletableFuture<HttpResult> checks(HttpRequestContext request) {
        String topic = ResourceNames.checkTopic(request.pathParam("topic"));
        String group = MessageHandler.producerGroup(request, config);
        int waitSeconds = RequestParams.intParam(request, "waitSeconds", DEFAULT_WAIT_SECONDS, 0, MAX_WAIT_SECONDS);
        String bodyEncoding = MessageRenderer.bodyEncoding(request.query("bodyEncoding"));
        return transactionService.checks(topic, group, waitSeconds * 1000L).thenApply(checks -> {
            List<Map<String, Object>> out = new ArrayList<>(checks.size());
            for (TransactionCheck c : checks) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("transactionHandle", c.transactionHandle());
                json.put("messageId", c.messageId());
                json.put("checkAttempt", c.checkAttempt());
                json.put("tag", c.tag());
                json.put("keys", c.keys());
                json.put("properties", c.properties());
                MessageRenderer.putBody(json, c.body(), bodyEncoding);
                out.add(json);
            }
            return HttpResult.ok(Map.of("checks", out));
        });
    }
}
