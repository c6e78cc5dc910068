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
package org.apache.rocketmq.http.proxy.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The error body of the API: {@code {"code", "error", "message", "requestId"}}. Entries of a batch
 * result carry it without a request id.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"code", "error", "message", "requestId"})
public final class ApiError {
    private final ErrorCode errorCode;
    private final String message;
    private final String requestId;

    public ApiError(ErrorCode errorCode, String message, String requestId) {
        this.errorCode = errorCode;
        this.message = message;
        this.requestId = requestId;
    }

    @JsonProperty("code")
    public int getCode() {
        return errorCode.code();
    }

    @JsonProperty("error")
    public String getError() {
        return errorCode.name();
    }

    @JsonProperty("message")
    public String getMessage() {
        return message;
    }

    @JsonProperty("requestId")
    public String getRequestId() {
        return requestId;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public ApiError withRequestId(String id) {
        return new ApiError(errorCode, message, id);
    }
}
