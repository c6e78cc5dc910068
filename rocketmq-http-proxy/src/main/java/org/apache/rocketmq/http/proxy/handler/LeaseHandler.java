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
import java.util.concurrent.CompletableFuture;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;
import org.apache.rocketmq.http.proxy.common.ResourceNames;
import org.apache.rocketmq.http.proxy.server.HttpRequestContext;
import org.apache.rocketmq.http.proxy.server.HttpResult;
import org.apache.rocketmq.http.proxy.service.ConsumerService;

/**
 * {@code POST /v1/topics/{topic}/leases?group=G}: change how long a received message stays
 * invisible; {@code invisibleSeconds: 0} gives it back for redelivery (nack).
 */
public final class LeaseHandler {
    private final ConsumerService consumerService;

    public LeaseHandler(ConsumerService consumerService) {
        this.consumerService = consumerService;
    }

    public CompletableFuture<HttpResult> change(HttpRequestContext request) {
        String topic = ResourceNames.checkTopic(request.pathParam("topic"));
        String group = RequestParams.group(request);
        JsonNode body = RequestParams.jsonObject(request);
        JsonNode handle = RequestParams.field(body, "receiptHandle");
        if (!handle.isTextual()) {
            throw new HttpProxyException(ErrorCode.BAD_REQUEST, "receiptHandle must be a string");
        }
        JsonNode seconds = RequestParams.field(body, "invisibleSeconds");
        if (!seconds.isIntegralNumber() || seconds.longValue() < 0
            || seconds.longValue() > MessageHandler.MAX_INVISIBLE_SECONDS) {
            throw new HttpProxyException(ErrorCode.BAD_REQUEST, "invisibleSeconds must be an integer from 0 to "
                + MessageHandler.MAX_INVISIBLE_SECONDS);
        }
        return consumerService.changeInvisibility(topic, group, handle.textValue(), seconds.longValue() * 1000L)
            .thenApply(HttpResult::ok);
    }
}
