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
package org.apache.rocketmq.http.proxy.common;

import java.util.Arrays;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class ResourceNamesTest {

    private static String repeat(char c, int n) {
        char[] chars = new char[n];
        Arrays.fill(chars, c);
        return new String(chars);
    }

    private static HttpProxyException topicError(String topic) {
        try {
            ResourceNames.checkTopic(topic);
        } catch (HttpProxyException e) {
            return e;
        }
        fail("topic [" + topic + "] was accepted");
        return null;
    }

    private static HttpProxyException groupError(String group) {
        try {
            ResourceNames.checkGroup(group);
        } catch (HttpProxyException e) {
            return e;
        }
        fail("group [" + group + "] was accepted");
        return null;
    }

    @Test
    public void wellFormedNamesAreReturnedUnchanged() {
        for (String name : new String[] {"orders", "Orders_2024", "a-b_c", "x", "a|b", "0"}) {
            assertEquals(name, ResourceNames.checkTopic(name));
            assertEquals(name, ResourceNames.checkGroup(name));
        }
    }

    @Test
    public void namesOutsideTheCharacterSetAreIllegal() {
        for (String name : new String[] {"a b", "a.b", "a/b", "a:b", "caf\u00e9", "a*", "a\tb", "a\nb"}) {
            assertEquals(name, ErrorCode.ILLEGAL_TOPIC, topicError(name).getErrorCode());
            assertEquals(name, ErrorCode.ILLEGAL_GROUP, groupError(name).getErrorCode());
        }
    }

    @Test
    public void missingOrEmptyNamesAreIllegal() {
        assertEquals(40001, topicError(null).getErrorCode().code());
        assertEquals(40001, topicError("").getErrorCode().code());
        assertEquals(40002, groupError(null).getErrorCode().code());
        assertEquals(40002, groupError("").getErrorCode().code());
    }

    @Test
    public void topicMayHave127CharactersButNot128() {
        String longest = repeat('t', ResourceNames.TOPIC_MAX_LENGTH);
        assertEquals(127, longest.length());
        assertEquals(longest, ResourceNames.checkTopic(longest));
        HttpProxyException e = topicError(longest + "t");
        assertEquals(ErrorCode.ILLEGAL_TOPIC, e.getErrorCode());
        assertEquals(40001, e.getErrorCode().code());
    }

    @Test
    public void groupMayHave120CharactersButNot121() {
        String longest = repeat('g', ResourceNames.GROUP_MAX_LENGTH);
        assertEquals(120, longest.length());
        assertEquals(longest, ResourceNames.checkGroup(longest));
        HttpProxyException e = groupError(longest + "g");
        assertEquals(ErrorCode.ILLEGAL_GROUP, e.getErrorCode());
        assertEquals(40002, e.getErrorCode().code());
    }

    @Test
    public void rocketmqSystemTopicsAreForbidden() {
        for (String topic : new String[] {"TBW102", "SCHEDULE_TOPIC_XXXX", "RMQ_SYS_TRANS_HALF_TOPIC",
            "RMQ_SYS_TRANS_OP_HALF_TOPIC", "RMQ_SYS_TRACE_TOPIC", "RMQ_SYS_ANYTHING_NEW", "rmq_sys_wheel_timer",
            "rmq_sys_anything", "%RETRY%group", "%DLQ%group", "%RETRY%", "%SYS%x", "DefaultHeartBeatSyncerTopic",
            "BenchmarkTest", "OFFSET_MOVED_EVENT", "SELF_TEST_TOPIC", "TRANS_CHECK_MAX_TIME_TOPIC"}) {
            HttpProxyException e = topicError(topic);
            assertEquals(topic, ErrorCode.FORBIDDEN, e.getErrorCode());
            assertEquals(40300, e.getErrorCode().code());
            assertTrue(topic, ResourceNames.isReservedTopic(topic));
        }
    }

    @Test
    public void rocketmqSystemGroupsAreForbidden() {
        for (String group : new String[] {"CID_RMQ_SYS_TRANS", "CID_RMQ_SYS_ANYTHING", "CID_ONS-HTTP-PROXY",
            "%RETRY%group", "%DLQ%group", "DEFAULT_PRODUCER", "DEFAULT_CONSUMER", "TOOLS_CONSUMER",
            "SCHEDULE_CONSUMER", "CLIENT_INNER_PRODUCER", "SELF_TEST_P_GROUP", "SELF_TEST_C_GROUP"}) {
            HttpProxyException e = groupError(group);
            assertEquals(group, ErrorCode.FORBIDDEN, e.getErrorCode());
            assertEquals(40300, e.getErrorCode().code());
            assertTrue(group, ResourceNames.isReservedGroup(group));
        }
    }

    @Test
    public void namesThatOnlyLookSystemLikeAreAllowed() {
        for (String topic : new String[] {"MY_RMQ_SYS_TOPIC", "TBW1020", "orders_RETRY", "rmq_system", "DLQ_orders"}) {
            assertFalse(topic, ResourceNames.isReservedTopic(topic));
            assertEquals(topic, ResourceNames.checkTopic(topic));
        }
        for (String group : new String[] {"CID_orders", "MY_CID_RMQ_SYS_X", "HTTP_PROXY_DEFAULT_PRODUCER"}) {
            assertFalse(group, ResourceNames.isReservedGroup(group));
            assertEquals(group, ResourceNames.checkGroup(group));
        }
    }

    @Test
    public void controlCharactersOfARejectedNameAreNotEchoed() {
        HttpProxyException e = topicError("evil\r\nX-Injected: yes\u0000");
        assertEquals(ErrorCode.ILLEGAL_TOPIC, e.getErrorCode());
        assertFalse(e.getMessage(), e.getMessage().contains("\r"));
        assertFalse(e.getMessage(), e.getMessage().contains("\n"));
        assertFalse(e.getMessage(), e.getMessage().contains("\u0000"));
        assertTrue(e.getMessage(), e.getMessage().contains("evil??X-Injected: yes?"));

        HttpProxyException g = groupError("g\u001b[31m");
        assertFalse(g.getMessage(), g.getMessage().contains("\u001b"));
    }

    @Test
    public void echoedNamesAreCappedAt64Characters() {
        String printable = ResourceNames.printable(repeat('a', 100) + "\u0007");
        assertEquals(repeat('a', 64) + "...", printable);
        assertEquals("a?b", ResourceNames.printable("a\u007fb"));
    }
}
