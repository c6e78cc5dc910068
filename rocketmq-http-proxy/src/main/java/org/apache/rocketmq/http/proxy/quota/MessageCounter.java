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
package org.apache.rocketmq.http.proxy.quota;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Locale;

/**
 * Counts the messages of a produce request or a receive answer without building them: the entries
 * of the top-level {@code messages} array of a JSON body. A produce request that is not such a
 * batch (one JSON message, or a raw body) is one message.
 */
final class MessageCounter {
    private static final JsonFactory JSON = new JsonFactory();

    private MessageCounter() {
    }

    /**
     * @return the messages a produce request carries; one for anything but a JSON batch (a malformed
     *     body is refused by its handler)
     */
    static int inRequest(String contentType, byte[] body) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            return 1;
        }
        return Math.max(1, messagesArray(body));
    }

    /**
     * @return the entries of the top-level messages array of a JSON body, 0 when it has none
     */
    static int messagesArray(byte[] body) {
        if (body == null || body.length == 0) {
            return 0;
        }
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return 0;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean messages = "messages".equals(p.currentName());
                JsonToken value = p.nextToken();
                if (messages && value == JsonToken.START_ARRAY) {
                    int n = 0;
                    JsonToken entry;
                    while ((entry = p.nextToken()) != JsonToken.END_ARRAY && entry != null) {
                        n++;
                        p.skipChildren();
                    }
                    return n;
                }
                p.skipChildren();
            }
            return 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
