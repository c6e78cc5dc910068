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
package org.apache.rocketmq.http.proxy.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;

/**
 * Aggregates request bodies up to the configured limit and answers a larger one with the API's 413
 * error. The connection stays open when the rest of the body can be skipped (a keep-alive request
 * whose Content-Length was announced), and is closed otherwise.
 */
final class LimitedHttpObjectAggregator extends HttpObjectAggregator {
    private final RequestIds requestIds;
    private final int maxRequestBytes;

    LimitedHttpObjectAggregator(int maxRequestBytes, RequestIds requestIds) {
        super(maxRequestBytes);
        this.maxRequestBytes = maxRequestBytes;
        this.requestIds = requestIds;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        String requestId = requestIds.from(oversized.headers().get(ResponseWriter.REQUEST_ID));
        boolean keepAlive = !(oversized instanceof FullHttpMessage) && HttpUtil.isKeepAlive(oversized)
            && !HttpUtil.is100ContinueExpected(oversized);
        HttpResult result = ResponseWriter.errorResult(new HttpProxyException(ErrorCode.PAYLOAD_TOO_LARGE,
            "request is larger than " + maxRequestBytes + " bytes"), requestId);
        FullHttpResponse response = ResponseWriter.toResponse(result, requestId, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
