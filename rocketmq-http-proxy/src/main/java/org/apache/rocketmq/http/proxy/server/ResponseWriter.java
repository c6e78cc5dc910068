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
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;
import org.apache.rocketmq.http.proxy.auth.Authenticator;
import org.apache.rocketmq.http.proxy.common.ApiError;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.ErrorMapper;
import org.apache.rocketmq.http.proxy.quota.QuotaExceededException;

/**
 * Turns results and failures into Netty responses. The only place that sets Content-Length,
 * Connection and X-Request-Id.
 */
public final class ResponseWriter {
    public static final String REQUEST_ID = "X-Request-Id";

    private ResponseWriter() {
    }

    public static FullHttpResponse toResponse(HttpResult result, String requestId, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(result.status()), Unpooled.wrappedBuffer(result.body()));
        HttpHeaders h = response.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, result.contentType());
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, result.body().length);
        h.set(REQUEST_ID, requestId);
        for (Map.Entry<String, String> e : result.headers().entrySet()) {
            h.set(e.getKey(), e.getValue());
        }
        h.set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        return response;
    }

    public static HttpResult errorResult(Throwable t, String requestId) {
        ApiError error = ErrorMapper.toApiError(t, requestId);
        HttpResult result = HttpResult.json(error.errorCode().httpStatus(), error);
        if (t instanceof Router.MethodNotAllowedException) {
            result = result.withHeader("Allow", ((Router.MethodNotAllowedException) t).allow());
        }
        if (error.errorCode() == ErrorCode.UNAUTHORIZED) {
            result = result.withHeader("WWW-Authenticate", Authenticator.SIGNED_SCHEME);
        }
        Throwable cause = ErrorMapper.unwrap(t);
        if (cause instanceof QuotaExceededException) {
            for (Map.Entry<String, String> h : ((QuotaExceededException) cause).headers().entrySet()) {
                result = result.withHeader(h.getKey(), h.getValue());
            }
        } else if (error.errorCode().httpStatus() == 429 || error.errorCode().httpStatus() == 503) {
            result = result.withHeader("Retry-After", "1");
        }
        return result;
    }
}
