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

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.rocketmq.common.message.MessageConst;

/**
 * Which message properties belong to users. RocketMQ keeps its own metadata in the same map; the
 * proxy never lets a client set those names and never shows them as user properties.
 */
public final class MessageProperties {
    /**
     * Names RocketMQ uses itself; a user property of that name would change how the broker treats the
     * message.
     */
    public static final Set<String> RESERVED;

    static {
        Set<String> reserved = new HashSet<>(MessageConst.STRING_HASH_SET);
        Collections.addAll(reserved, "__STARTDELIVERTIME", MessageConst.PROPERTY_SHARDING_KEY,
            MessageConst.PROPERTY_TIMER_DELIVER_MS, MessageConst.PROPERTY_TIMER_DELAY_SEC,
            MessageConst.PROPERTY_TIMER_DELAY_MS, MessageConst.PROPERTY_POP_CK, MessageConst.PROPERTY_POP_CK_OFFSET,
            MessageConst.PROPERTY_TRANSACTION_PREPARED, MessageConst.PROPERTY_PRODUCER_GROUP,
            MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, MessageConst.PROPERTY_DELAY_TIME_LEVEL,
            MessageConst.PROPERTY_RECONSUME_TIME, MessageConst.PROPERTY_MAX_RECONSUME_TIMES,
            MessageConst.PROPERTY_FIRST_POP_TIME, MessageConst.PROPERTY_TRANSACTION_CHECK_TIMES,
            MessageConst.PROPERTY_CHECK_IMMUNITY_TIME_IN_SECONDS);
        RESERVED = Collections.unmodifiableSet(reserved);
    }

    private MessageProperties() {
    }

    public static boolean isSystem(String name) {
        return RESERVED.contains(name) || name.startsWith("__") || name.startsWith("TIMER_")
            || name.startsWith("DLQ_") || name.startsWith("INNER_");
    }

    /**
     * @return the user properties of a stored message's property map
     */
    public static Map<String, String> userProperties(Map<String, String> all) {
        Map<String, String> user = new LinkedHashMap<>();
        if (all != null) {
            for (Map.Entry<String, String> e : all.entrySet()) {
                if (!isSystem(e.getKey())) {
                    user.put(e.getKey(), e.getValue());
                }
            }
        }
        return user;
    }
}
