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

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.rocketmq.common.filter.ExpressionType;
import org.apache.rocketmq.filter.FilterFactory;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.ErrorMapper;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;
import org.apache.rocketmq.http.proxy.common.ResourceNames;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.http.proxy.server.HttpRequestContext;
import org.apache.rocketmq.http.proxy.server.HttpResult;
import org.apache.rocketmq.http.proxy.service.ConsumerService;
import org.apache.rocketmq.http.proxy.service.OutgoingMessage;
import org.apache.rocketmq.http.proxy.service.ProducerService;
import org.apache.rocketmq.http.proxy.transaction.TransactionService;
import org.apache.rocketmq.remoting.protocol.heartbeat.SubscriptionData;

/**
 * {@code /v1/topics/{topic}/messages}: produce (half messages of transactions too) and receive.
 */
public final class MessageHandler {
    static final String PRODUCER_GROUP_HEADER = "X-RMQ-Producer-Group";

    static final int DEFAULT_MAX = 16;
    static final int MAX_MAX = 32;
    static final int DEFAULT_WAIT_SECONDS = 20;
    static final int MAX_WAIT_SECONDS = 30;
    static final int DEFAULT_INVISIBLE_SECONDS = 60;
    static final int MIN_INVISIBLE_SECONDS = 10;
    static final int MAX_INVISIBLE_SECONDS = 43200;
    private static final int MAX_FILTER_LENGTH = 4096;

    private final HttpProxyConfig config;
    private final ProducerService producerService;
    private final ConsumerService consumerService;
    private final TransactionService transactionService;
    private final ProduceRequestParser parser;

    public MessageHandler(HttpProxyConfig config, ProducerService producerService, ConsumerService consumerService,
        TransactionService transactionService) {
        this.config = config;
        this.producerService = producerService;
        this.consumerService = consumerService;
        this.transactionService = transactionService;
        this.parser = new ProduceRequestParser(config);
    }

    /**
     * {@code GET /v1/topics/{topic}/messages?group=G}: a long poll that answers as soon as at least
     * one message is there, or with an empty list after {@code waitSeconds}.
     */
    public CompletableFuture<HttpResult> receive(HttpRequestContext request) {
        String topic = ResourceNames.checkTopic(request.pathParam("topic"));
        String group = RequestParams.group(request);
        int max = RequestParams.intParam(request, "max", DEFAULT_MAX, 1, MAX_MAX);
        int waitSeconds = RequestParams.intParam(request, "waitSeconds", DEFAULT_WAIT_SECONDS, 0, MAX_WAIT_SECONDS);
        int invisibleSeconds = RequestParams.intParam(request, "invisibleSeconds", DEFAULT_INVISIBLE_SECONDS,
            MIN_INVISIBLE_SECONDS, MAX_INVISIBLE_SECONDS);
        Boolean order = RequestParams.booleanParam(request, "order");
        String bodyEncoding = MessageRenderer.bodyEncoding(request.query("bodyEncoding"));
        String tag = request.query("tag");
        String sql = request.query("sql");
        String expressionType;
        String expression;
        if (tag != null && sql != null) {
            throw new HttpProxyException(ErrorCode.ILLEGAL_FILTER, "use either tag or sql, not both");
        }
        if (sql != null) {
            expressionType = ExpressionType.SQL92;
            expression = checkSql(sql);
        } else {
            expressionType = ExpressionType.TAG;
            expression = checkTagExpression(tag == null ? SubscriptionData.SUB_ALL : tag);
        }
        ConsumerService.ReceiveRequest receive = new ConsumerService.ReceiveRequest(topic, group, max,
            waitSeconds * 1000L, invisibleSeconds * 1000L, expressionType, expression, order);
        return consumerService.receive(receive)
            .thenApply(messages -> HttpResult.ok(Map.of("messages", MessageRenderer.render(messages, bodyEncoding))));
    }

    static String checkTagExpression(String tag) {
        if (tag.isBlank() || tag.length() > MAX_FILTER_LENGTH) {
            throw new HttpProxyException(ErrorCode.ILLEGAL_FILTER, "tag expression must be 1 to " + MAX_FILTER_LENGTH
                + " characters, e.g. TagA||TagB or *");
        }
        for (int i = 0; i < tag.length(); i++) {
            if (Character.isISOControl(tag.charAt(i))) {
                throw new HttpProxyException(ErrorCode.ILLEGAL_FILTER, "tag expression must not contain control characters");
            }
        }
        return tag;
    }

    static String checkSql(String sql) {
        if (sql.isBlank() || sql.length() > MAX_FILTER_LENGTH) {
            throw new HttpProxyException(ErrorCode.ILLEGAL_FILTER, "sql must be 1 to " + MAX_FILTER_LENGTH + " characters");
        }
        try {
            FilterFactory.INSTANCE.get(ExpressionType.SQL92).compile(sql);
        } catch (Exception e) {
            throw new HttpProxyException(ErrorCode.ILLEGAL_FILTER, "sql does not compile: "
                + ResourceNames.printable(String.valueOf(e.getMessage())));
        }
        return sql;
    }

    /**
     * @return the producer group of the request (query, else header, else the default), checked
     */
    static String producerGroup(HttpRequestContext request, HttpProxyConfig config) {
        String group = request.query("producerGroup");
        if (group == null) {
            group = request.header(PRODUCER_GROUP_HEADER);
        }
        return ResourceNames.checkGroup(group == null ? config.getRocketmq().getDefaultProducerGroup() : group);
    }

    /**
     * {@code POST /v1/topics/{topic}/messages}: 200 with a receipt for one message; for a batch 200
     * when every entry was stored, else 207, with per-entry results in request order.
     */
    public CompletableFuture<HttpResult> produce(HttpRequestContext request) {
        String topic = ResourceNames.checkTopic(request.pathParam("topic"));
        String group = producerGroup(request, config);

        ProduceRequestParser.ProduceRequest produce = parser.parse(request);
        if (produce.transaction) {
            return transactionService.sendHalf(group, topic, (OutgoingMessage) produce.entries.get(0)).thenApply(HttpResult::ok);
        }
        if (!produce.batch) {
            Object only = produce.entries.get(0);
            if (only instanceof HttpProxyException) {
                throw (HttpProxyException) only;
            }
            return producerService.send(group, topic, (OutgoingMessage) only).thenApply(HttpResult::ok);
        }

        List<OutgoingMessage> valid = new ArrayList<>(produce.entries.size());
        for (Object e : produce.entries) {
            if (e instanceof OutgoingMessage) {
                valid.add((OutgoingMessage) e);
            }
        }
        return producerService.sendBatch(group, topic, valid).thenApply(outcomes -> {
            List<Object> results = new ArrayList<>(produce.entries.size());
            boolean allOk = true;
            int next = 0;
            for (Object e : produce.entries) {
                Object outcome = e instanceof OutgoingMessage ? outcomes.get(next++) : e;
                if (outcome instanceof Throwable) {
                    allOk = false;
                    results.add(Collections.singletonMap("error", ErrorMapper.toApiError((Throwable) outcome, null)));
                } else {
                    results.add(outcome);
                }
            }
            return HttpResult.json(allOk ? 200 : 207, Map.of("results", results));
        });
    }
}
