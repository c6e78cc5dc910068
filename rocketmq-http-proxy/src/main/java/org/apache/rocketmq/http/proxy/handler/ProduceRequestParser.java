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
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;
import org.apache.rocketmq.http.proxy.common.Json;
import org.apache.rocketmq.http.proxy.common.MessageProperties;
import org.apache.rocketmq.http.proxy.common.ResourceNames;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.http.proxy.server.HttpRequestContext;
import org.apache.rocketmq.http.proxy.service.OutgoingMessage;

/**
 * Reads a produce request, JSON (one message or {@code {"messages": [...]}}) or raw body with
 * {@code X-RMQ-*} headers, and applies every rule of the contract to each message. In a batch a bad
 * entry becomes that entry's error; anything wrong with the request as a whole is thrown.
 */
final class ProduceRequestParser {
    static final String HEADER_PREFIX = "X-RMQ-";
    static final String PROPERTY_HEADER_PREFIX = "X-RMQ-Property-";

    private final HttpProxyConfig config;

    ProduceRequestParser(HttpProxyConfig config) {
        this.config = config;
    }

    /**
     * A parsed request: whether it was a batch, and per entry an {@link OutgoingMessage} or the
     * {@link HttpProxyException} that entry was refused with; or the one half message of a transaction.
     */
    static final class ProduceRequest {
        final boolean batch;
        final List<Object> entries;
        final boolean transaction;

        ProduceRequest(boolean batch, List<Object> entries) {
            this(batch, entries, false);
        }

        private ProduceRequest(boolean batch, List<Object> entries, boolean transaction) {
            this.batch = batch;
            this.entries = entries;
            this.transaction = transaction;
        }

        static ProduceRequest halfMessage(OutgoingMessage message) {
            return new ProduceRequest(false, Collections.singletonList(message), true);
        }
    }

    ProduceRequest parse(HttpRequestContext request) {
        String contentType = request.header("Content-Type");
        if (isJson(contentType)) {
            return parseJson(request.body());
        }
        OutgoingMessage message = parseRaw(request);
        String transaction = request.header(HEADER_PREFIX + "Transaction");
        if (transaction != null && !transaction.trim().equalsIgnoreCase("false")) {
            if (!transaction.trim().equalsIgnoreCase("true")) {
                throw illegal("X-RMQ-Transaction must be true or false");
            }
            return ProduceRequest.halfMessage(checkHalf(message));
        }
        return new ProduceRequest(false, Collections.singletonList(message));
    }

    /**
     * A half message is delivered when its transaction commits, to any queue: a message group or a
     * delivery time would promise what the broker cannot keep for it.
     */
    private static OutgoingMessage checkHalf(OutgoingMessage message) {
        if (message.messageGroup() != null) {
            throw illegal("a transaction message cannot have a messageGroup");
        }
        if (message.deliveryTimestamp() != 0) {
            throw illegal("a transaction message cannot have a deliveryTimestamp");
        }
        return message;
    }

    private static boolean transactionFlag(JsonNode m) {
        JsonNode n = m.get("transaction");
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw illegal("transaction must be true or false");
        }
        return n.booleanValue();
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        String mime = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!mime.equals("application/json") && !(mime.startsWith("application/") && mime.endsWith("+json"))) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("charset=")) {
                String cs = p.substring("charset=".length()).replace("\"", "");
                if (!cs.equals("utf-8") && !cs.equals("utf8")) {
                    throw new HttpProxyException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "JSON must be sent as UTF-8, not " + cs);
                }
            }
        }
        return true;
    }

    private ProduceRequest parseJson(byte[] body) {
        JsonNode root = Json.parse(body);
        if (!root.isObject()) {
            throw new HttpProxyException(ErrorCode.BAD_REQUEST, "request body must be a JSON object");
        }
        JsonNode messages = root.get("messages");
        if (messages == null || messages.isNull()) {
            if (transactionFlag(root)) {
                return ProduceRequest.halfMessage(checkHalf(parseMessage(root)));
            }
            return new ProduceRequest(false, Collections.singletonList(parseMessage(root)));
        }
        if (transactionFlag(root)) {
            throw illegal("transaction messages cannot be sent in a batch");
        }
        if (!messages.isArray()) {
            throw new HttpProxyException(ErrorCode.BAD_REQUEST, "messages must be an array");
        }
        if (messages.isEmpty()) {
            throw new HttpProxyException(ErrorCode.BAD_REQUEST, "messages must not be empty");
        }
        if (messages.size() > config.getLimits().getMaxBatchMessages()) {
            throw new HttpProxyException(ErrorCode.BAD_REQUEST, "a batch holds at most " + config.getLimits().getMaxBatchMessages()
                + " messages, got " + messages.size());
        }
        List<Object> entries = new ArrayList<>(messages.size());
        for (JsonNode m : messages) {
            if (m.path("transaction").isBoolean() && m.path("transaction").booleanValue()) {
                throw illegal("transaction messages cannot be sent in a batch");
            }
            try {
                if (!m.isObject()) {
                    throw illegal("each entry of messages must be a JSON object");
                }
                entries.add(parseMessage(m));
            } catch (HttpProxyException e) {
                entries.add(e);
            }
        }
        return new ProduceRequest(true, entries);
    }

    private OutgoingMessage parseMessage(JsonNode m) {
        String encoding = optionalText(m, "bodyEncoding");
        JsonNode bodyNode = m.get("body");
        if (bodyNode == null || bodyNode.isNull()) {
            throw illegal("body is required");
        }
        if (!bodyNode.isTextual()) {
            throw illegal("body must be a string");
        }
        byte[] body = decodeBody(bodyNode.textValue(), encoding);
        String tag = optionalText(m, "tag");
        List<String> keys = null;
        JsonNode keysNode = m.get("keys");
        if (keysNode != null && !keysNode.isNull()) {
            if (!keysNode.isArray()) {
                throw illegal("keys must be an array of strings");
            }
            keys = new ArrayList<>(keysNode.size());
            for (JsonNode k : keysNode) {
                if (!k.isTextual()) {
                    throw illegal("keys must be an array of strings");
                }
                keys.add(k.textValue());
            }
        }
        Map<String, String> properties = null;
        JsonNode propsNode = m.get("properties");
        if (propsNode != null && !propsNode.isNull()) {
            if (!propsNode.isObject()) {
                throw illegal("properties must be an object of string values");
            }
            properties = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = propsNode.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw illegal("property [" + ResourceNames.printable(e.getKey()) + "] must have a string value");
                }
                properties.put(e.getKey(), e.getValue().textValue());
            }
        }
        String messageGroup = optionalText(m, "messageGroup");
        long deliveryTimestamp = 0;
        JsonNode ts = m.get("deliveryTimestamp");
        if (ts != null && !ts.isNull()) {
            if (!ts.isIntegralNumber() || !ts.canConvertToLong()) {
                throw illegal("deliveryTimestamp must be an integer (epoch milliseconds)");
            }
            deliveryTimestamp = ts.longValue();
        }
        return build(body, tag, keys, properties, messageGroup, deliveryTimestamp);
    }

    private OutgoingMessage parseRaw(HttpRequestContext request) {
        byte[] body = request.body();
        checkBodySize(body);
        String tag = headerText(request.header(HEADER_PREFIX + "Tag"));
        List<String> keys = null;
        String keysHeader = headerText(request.header(HEADER_PREFIX + "Keys"));
        if (keysHeader != null) {
            keys = new ArrayList<>();
            for (String k : keysHeader.split(",", -1)) {
                keys.add(k.trim());
            }
        }
        String messageGroup = headerText(request.header(HEADER_PREFIX + "Message-Group"));
        long deliveryTimestamp = 0;
        String ts = request.header(HEADER_PREFIX + "Delivery-Timestamp");
        if (ts != null) {
            try {
                deliveryTimestamp = Long.parseLong(ts.trim());
            } catch (NumberFormatException e) {
                throw illegal("X-RMQ-Delivery-Timestamp must be an integer (epoch milliseconds)");
            }
        }
        Map<String, String> properties = null;
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            String name = h.getKey();
            if (name.regionMatches(true, 0, PROPERTY_HEADER_PREFIX, 0, PROPERTY_HEADER_PREFIX.length())) {
                if (properties == null) {
                    properties = new LinkedHashMap<>();
                }
                properties.put(name.substring(PROPERTY_HEADER_PREFIX.length()), headerText(h.getValue()));
            }
        }
        return build(body, tag, keys, properties, messageGroup, deliveryTimestamp);
    }

    private OutgoingMessage build(byte[] body, String tag, List<String> keys, Map<String, String> properties,
        String messageGroup, long deliveryTimestamp) {
        int metadataBytes = 0;
        if (tag != null) {
            checkText("tag", tag);
            if (tag.indexOf('|') >= 0) {
                throw illegal("tag must not contain '|'");
            }
            metadataBytes += utf8Length(tag);
        }
        if (keys != null) {
            for (String k : keys) {
                checkText("key", k);
                for (int i = 0; i < k.length(); i++) {
                    if (Character.isWhitespace(k.charAt(i))) {
                        throw illegal("key [" + ResourceNames.printable(k) + "] must not contain white space");
                    }
                }
                metadataBytes += utf8Length(k) + 1;
            }
        }
        if (properties != null) {
            if (properties.size() > config.getLimits().getMaxProperties()) {
                throw illegal("a message has at most " + config.getLimits().getMaxProperties() + " properties, got "
                    + properties.size());
            }
            for (Map.Entry<String, String> p : properties.entrySet()) {
                checkText("property name", p.getKey());
                if (MessageProperties.isSystem(p.getKey())) {
                    throw illegal("property [" + p.getKey() + "] is reserved by RocketMQ");
                }
                String value = p.getValue();
                if (value == null) {
                    throw illegal("property [" + ResourceNames.printable(p.getKey()) + "] has no value");
                }
                checkControlChars("property [" + ResourceNames.printable(p.getKey()) + "]", value);
                metadataBytes += utf8Length(p.getKey()) + utf8Length(value) + 2;
            }
        }
        if (messageGroup != null) {
            checkText("messageGroup", messageGroup);
            metadataBytes += utf8Length(messageGroup);
        }
        if (metadataBytes > config.getLimits().getMaxPropertiesBytes()) {
            throw new HttpProxyException(ErrorCode.PAYLOAD_TOO_LARGE, "tag, keys and properties of a message take at most "
                + config.getLimits().getMaxPropertiesBytes() + " bytes, got " + metadataBytes);
        }
        if (deliveryTimestamp != 0) {
            if (messageGroup != null) {
                throw illegal("deliveryTimestamp cannot be combined with messageGroup");
            }
            if (deliveryTimestamp < 0) {
                throw illegal("deliveryTimestamp must be positive");
            }
            long latest = System.currentTimeMillis() + config.getLimits().getMaxDelayMillis();
            if (deliveryTimestamp > latest) {
                throw illegal("deliveryTimestamp is more than " + config.getLimits().getMaxDelayMillis() / 1000 + " s ahead");
            }
        }
        return new OutgoingMessage(body, tag, keys, properties, messageGroup, deliveryTimestamp);
    }

    private byte[] decodeBody(String text, String encoding) {
        byte[] body;
        if (encoding == null || encoding.equalsIgnoreCase("utf-8") || encoding.equalsIgnoreCase("utf8")) {
            body = text.getBytes(StandardCharsets.UTF_8);
        } else if (encoding.equalsIgnoreCase("base64")) {
            try {
                body = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw illegal("body is not valid base64: " + e.getMessage());
            }
        } else {
            throw illegal("bodyEncoding must be utf-8 or base64, not [" + ResourceNames.printable(encoding) + "]");
        }
        checkBodySize(body);
        return body;
    }

    private void checkBodySize(byte[] body) {
        if (body == null || body.length == 0) {
            throw illegal("body must not be empty");
        }
        if (body.length > config.getLimits().getMaxBodyBytes()) {
            throw new HttpProxyException(ErrorCode.PAYLOAD_TOO_LARGE, "message body is " + body.length
                + " bytes, the limit is " + config.getLimits().getMaxBodyBytes());
        }
    }

    private static String optionalText(JsonNode m, String field) {
        JsonNode n = m.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw illegal(field + " must be a string");
        }
        return n.textValue();
    }

    /**
     * Header values arrive as ISO-8859-1 characters; the API defines them as UTF-8. Bytes that are not
     * UTF-8 are refused rather than stored as replacement characters.
     */
    static String headerText(String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0x7F) {
                try {
                    return StandardCharsets.UTF_8.newDecoder()
                        .decode(ByteBuffer.wrap(value.getBytes(StandardCharsets.ISO_8859_1))).toString();
                } catch (CharacterCodingException e) {
                    throw illegal("X-RMQ-* header values must be UTF-8");
                }
            }
        }
        return value;
    }

    private static void checkText(String what, String value) {
        if (value.isEmpty()) {
            throw illegal(what + " must not be empty");
        }
        checkControlChars(what, value);
    }

    private static void checkControlChars(String what, String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw illegal(what + " must not contain control characters");
            }
        }
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static HttpProxyException illegal(String message) {
        return new HttpProxyException(ErrorCode.ILLEGAL_MESSAGE, message);
    }
}
