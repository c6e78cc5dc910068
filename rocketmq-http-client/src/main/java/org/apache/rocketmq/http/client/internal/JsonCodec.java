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

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.rocketmq.http.client.BatchResult;
import org.apache.rocketmq.http.client.Message;
import org.apache.rocketmq.http.client.ProxyInfo;
import org.apache.rocketmq.http.client.ProxyList;
import org.apache.rocketmq.http.client.ReceivedMessage;
import org.apache.rocketmq.http.client.SendReceipt;
import org.apache.rocketmq.http.client.TopicQueue;
import org.apache.rocketmq.http.client.TransactionCheck;

/** The JSON bodies of the contract, in and out. Reads leniently: unknown fields are ignored. */
public final class JsonCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonCodec() {
    }

    public static byte[] message(Message message) {
        return write(messageNode(message));
    }

    /** The half message of a transaction: the message with {@code "transaction": true}. */
    public static byte[] halfMessage(Message message) {
        return write(messageNode(message).put("transaction", true));
    }

    public static byte[] transactionEnd(String handle, String action) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("transactionHandle", handle);
        root.put("action", action);
        return write(root);
    }

    /** The handle of a half message's answer. */
    public static String transactionHandle(ApiResponse response) {
        String handle = text(object(response), "transactionHandle");
        if (handle == null || handle.isEmpty()) {
            throw ErrorMapper.invalidResponse(response.status(), response.requestId(), "no transactionHandle in the answer",
                null);
        }
        return handle;
    }

    /** Checks that an end answered the expected status, e.g. {@code COMMITTED}. */
    public static Void transactionStatus(ApiResponse response, String expected) {
        String status = text(object(response), "status");
        if (!expected.equals(status)) {
            throw ErrorMapper.invalidResponse(response.status(), response.requestId(), "expected status " + expected
                + ", got " + status, null);
        }
        return null;
    }

    public static List<TransactionCheck> checks(ApiResponse response, String topic) {
        return list(response, "checks", node -> new TransactionCheck(topic, text(node, "messageId"),
            node.path("checkAttempt").asInt(1), text(node, "tag"), keys(node), properties(node), body(node),
            text(node, "transactionHandle")));
    }

    public static byte[] batch(List<Message> messages) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode array = root.putArray("messages");
        for (Message message : messages) {
            array.add(messageNode(message));
        }
        return write(root);
    }

    private static ObjectNode messageNode(Message message) {
        ObjectNode node = MAPPER.createObjectNode();
        if (message.hasTextBody()) {
            node.put("body", new String(message.body(), StandardCharsets.UTF_8));
            node.put("bodyEncoding", "utf-8");
        } else {
            node.put("body", Base64.getEncoder().encodeToString(message.body()));
            node.put("bodyEncoding", "base64");
        }
        message.tag().ifPresent(tag -> node.put("tag", tag));
        if (!message.keys().isEmpty()) {
            ArrayNode keys = node.putArray("keys");
            message.keys().forEach(keys::add);
        }
        if (!message.properties().isEmpty()) {
            ObjectNode properties = node.putObject("properties");
            message.properties().forEach(properties::put);
        }
        message.messageGroup().ifPresent(group -> node.put("messageGroup", group));
        message.deliveryTimestamp().ifPresent(timestamp -> node.put("deliveryTimestamp", timestamp));
        return node;
    }

    public static byte[] receiptHandles(Collection<String> handles) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode array = root.putArray("receiptHandles");
        handles.forEach(array::add);
        return write(root);
    }

    public static byte[] lease(String receiptHandle, long invisibleSeconds) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("receiptHandle", receiptHandle);
        root.put("invisibleSeconds", invisibleSeconds);
        return write(root);
    }

    /**
     * Reads the answer of a single send as it streams by, without a tree: this runs on every send.
     */
    public static SendReceipt sendReceipt(ApiResponse response) {
        byte[] body = response.body();
        if (body != null && body.length > 0) {
            try (JsonParser p = MAPPER.getFactory().createParser(body)) {
                if (p.nextToken() == JsonToken.START_OBJECT) {
                    String messageId = null;
                    String topic = null;
                    String brokerName = null;
                    int queueId = 0;
                    long queueOffset = 0;
                    JsonToken token;
                    while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        p.nextToken();
                        switch (field) {
                            case "messageId":
                                messageId = streamedText(p);
                                break;
                            case "topic":
                                topic = streamedText(p);
                                break;
                            case "brokerName":
                                brokerName = streamedText(p);
                                break;
                            case "queueId":
                                queueId = p.getValueAsInt();
                                break;
                            case "queueOffset":
                                queueOffset = p.getValueAsLong();
                                break;
                            default:
                                p.skipChildren();
                        }
                    }
                    if (token == JsonToken.END_OBJECT && p.nextToken() == null) {
                        return new SendReceipt(messageId, topic, brokerName, queueId, queueOffset);
                    }
                }
            } catch (IOException notJson) {
                // answered below
            }
        }
        throw ErrorMapper.invalidResponse(response.status(), response.requestId(), "the answer is not a JSON object", null);
    }

    /** The current value as {@link #text(JsonNode, String)} reads it from a tree: null for JSON null. */
    private static String streamedText(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
            p.skipChildren();
            return "";
        }
        return p.currentToken() == JsonToken.VALUE_NULL ? null : p.getValueAsString();
    }

    private static SendReceipt sendReceipt(JsonNode node) {
        return new SendReceipt(text(node, "messageId"), text(node, "topic"), text(node, "brokerName"),
            node.path("queueId").asInt(), node.path("queueOffset").asLong());
    }

    public static BatchResult<SendReceipt> sendResults(ApiResponse response, int expected) {
        JsonNode results = results(response, expected);
        List<BatchResult.Entry<SendReceipt>> entries = new ArrayList<>(expected);
        for (int i = 0; i < expected; i++) {
            JsonNode result = results.get(i);
            JsonNode error = result.get("error");
            entries.add(error != null && error.isObject()
                ? BatchResult.Entry.failure(i, ErrorMapper.fromErrorEntry(error, response.requestId()))
                : BatchResult.Entry.success(i, sendReceipt(result)));
        }
        return new BatchResult<>(entries);
    }

    public static BatchResult<String> ackResults(ApiResponse response, List<String> handles) {
        JsonNode results = results(response, handles.size());
        List<BatchResult.Entry<String>> entries = new ArrayList<>(handles.size());
        for (int i = 0; i < handles.size(); i++) {
            JsonNode result = results.get(i);
            JsonNode error = result.get("error");
            if (error != null && error.isObject()) {
                entries.add(BatchResult.Entry.failure(i, ErrorMapper.fromErrorEntry(error, response.requestId())));
            } else if (result.has("status") && !"OK".equalsIgnoreCase(text(result, "status"))) {
                entries.add(BatchResult.Entry.failure(i, ErrorMapper.invalidResponse(response.status(), response.requestId(),
                    "ack status " + text(result, "status") + " without error", null)));
            } else {
                entries.add(BatchResult.Entry.success(i, handles.get(i)));
            }
        }
        return new BatchResult<>(entries);
    }

    private static JsonNode results(ApiResponse response, int expected) {
        JsonNode results = object(response).get("results");
        if (results == null || !results.isArray() || results.size() != expected) {
            throw ErrorMapper.invalidResponse(response.status(), response.requestId(),
                "expected " + expected + " results, got " + (results == null ? "none" : results.size()), null);
        }
        for (JsonNode result : results) {
            if (!result.isObject()) {
                throw ErrorMapper.invalidResponse(response.status(), response.requestId(), "a result is not an object", null);
            }
        }
        return results;
    }

    public static List<ReceivedMessage> messages(ApiResponse response) {
        return list(response, "messages", JsonCodec::receivedMessage);
    }

    /** The array {@code field} of the answer, each element read by {@code reader}; missing or null is empty. */
    private static <T> List<T> list(ApiResponse response, String field, Function<JsonNode, T> reader) {
        JsonNode array = object(response).get(field);
        if (array == null || array.isNull()) {
            return Collections.emptyList();
        }
        if (!array.isArray()) {
            throw ErrorMapper.invalidResponse(response.status(), response.requestId(), field + " is not an array", null);
        }
        List<T> out = new ArrayList<>(array.size());
        for (JsonNode node : array) {
            try {
                out.add(reader.apply(node));
            } catch (RuntimeException e) {
                throw ErrorMapper.invalidResponse(response.status(), response.requestId(), "bad entry of " + field + ": "
                    + e.getMessage(), e);
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        for (JsonNode key : node.path("keys")) {
            keys.add(key.asText());
        }
        return keys;
    }

    private static Map<String, String> properties(JsonNode node) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> property : node.path("properties").properties()) {
            properties.put(property.getKey(), property.getValue().asText());
        }
        return properties;
    }

    private static byte[] body(JsonNode node) {
        String body = text(node, "body");
        String encoding = text(node, "bodyEncoding");
        if (body == null) {
            return new byte[0];
        }
        if ("base64".equalsIgnoreCase(encoding)) {
            return Base64.getMimeDecoder().decode(body);
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static ReceivedMessage receivedMessage(JsonNode node) {
        return ReceivedMessage.builder()
            .messageId(text(node, "messageId"))
            .topic(text(node, "topic"))
            .tag(text(node, "tag"))
            .keys(keys(node))
            .properties(properties(node))
            .body(body(node))
            .bornTimestamp(node.path("bornTimestamp").asLong())
            .storeTimestamp(node.path("storeTimestamp").asLong())
            .deliveryAttempt(node.path("deliveryAttempt").asInt(1))
            .messageGroup(text(node, "messageGroup"))
            .brokerName(text(node, "brokerName"))
            .queueId(node.path("queueId").asInt())
            .queueOffset(node.path("queueOffset").asLong())
            .receiptHandle(text(node, "receiptHandle"))
            .invisibleUntil(node.path("invisibleUntil").asLong())
            .build();
    }

    public static String newReceiptHandle(ApiResponse response) {
        String handle = text(object(response), "receiptHandle");
        if (handle == null || handle.isEmpty()) {
            throw ErrorMapper.invalidResponse(response.status(), response.requestId(), "no receiptHandle in the answer", null);
        }
        return handle;
    }

    /**
     * The answer of {@code GET /v1/proxies}; entries without a usable http(s) URL are left out.
     */
    public static ProxyList proxyList(ApiResponse response) {
        JsonNode proxies = object(response).get("proxies");
        if (proxies == null || !proxies.isArray()) {
            throw ErrorMapper.invalidResponse(response.status(), response.requestId(), "no proxies array in the answer", null);
        }
        List<ProxyInfo> list = new ArrayList<>();
        for (JsonNode p : proxies) {
            String url = text(p, "url");
            if (url == null) {
                continue;
            }
            try {
                list.add(new ProxyInfo(text(p, "id"), orEmpty(text(p, "cluster")), Checks.endpoint(new URI(url)),
                    orEmpty(text(p, "zone")), orEmpty(text(p, "version")), p.path("startTime").asLong(),
                    p.path("lastHeartbeat").asLong()));
            } catch (URISyntaxException | IllegalArgumentException unusable) {
                // an entry a client cannot use: leave it out
            }
        }
        return new ProxyList(list, text(object(response), "source"));
    }

    /** The answer of {@code GET /v1/topics/{topic}/queues}. */
    public static List<TopicQueue> topicQueues(ApiResponse response) {
        JsonNode queues = object(response).get("queues");
        if (queues == null || !queues.isArray()) {
            throw ErrorMapper.invalidResponse(response.status(), response.requestId(), "no queues array in the answer", null);
        }
        List<TopicQueue> list = new ArrayList<>();
        for (JsonNode q : queues) {
            list.add(new TopicQueue(text(q, "brokerName"), q.path("queueId").asInt(), q.path("minOffset").asLong(),
                q.path("maxOffset").asLong()));
        }
        return list;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static JsonNode object(ApiResponse response) {
        JsonNode node = tryParse(response.body());
        if (node == null || !node.isObject()) {
            throw ErrorMapper.invalidResponse(response.status(), response.requestId(), "the answer is not a JSON object", null);
        }
        return node;
    }

    /** The JSON tree of a body, or {@code null} when it is empty or not JSON. */
    static JsonNode tryParse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return MAPPER.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }

    /** A text field, {@code null} when missing or JSON null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
