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

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.rocketmq.http.client.HttpProxyClientException;
import org.apache.rocketmq.http.client.SendReceipt;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

public class JsonCodecTest {
    private static ApiResponse answer(String json) {
        return new ApiResponse(200, ResponseHeaders.of(), json.getBytes(StandardCharsets.UTF_8), "r-1",
            URI.create("http://127.0.0.1:8181"));
    }

    @Test
    public void aSendReceiptIsReadWithFieldsInAnyOrderAndUnknownOnesSkipped() {
        SendReceipt r = JsonCodec.sendReceipt(answer("{\"queueOffset\":42,\"extra\":{\"a\":[1,{\"b\":2}]},"
            + "\"messageId\":\"7F00000100002A9F0000000000000000\",\"topic\":\"T\",\"list\":[3,4],\"brokerName\":\"broker-a\","
            + "\"queueId\":3}"));
        assertEquals("7F00000100002A9F0000000000000000", r.messageId());
        assertEquals("T", r.topic());
        assertEquals("broker-a", r.brokerName());
        assertEquals(3, r.queueId());
        assertEquals(42L, r.queueOffset());
    }

    @Test
    public void aSendReceiptReadsAsTheTreeDid() {
        // numbers as strings, JSON null and missing fields, as JsonNode.asInt / asLong / asText read them
        SendReceipt r = JsonCodec.sendReceipt(answer("{\"messageId\":null,\"topic\":12,\"queueId\":\"5\","
            + "\"queueOffset\":\"9000000000\"}"));
        assertNull(r.messageId());
        assertEquals("12", r.topic());
        assertNull(r.brokerName());
        assertEquals(5, r.queueId());
        assertEquals(9_000_000_000L, r.queueOffset());
    }

    @Test
    public void anAnswerThatIsNotOneJsonObjectIsAnInvalidResponse() {
        for (String body : new String[] {"", "[]", "\"text\"", "{\"messageId\":\"x\"", "{\"messageId\":\"x\"} {}", "not json",
            "{\"messageId\":\"x\"}]"}) {
            try {
                JsonCodec.sendReceipt(answer(body));
                fail("accepted " + body);
            } catch (HttpProxyClientException e) {
                assertEquals(body, "INVALID_RESPONSE", e.error());
            }
        }
    }
}
