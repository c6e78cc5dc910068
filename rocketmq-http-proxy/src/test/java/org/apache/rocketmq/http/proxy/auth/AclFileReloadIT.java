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

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.test.AclTestCluster;
import org.apache.rocketmq.http.proxy.test.HttpTestClient;
import org.junit.Test;

import static org.junit.Assert.assertEquals;

/**
 * Edits of the ACL file take effect within 10 s, without a restart: a permission granted is usable,
 * a permission revoked is refused, a new account works, a removed one is unknown.
 */
public class AclFileReloadIT {
    private static final long EFFECTIVE_WITHIN_MILLIS = 10_000;

    private static String acl(String topicPerm, boolean withSecondAccount) {
        return String.join("\n", "accounts:",
            "  - accessKey: reloadKey01", "    secretKey: reloadSecret", "    defaultTopicPerm: " + topicPerm,
            "    defaultGroupPerm: DENY",
            withSecondAccount ? "  - accessKey: laterKey01\n    secretKey: laterSecret\n    defaultTopicPerm: PUB" : "",
            "");
    }

    /**
     * @return milliseconds until the produce answered the expected status
     */
    private static long awaitStatus(HttpTestClient http, String topic, int expected) throws InterruptedException {
        long start = System.currentTimeMillis();
        int status = -1;
        while (System.currentTimeMillis() - start < EFFECTIVE_WITHIN_MILLIS) {
            status = http.postJson("/v1/topics/" + topic + "/messages", Map.of("body", "reload")).status;
            if (status == expected) {
                return System.currentTimeMillis() - start;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("still " + status + " instead of " + expected + " " + EFFECTIVE_WITHIN_MILLIS
            + " ms after the edit");
    }

    @Test
    public void grantsAndRevocationsTakeEffectWithoutARestart() throws Exception {
        String topic = AclTestCluster.newTopic("ReloadTopic");
        Path file = AclTestCluster.writeProxyAcl(acl("DENY", false));
        HttpProxyController proxy = AclTestCluster.startProxy(file, c -> { });
        try {
            HttpTestClient http = new HttpTestClient(proxy.port()).signedAs("reloadKey01", "reloadSecret");
            HttpTestClient later = new HttpTestClient(proxy.port()).signedAs("laterKey01", "laterSecret");
            assertEquals(403, http.postJson("/v1/topics/" + topic + "/messages", Map.of("body", "x")).status);
            assertEquals(401, later.postJson("/v1/topics/" + topic + "/messages", Map.of("body", "x")).status);

            Files.writeString(file, acl("PUB", true), StandardCharsets.UTF_8);
            awaitStatus(http, topic, 200);
            assertEquals(200, later.postJson("/v1/topics/" + topic + "/messages", Map.of("body", "x")).status);

            Files.writeString(file, acl("DENY", false), StandardCharsets.UTF_8);
            awaitStatus(http, topic, 403);
            assertEquals(401, later.postJson("/v1/topics/" + topic + "/messages", Map.of("body", "x")).status);

            // a version that does not load leaves the last good one in force, however long it stays
            Files.writeString(file, acl("PUB", false), StandardCharsets.UTF_8);
            awaitStatus(http, topic, 200);
            Files.writeString(file, "accounts:\n  - accessKey: [broken\n", StandardCharsets.UTF_8);
            Thread.sleep(EFFECTIVE_WITHIN_MILLIS + 1000);
            assertEquals(200, http.postJson("/v1/topics/" + topic + "/messages", Map.of("body", "x")).status);
            Files.writeString(file, acl("DENY", false), StandardCharsets.UTF_8);
            awaitStatus(http, topic, 403);
        } finally {
            proxy.shutdown();
        }
    }
}
