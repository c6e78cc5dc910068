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
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;
import org.apache.rocketmq.http.proxy.common.Json;
import org.apache.rocketmq.http.proxy.common.ResourceNames;
import org.apache.rocketmq.http.proxy.server.HttpRequestContext;

/**
 * Reading and checking query parameters and JSON fields; every violation is a 400 that names the
 * parameter and its allowed range.
 */
final class RequestParams {
    private RequestParams() {
    }

    static long longParam(HttpRequestContext request, String name, long defaultValue, long min, long max) {
        String raw = request.query(name);
        if (raw == null || raw.isEmpty()) {
            if (defaultValue < min) {
                throw new HttpProxyException(ErrorCode.BAD_REQUEST, "query parameter " + name + " is required");
            }
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new HttpProxyException(ErrorCode.BAD_REQUEST, "query parameter " + name + " must be an integer, got ["
                + ResourceNames.printable(raw) + "]");
        }
        if (value < min || value > max) {
            throw new HttpProxyException(ErrorCode.BAD_REQUEST, "query parameter " + name + " must be between " + min
                + " and " + max + ", got " + value);
        }
        return value;
    }

    static int intParam(HttpRequestContext request, String name, int defaultValue, int min, int max) {
        return (int) longParam(request, name, defaultValue, min, max);
    }

    /**
     * @return true, false, or null when absent
     */
    static Boolean booleanParam(HttpRequestContext request, String name) {
        String raw = request.query(name);
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        if (raw.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (raw.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new HttpProxyException(ErrorCode.BAD_REQUEST, "query parameter " + name + " must be true or false");
    }

    /**
     * @return the consumer group of the request, checked; missing is a 400
     */
    static String group(HttpRequestContext request) {
        String group = request.query("group");
        if (group == null || group.isEmpty()) {
            throw new HttpProxyException(ErrorCode.ILLEGAL_GROUP, "query parameter group is required");
        }
        return ResourceNames.checkGroup(group);
    }

    /**
     * @return the request body, which must be a JSON object
     */
    static JsonNode jsonObject(HttpRequestContext request) {
        JsonNode body = Json.parse(request.body());
        if (!body.isObject()) {
            throw new HttpProxyException(ErrorCode.BAD_REQUEST, "request body must be a JSON object");
        }
        return body;
    }

    static JsonNode field(JsonNode body, String name) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            throw new HttpProxyException(ErrorCode.BAD_REQUEST, "field " + name + " is required");
        }
        return n;
    }
}
