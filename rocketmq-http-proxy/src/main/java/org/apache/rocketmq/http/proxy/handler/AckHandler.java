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
import org.apache.rocketmq.http.proxy.common.ErrorMapper;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;
import org.apache.rocketmq.http.proxy.common.ResourceNames;
import org.apache.rocketmq.http.proxy.server.HttpRequestContext;
import org.apache.rocketmq.http.proxy.server.HttpResult;
import org.apache.rocketmq.http.proxy.service.ConsumerService;

/**
 * {@code POST /v1/topics/{topic}/acks?group=G}: acknowledge received messages by receipt handle.
 */
public final class AckHandler {
    static final int MAX_HANDLES = 256;

    private final ConsumerService consumerService;

    public AckHandler(ConsumerService consumerService) {
        this.consumerService = consumerService;
    }

    /**
     * 200 when every handle was acked, else 207; one result per handle, in request order.
     */
    public CompletableFuture<HttpResult> ack(HttpRequestContext request) {
        String topic = ResourceNames.checkTopic(request.pathParam("topic"));
        String group = RequestParams.group(request);
        JsonNode body = RequestParams.jsonObject(request);
        JsonNode handlesNode = RequestParams.field(body, "receiptHandles");
        if (!handlesNode.isArray() || handlesNode.isEmpty() || handlesNode.size() > MAX_HANDLES) {
            throw new HttpProxyException(ErrorCode.BAD_REQUEST, "receiptHandles must be an array of 1 to " + MAX_HANDLES
                + " strings");
        }
        List<String> handles = new ArrayList<>(handlesNode.size());
        for (JsonNode h : handlesNode) {
            if (!h.isTextual()) {
                throw new HttpProxyException(ErrorCode.BAD_REQUEST, "receiptHandles must be an array of strings");
            }
            handles.add(h.textValue());
        }
        return consumerService.ack(topic, group, handles).thenApply(outcomes -> {
            List<Map<String, Object>> results = new ArrayList<>(outcomes.size());
            boolean allOk = true;
            for (int i = 0; i < outcomes.size(); i++) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("receiptHandle", handles.get(i));
                Throwable t = outcomes.get(i);
                if (t == null) {
                    r.put("status", "OK");
                } else {
                    allOk = false;
                    r.put("error", ErrorMapper.toApiError(t, null));
                }
                results.add(r);
            }
            return HttpResult.json(allOk ? 200 : 207, Map.of("results", results));
        });
    }
}
