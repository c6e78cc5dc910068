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

/**
 * The error codes of the HTTP API: HTTP status times 100 plus a sub-code, in the style of RocketMQ 5's
 * {@code Code}. The HTTP status of an error is always {@code code / 100}.
 */
public enum ErrorCode {
    BAD_REQUEST(40000),
    ILLEGAL_TOPIC(40001),
    ILLEGAL_GROUP(40002),
    ILLEGAL_MESSAGE(40003),
    ILLEGAL_RECEIPT_HANDLE(40004),
    ILLEGAL_FILTER(40005),
    ILLEGAL_TRANSACTION_HANDLE(40006),
    UNAUTHORIZED(40100),
    FORBIDDEN(40300),
    NOT_FOUND(40401),
    TOPIC_NOT_FOUND(40402),
    GROUP_NOT_FOUND(40403),
    METHOD_NOT_ALLOWED(40500),
    TRANSACTION_ALREADY_ENDED(40900),
    RECEIPT_HANDLE_EXPIRED(41000),
    TRANSACTION_HANDLE_EXPIRED(41001),
    PAYLOAD_TOO_LARGE(41300),
    URI_TOO_LONG(41400),
    UNSUPPORTED_MEDIA_TYPE(41500),
    TOO_MANY_REQUESTS(42900),
    REQUEST_HEADER_FIELDS_TOO_LARGE(43100),
    INTERNAL_ERROR(50000),
    BROKER_UNAVAILABLE(50300),
    BROKER_TIMEOUT(50400),
    HTTP_VERSION_NOT_SUPPORTED(50500);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public int httpStatus() {
        return code / 100;
    }
}
