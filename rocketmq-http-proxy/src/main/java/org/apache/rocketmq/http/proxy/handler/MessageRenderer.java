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

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;
import org.apache.rocketmq.http.proxy.service.ConsumedMessage;

/**
 * Renders consumed messages as the API's JSON, with the body as UTF-8 text or base64.
 */
final class MessageRenderer {
    static final String UTF8 = "utf-8";
    static final String BASE64 = "base64";

    private MessageRenderer() {
    }

    /**
     * @return utf-8, base64, or null (automatic: text when the body is valid UTF-8)
     */
    static String bodyEncoding(String requested) {
        if (requested == null || requested.isEmpty()) {
            return null;
        }
        if (requested.equalsIgnoreCase(UTF8) || requested.equalsIgnoreCase("utf8")) {
            return UTF8;
        }
        if (requested.equalsIgnoreCase(BASE64)) {
            return BASE64;
        }
        throw new HttpProxyException(ErrorCode.BAD_REQUEST, "bodyEncoding must be utf-8 or base64");
    }

    static List<Map<String, Object>> render(List<ConsumedMessage> messages, String bodyEncoding) {
        List<Map<String, Object>> out = new ArrayList<>(messages.size());
        for (ConsumedMessage m : messages) {
            out.add(render(m, bodyEncoding));
        }
        return out;
    }

    private static Map<String, Object> render(ConsumedMessage m, String bodyEncoding) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("messageId", m.messageId());
        json.put("topic", m.topic());
        json.put("tag", m.tag());
        json.put("keys", m.keys());
        json.put("properties", m.properties());
        putBody(json, m.body(), bodyEncoding);
        json.put("bornTimestamp", m.bornTimestamp());
        json.put("storeTimestamp", m.storeTimestamp());
        json.put("deliveryAttempt", m.deliveryAttempt());
        json.put("messageGroup", m.messageGroup());
        json.put("brokerName", m.brokerName());
        json.put("queueId", m.queueId());
        json.put("queueOffset", m.queueOffset());
        if (m.receiptHandle() != null) {
            json.put("receiptHandle", m.receiptHandle());
            json.put("invisibleUntil", m.invisibleUntil());
        }
        return json;
    }

    /**
     * Puts {@code body} and {@code bodyEncoding}: text unless base64 was asked for; bytes that are not
     * UTF-8 go as base64 even when text was asked for, and say so, rather than be corrupted.
     */
    static void putBody(Map<String, Object> json, byte[] body, String bodyEncoding) {
        String text = BASE64.equals(bodyEncoding) ? null : utf8OrNull(body);
        json.put("body", text != null ? text : Base64.getEncoder().encodeToString(body));
        json.put("bodyEncoding", text != null ? UTF8 : BASE64);
    }

    private static String utf8OrNull(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
