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

import java.nio.charset.StandardCharsets;
import org.junit.Test;

import static org.junit.Assert.assertEquals;

public class MessageCounterTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    public void aBatchCountsItsEntries() {
        assertEquals(3, MessageCounter.inRequest("application/json", utf8(
            "{\"producerGroup\": \"x\", \"messages\": [{\"body\": \"a\", \"properties\": {\"k\": [1, 2]}}, {\"body\": \"[\"}, "
                + "{\"body\": \"c\"}]}")));
    }

    @Test
    public void anythingButABatchIsOneMessage() {
        assertEquals(1, MessageCounter.inRequest("application/json", utf8("{\"body\": \"hello\"}")));
        assertEquals(1, MessageCounter.inRequest("application/octet-stream", utf8("{\"messages\": [1, 2, 3]}")));
        assertEquals(1, MessageCounter.inRequest(null, new byte[0]));
        assertEquals(1, MessageCounter.inRequest("application/json; charset=utf-8", utf8("{\"messages\": [")));
        assertEquals(1, MessageCounter.inRequest("application/json", utf8("not json")));
    }

    @Test
    public void aReceiveAnswerCountsItsMessages() {
        assertEquals(2, MessageCounter.messagesArray(utf8("{\"messages\": [{\"body\": \"{\\\"messages\\\": [1]}\", "
            + "\"keys\": [\"a\", \"b\"]}, {\"body\": \"x\"}], \"nextOffset\": 7}")));
        assertEquals(0, MessageCounter.messagesArray(utf8("{\"messages\": []}")));
        assertEquals(0, MessageCounter.messagesArray(utf8("{\"code\": 40402, \"error\": \"TOPIC_NOT_FOUND\"}")));
    }
}
