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

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;
import org.apache.rocketmq.http.proxy.common.ResourceNames;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.http.proxy.server.HttpRequestContext;
import org.apache.rocketmq.http.proxy.server.HttpResult;
import org.apache.rocketmq.http.proxy.service.QueueService;

/**
 * {@code /v1/topics/{topic}/queues}: the queues of a topic (with the brokers that cannot be asked now),
 * and reading one queue by offset (replay, no group state).
 */
public final class QueueHandler {
    private static final int MAX_READ = 32;

    private final HttpProxyConfig config;
    private final QueueService queueService;

    public QueueHandler(HttpProxyConfig config, QueueService queueService) {
        this.config = config;
        this.queueService = queueService;
    }

    public CompletableFuture<HttpResult> queues(HttpRequestContext request) {
        String topic = ResourceNames.checkTopic(request.pathParam("topic"));
        return queueService.queues(topic).thenApply(queues -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("queues", queues.getQueues());
            body.put("unavailableBrokers", queues.getUnavailableBrokers());
            return HttpResult.ok(body);
        });
    }

    public CompletableFuture<HttpResult> read(HttpRequestContext request) {
        String topic = ResourceNames.checkTopic(request.pathParam("topic"));
        String brokerName = request.pathParam("brokerName");
        if (brokerName.length() > 255 || ResourceNames.printable(brokerName).indexOf('?') >= 0) {
            throw new HttpProxyException(ErrorCode.BAD_REQUEST, "brokerName is malformed");
        }
        int queueId;
        try {
            queueId = Integer.parseInt(request.pathParam("queueId"));
        } catch (NumberFormatException e) {
            throw new HttpProxyException(ErrorCode.BAD_REQUEST, "queueId must be an integer");
        }
        if (queueId < 0) {
            throw new HttpProxyException(ErrorCode.BAD_REQUEST, "queueId must not be negative");
        }
        long offset = RequestParams.longParam(request, "offset", -1, 0, Long.MAX_VALUE);
        int max = RequestParams.intParam(request, "max", MAX_READ, 1, MAX_READ);
        int waitSeconds = RequestParams.intParam(request, "waitSeconds", 0, 0, MessageHandler.MAX_WAIT_SECONDS);
        String bodyEncoding = MessageRenderer.bodyEncoding(request.query("bodyEncoding"));
        String group = request.query("group") == null ? config.getRocketmq().getReplayConsumerGroup()
            : ResourceNames.checkGroup(request.query("group"));
        return queueService.read(topic, brokerName, queueId, offset, max, group, waitSeconds * 1000L).thenApply(page -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("messages", MessageRenderer.render(page.messages(), bodyEncoding));
            body.put("nextOffset", page.nextOffset());
            return HttpResult.ok(body);
        });
    }
}
