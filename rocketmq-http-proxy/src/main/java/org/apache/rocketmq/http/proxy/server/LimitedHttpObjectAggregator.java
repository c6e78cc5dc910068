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

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpContentException;
import io.netty.util.ReferenceCountUtil;
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

    /**
     * Passes the refused request on with a failed decoder result instead of answering it here, so the
     * dispatcher writes the 413 in request order behind the responses still pending on the connection.
     */
    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        HttpRequest request = (HttpRequest) oversized;
        boolean keepAlive = !(oversized instanceof FullHttpMessage) && HttpUtil.isKeepAlive(oversized)
            && !HttpUtil.is100ContinueExpected(oversized);
        FullHttpRequest refused = new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri(),
            Unpooled.buffer(0), request.headers().copy(), EmptyHttpHeaders.INSTANCE);
        HttpUtil.setKeepAlive(refused, keepAlive);
        refused.setDecoderResult(DecoderResult.failure(new TooLongHttpContentException(tooLargeMessage())));
        ctx.fireChannelRead(refused);
    }

    /**
     * A request that expects 100-continue and announces too large a body is refused before its body is
     * sent; Netty's own refusal has no body, so it is replaced by the API's error.
     */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof HttpResponse
            && ((HttpResponse) response).status().code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code()) {
            ReferenceCountUtil.release(response);
            String requestId = requestIds.from(start.headers().get(ResponseWriter.REQUEST_ID));
            HttpResult error = ResponseWriter.errorResult(new HttpProxyException(ErrorCode.PAYLOAD_TOO_LARGE,
                tooLargeMessage()), requestId);
            return ResponseWriter.toResponse(error, requestId, true);
        }
        return response;
    }

    private String tooLargeMessage() {
        return "request is larger than " + maxRequestBytes + " bytes";
    }
}
