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
package org.apache.rocketmq.http.proxy.auth;

import org.apache.rocketmq.acl.common.Permission;

/**
 * What a route needs from its caller when ACL is on, declared on the route's line. Permissions are
 * RocketMQ's ({@link Permission#PUB}, {@link Permission#SUB}), checked as the 5.x gRPC proxy derives them:
 * the topic from the path parameter {@value #TOPIC_PARAM}, the consumer group from the query parameter
 * {@value #GROUP_PARAM}.
 */
public final class Access {
    public static final String TOPIC_PARAM = "topic";
    public static final String GROUP_PARAM = "group";

    /** No credentials needed. */
    public static final Access OPEN = new Access(Kind.OPEN, (byte) 0, (byte) 0);
    /** Operations data (metrics): open, or for admin accounts only with {@code aclProtectMetrics=true}. */
    public static final Access OPERATIONS = new Access(Kind.OPERATIONS, (byte) 0, (byte) 0);
    /** Admin accounts only. */
    public static final Access ADMIN = new Access(Kind.ADMIN, (byte) 0, (byte) 0);
    /** Produce to the topic, end its transactions. */
    public static final Access TOPIC_PUB = new Access(Kind.RESOURCES, Permission.PUB, (byte) 0);
    /** Read the topic without a group: queues, replay by offset. */
    public static final Access TOPIC_SUB = new Access(Kind.RESOURCES, Permission.SUB, (byte) 0);
    /** Consume the topic in the group: receive, ack, lease. */
    public static final Access TOPIC_SUB_GROUP_SUB = new Access(Kind.RESOURCES, Permission.SUB, Permission.SUB);

    enum Kind {
        OPEN, OPERATIONS, ADMIN, RESOURCES
    }

    private final Kind kind;
    private final byte topicPerm;
    private final byte groupPerm;

    private Access(Kind kind, byte topicPerm, byte groupPerm) {
        this.kind = kind;
        this.topicPerm = topicPerm;
        this.groupPerm = groupPerm;
    }

    Kind kind() {
        return kind;
    }

    /**
     * @return the permission needed on the topic, 0 for none
     */
    byte topicPerm() {
        return topicPerm;
    }

    /**
     * @return the permission needed on the group, 0 for none
     */
    byte groupPerm() {
        return groupPerm;
    }

    public boolean isOpen() {
        return kind == Kind.OPEN;
    }

    @Override
    public String toString() {
        switch (kind) {
            case RESOURCES:
                return "topic " + name(topicPerm) + (groupPerm != 0 ? " + group " + name(groupPerm) : "");
            default:
                return kind.name().toLowerCase();
        }
    }

    static String name(byte perm) {
        return perm == Permission.PUB ? "PUB" : perm == Permission.SUB ? "SUB" : String.valueOf(perm);
    }
}
