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
package org.apache.rocketmq.http.proxy.transaction;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.apache.rocketmq.http.proxy.test.HttpTestClient;

/**
 * The transaction calls of the API against one proxy, for tests.
 */
final class TransactionClient {
    final HttpTestClient http;

    TransactionClient(int port) {
        this.http = new HttpTestClient(port);
    }

    /**
     * Sends a half message and returns the answer, failing on any status but 200. A 429 (a busy broker
     * refused it before storing anything) is sent again, as any client would.
     */
    JsonNode half(String topic, String group, String json) {
        for (int attempt = 1; ; attempt++) {
            HttpTestClient.Response r = http.postJson("/v1/topics/" + topic + "/messages?producerGroup=" + group, json);
            if (r.status == 200) {
                return r.json();
            }
            if (r.status != 429 || attempt == 10) {
                throw new AssertionError("half message failed: " + r);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    String halfHandle(String topic, String group, String body) {
        return half(topic, group, "{\"transaction\": true, \"body\": \"" + body + "\"}").get("transactionHandle").asText();
    }

    HttpTestClient.Response end(String topic, String group, String handle, String action) {
        return http.postJson("/v1/topics/" + topic + "/transactions?producerGroup=" + group,
            Map.of("transactionHandle", handle, "action", action));
    }

    /**
     * Long-polls the checks and returns them, failing on any status but 200.
     */
    JsonNode checks(String topic, String group, int waitSeconds) {
        HttpTestClient.Response r = http.get("/v1/topics/" + topic + "/transactions?producerGroup=" + group
            + "&waitSeconds=" + waitSeconds);
        if (r.status != 200) {
            throw new AssertionError("checks failed: " + r);
        }
        return r.json().get("checks");
    }

    /**
     * Polls until a check about the given message arrives; fails after the time is up.
     */
    JsonNode awaitCheck(String topic, String group, String messageId, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            for (JsonNode check : checks(topic, group, 5)) {
                if (check.get("messageId").asText().equals(messageId)) {
                    return check;
                }
            }
        }
        throw new AssertionError("no check about " + messageId + " within " + timeoutMillis + " ms");
    }

    /**
     * @return the value of a series of the proxy's metrics, 0 when absent
     */
    long metric(String series) {
        for (String line : http.get("/metrics").text().split("\n")) {
            if (line.startsWith(series + " ")) {
                return (long) Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }
}
