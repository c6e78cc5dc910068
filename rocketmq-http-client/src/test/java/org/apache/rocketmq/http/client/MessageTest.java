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
package org.apache.rocketmq.http.client;

import java.nio.charset.StandardCharsets;
import org.junit.Test;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

public class MessageTest {

    @Test
    public void textBodyIsKeptAsUtf8AndMarkedAsText() {
        Message message = Message.builder().topic("TopicTest").body("héllo").build();
        assertTrue(message.hasTextBody());
        assertArrayEquals("héllo".getBytes(StandardCharsets.UTF_8), message.body());
    }

    @Test
    public void binaryBodyIsCopiedAndNotMarkedAsText() {
        byte[] bytes = {1, 2, 3};
        Message message = Message.builder().topic("TopicTest").body(bytes).build();
        bytes[0] = 9;
        assertFalse(message.hasTextBody());
        assertArrayEquals(new byte[] {1, 2, 3}, message.body());
    }

    @Test
    public void topicAndBodyAreRequired() {
        assertThrows(IllegalStateException.class, () -> Message.builder().body("x").build());
        assertThrows(IllegalStateException.class, () -> Message.builder().topic("TopicTest").build());
        assertThrows(IllegalArgumentException.class, () -> Message.builder().body(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> Message.builder().body(""));
    }

    @Test
    public void invalidFieldsAreRejectedWhenSet() {
        Message.Builder builder = Message.builder();
        assertThrows(IllegalArgumentException.class, () -> builder.topic("topic with space"));
        assertThrows(IllegalArgumentException.class, () -> builder.tag("TagA||TagB"));
        assertThrows(IllegalArgumentException.class, () -> builder.keys("ok", "bad\u0001"));
        assertThrows("RocketMQ separates keys with spaces", IllegalArgumentException.class, () -> builder.keys("two words"));
        assertThrows(IllegalArgumentException.class, () -> builder.property("", "value"));
        assertThrows(IllegalArgumentException.class, () -> builder.deliveryTimestamp(-1));
    }

    @Test
    public void messageGroupCannotBeCombinedWithDeliveryTimestamp() {
        Message.Builder builder = Message.builder().topic("TopicTest").body("x").messageGroup("order-1").deliveryTimestamp(1);
        assertThrows(IllegalStateException.class, builder::build);
    }

    @Test
    public void optionalFieldsAreEmptyUnlessSet() {
        Message message = Message.builder().topic("TopicTest").body("x").build();
        assertFalse(message.tag().isPresent());
        assertFalse(message.messageGroup().isPresent());
        assertFalse(message.deliveryTimestamp().isPresent());
        assertTrue(message.keys().isEmpty());
        assertEquals(0, message.properties().size());
    }
}
