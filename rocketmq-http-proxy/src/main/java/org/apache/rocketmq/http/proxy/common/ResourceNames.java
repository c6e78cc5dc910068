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

import java.util.Set;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.topic.TopicValidator;

/**
 * Validation of topic and group names taken from HTTP input. RocketMQ's own system topics and groups
 * are never reachable through the proxy.
 */
public final class ResourceNames {
    public static final int TOPIC_MAX_LENGTH = 127;
    public static final int GROUP_MAX_LENGTH = 120;

    private static final Set<String> RESERVED_TOPICS = Set.of(
        TopicValidator.AUTO_CREATE_TOPIC_KEY_TOPIC,
        TopicValidator.RMQ_SYS_SCHEDULE_TOPIC,
        TopicValidator.RMQ_SYS_BENCHMARK_TOPIC,
        TopicValidator.RMQ_SYS_TRANS_HALF_TOPIC,
        TopicValidator.RMQ_SYS_TRACE_TOPIC,
        TopicValidator.RMQ_SYS_TRANS_OP_HALF_TOPIC,
        TopicValidator.RMQ_SYS_TRANS_CHECK_MAX_TIME_TOPIC,
        TopicValidator.RMQ_SYS_SELF_TEST_TOPIC,
        TopicValidator.RMQ_SYS_OFFSET_MOVED_EVENT,
        TopicValidator.RMQ_SYS_ROCKSDB_OFFSET_TOPIC,
        "DefaultHeartBeatSyncerTopic");

    private static final Set<String> RESERVED_GROUPS = Set.of(
        MixAll.DEFAULT_PRODUCER_GROUP,
        MixAll.DEFAULT_CONSUMER_GROUP,
        MixAll.TOOLS_CONSUMER_GROUP,
        MixAll.SCHEDULE_CONSUMER_GROUP,
        MixAll.FILTERSRV_CONSUMER_GROUP,
        MixAll.MONITOR_CONSUMER_GROUP,
        MixAll.CLIENT_INNER_PRODUCER_GROUP,
        MixAll.SELF_TEST_PRODUCER_GROUP,
        MixAll.SELF_TEST_CONSUMER_GROUP,
        MixAll.ONS_HTTP_PROXY_GROUP,
        MixAll.CID_ONSAPI_PERMISSION_GROUP,
        MixAll.CID_ONSAPI_OWNER_GROUP,
        MixAll.CID_ONSAPI_PULL_GROUP);

    private ResourceNames() {
    }

    /**
     * @return the topic, checked: well-formed (else 40001) and not a RocketMQ system topic (else 40300)
     */
    public static String checkTopic(String topic) {
        checkSyntax(topic, "topic", TOPIC_MAX_LENGTH, ErrorCode.ILLEGAL_TOPIC);
        if (isReservedTopic(topic)) {
            throw new HttpProxyException(ErrorCode.FORBIDDEN, "topic [" + topic + "] is reserved by RocketMQ");
        }
        return topic;
    }

    /**
     * @return the group, checked: well-formed (else 40002) and not a RocketMQ system group (else 40300)
     */
    public static String checkGroup(String group) {
        checkSyntax(group, "group", GROUP_MAX_LENGTH, ErrorCode.ILLEGAL_GROUP);
        if (isReservedGroup(group)) {
            throw new HttpProxyException(ErrorCode.FORBIDDEN, "group [" + group + "] is reserved by RocketMQ");
        }
        return group;
    }

    public static boolean isReservedTopic(String topic) {
        return RESERVED_TOPICS.contains(topic)
            || TopicValidator.isSystemTopic(topic)
            || TopicValidator.isNotAllowedSendTopic(topic)
            || topic.startsWith("RMQ_SYS_")
            || topic.startsWith("rmq_sys_")
            || topic.startsWith("%");
    }

    public static boolean isReservedGroup(String group) {
        return RESERVED_GROUPS.contains(group)
            || MixAll.isSysConsumerGroup(group)
            || group.startsWith("%");
    }

    private static void checkSyntax(String name, String what, int maxLength, ErrorCode errorCode) {
        if (name == null || name.isEmpty()) {
            throw new HttpProxyException(errorCode, what + " is missing");
        }
        if (name.length() > maxLength) {
            throw new HttpProxyException(errorCode, what + " is longer than " + maxLength + " characters");
        }
        if (TopicValidator.isTopicOrGroupIllegal(name)) {
            throw new HttpProxyException(errorCode, what + " [" + printable(name) + "] must match ^[%|a-zA-Z0-9_-]+$");
        }
    }

    /**
     * Echoes a rejected name back without control characters, so an error message cannot inject lines
     * into a client's log.
     */
    public static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 64));
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        if (s.length() > 64) {
            sb.append("...");
        }
        return sb.toString();
    }
}
