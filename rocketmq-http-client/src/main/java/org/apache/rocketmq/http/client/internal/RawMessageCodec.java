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
package org.apache.rocketmq.http.client.internal;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.rocketmq.http.client.Message;

/**
 * The raw form of a single produce request: the body bytes as they are, metadata in {@code X-RMQ-*}
 * headers. It spares a binary body the third that base64 adds in JSON, so that a body as large as
 * the proxy accepts fits in a request. Used only for metadata that a header carries unchanged.
 */
public final class RawMessageCodec {
    public static final String CONTENT_TYPE = "application/octet-stream";
    public static final String TRANSACTION_HEADER = "X-RMQ-Transaction";

    private static final String HEADER_PREFIX = "X-RMQ-";
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private RawMessageCodec() {
    }

    /**
     * Whether every piece of metadata fits a header: printable ASCII without surrounding blanks, keys
     * without commas (the header lists them comma-separated), property names that are header tokens
     * and distinct regardless of case.
     */
    public static boolean fits(Message message) {
        if (message.tag().isPresent() && !isHeaderValue(message.tag().get())) {
            return false;
        }
        for (String key : message.keys()) {
            if (!isHeaderValue(key) || key.indexOf(',') >= 0) {
                return false;
            }
        }
        if (message.messageGroup().isPresent() && !isHeaderValue(message.messageGroup().get())) {
            return false;
        }
        if (message.properties().isEmpty()) {
            return true;
        }
        Set<String> names = new HashSet<>();
        for (Map.Entry<String, String> property : message.properties().entrySet()) {
            if (!isToken(property.getKey()) || !isHeaderValue(property.getValue())
                || !names.add(property.getKey().toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }

    /** Puts the message's metadata on the request as headers; the caller checked {@link #fits(Message)}. */
    public static ApiRequest withHeaders(ApiRequest request, Message message) {
        request.contentType(CONTENT_TYPE);
        message.tag().ifPresent(tag -> request.header(HEADER_PREFIX + "Tag", tag));
        if (!message.keys().isEmpty()) {
            request.header(HEADER_PREFIX + "Keys", String.join(",", message.keys()));
        }
        message.messageGroup().ifPresent(group -> request.header(HEADER_PREFIX + "Message-Group", group));
        message.deliveryTimestamp().ifPresent(timestamp ->
            request.header(HEADER_PREFIX + "Delivery-Timestamp", Long.toString(timestamp)));
        message.properties().forEach((name, value) -> request.header(HEADER_PREFIX + "Property-" + name, value));
        return request;
    }

    private static boolean isHeaderValue(String value) {
        if (value.isEmpty() || value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ') {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean alphanumeric = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
            if (!alphanumeric && TOKEN_SYMBOLS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }
}
