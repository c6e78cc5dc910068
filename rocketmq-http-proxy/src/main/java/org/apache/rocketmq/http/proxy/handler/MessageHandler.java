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
import org.apache.rocketmq.http.proxy.common.ErrorMapper;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;
import org.apache.rocketmq.http.proxy.common.ResourceNames;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.http.proxy.server.HttpRequestContext;
import org.apache.rocketmq.http.proxy.server.HttpResult;
import org.apache.rocketmq.http.proxy.service.OutgoingMessage;
import org.apache.rocketmq.http.proxy.service.ProducerService;

/**
 * {@code /v1/topics/{topic}/messages}: produce.
 */
public final class MessageHandler {
    static final String PRODUCER_GROUP_HEADER = "X-RMQ-Producer-Group";

    private final HttpProxyConfig config;
    private final ProducerService producerService;
    private final ProduceRequestParser parser;

    public MessageHandler(HttpProxyConfig config, ProducerService producerService) {
        this.config = config;
        this.producerService = producerService;
        this.parser = new ProduceRequestParser(config);
    }

    /**
     * {@code POST /v1/topics/{topic}/messages}: 200 with a receipt for one message; for a batch 200
     * when every entry was stored, else 207, with per-entry results in request order.
     */
    public CompletableFuture<HttpResult> produce(HttpRequestContext request) {
        String topic = ResourceNames.checkTopic(request.pathParam("topic"));
        String group = request.query("producerGroup");
        if (group == null) {
            group = request.header(PRODUCER_GROUP_HEADER);
        }
        group = ResourceNames.checkGroup(group == null ? config.getDefaultProducerGroup() : group);

        ProduceRequestParser.ProduceRequest produce = parser.parse(request);
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
