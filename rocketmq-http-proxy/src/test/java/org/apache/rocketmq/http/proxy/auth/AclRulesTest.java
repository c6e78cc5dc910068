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

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.rocketmq.acl.plain.PlainAccessResource;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class AclRulesTest {
    private Path dir;
    private File file;

    @Before
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("acl-rules");
        file = dir.resolve("plain_acl.yml").toFile();
    }

    @After
    public void tearDown() {
        for (File f : dir.toFile().listFiles()) {
            f.delete();
        }
        dir.toFile().delete();
    }

    private void write(String yaml) throws Exception {
        Files.writeString(file.toPath(), yaml, StandardCharsets.UTF_8);
    }

    private String loadFails(String yaml) throws Exception {
        write(yaml);
        try {
            AclRules.load(file);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        fail("loaded: " + yaml);
        return null;
    }

    private static PlainAccessResource peer(String address) {
        PlainAccessResource peer = new PlainAccessResource();
        peer.setWhiteRemoteAddress(address);
        return peer;
    }

    @Test
    public void theDistributionsSampleFileLoads() throws Exception {
        File sample = new File("../distribution/conf/plain_acl.yml");
        AclRules rules = AclRules.load(sample);
        assertTrue(rules.size() >= 2);
    }

    @Test
    public void accountsAndWhiteListsOfRocketMQsFormat() throws Exception {
        write(String.join("\n",
            "globalWhiteRemoteAddresses:",
            "  - 10.10.103.*",
            "  - 192.168.0.{10,11}",
            "accounts:",
            "  - accessKey: RocketMQ1",
            "    secretKey: 12345678",
            "    whiteRemoteAddress: 192.168.1.1-20",
            "    admin: false",
            "    defaultTopicPerm: DENY",
            "    defaultGroupPerm: SUB",
            "    topicPerms:",
            "      - topicA=DENY",
            "      - topicB=PUB|SUB",
            "    groupPerms:",
            "      - groupA=DENY",
            "  - accessKey: rocketmq2",
            "    secretKey: 12345678",
            "    admin: true",
            ""));
        AclRules rules = AclRules.load(file);
        assertEquals(2, rules.size());
        assertTrue(rules.isGloballyWhiteListed(peer("10.10.103.7")));
        assertTrue(rules.isGloballyWhiteListed(peer("192.168.0.11")));
        assertFalse(rules.isGloballyWhiteListed(peer("192.168.0.12")));
        assertSame(rules.account("RocketMQ1"), rules.whiteListedAccount(peer("192.168.1.20")));
        assertNull(rules.whiteListedAccount(peer("192.168.1.21")));
        assertTrue(rules.account("rocketmq2").isAdmin());
        assertEquals(Byte.valueOf((byte) 12), rules.account("RocketMQ1").owned().getResourcePermMap().get("topicB"));
        assertEquals(Byte.valueOf((byte) 1),
            rules.account("RocketMQ1").owned().getResourcePermMap().get(PlainAccessResource.getRetryTopic("groupA")));
        assertNull(rules.account("nobody"));
    }

    @Test
    public void badFilesAreRefusedWithAReasonThatQuotesNoSecret() throws Exception {
        assertTrue(loadFails("accounts:\n  - accessKey: short\n    secretKey: 12345678\n").contains("longer than 6"));
        assertTrue(loadFails("accounts:\n  - accessKey: longEnough\n    secretKey: 123\n").contains("longer than 6"));
        assertTrue(loadFails("accounts:\n  - accessKey: twiceKey1\n    secretKey: 12345678\n"
            + "  - accessKey: twiceKey1\n    secretKey: 87654321\n").contains("appears twice"));
        String message = loadFails("accounts:\n  - accessKey: someKey1\n    secretKey: topSecret99\n   bad: [\n");
        assertTrue(message, message.contains("line"));
        assertFalse(message, message.contains("topSecret99"));
        message = loadFails("accounts:\n  - accessKey: someKey1\n    secretKey: topSecret99\n    unknownKey: 1\n");
        assertFalse(message, message.contains("topSecret99"));
        assertTrue(loadFails("accounts:\n  - accessKey: someKey1\n    secretKey: 12345678\n"
            + "    whiteRemoteAddress: not-an-address\n").contains("not an address pattern"));
        assertTrue(loadFails("accounts:\n  - accessKey: someKey1\n    secretKey: 12345678\n    topicPerms:\n"
            + "      - noEqualsSign\n").contains("someKey1"));
        assertTrue(loadFails("").contains("empty"));
        file.delete();
        try {
            AclRules.load(file);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("does not exist"));
        }
    }

    @Test
    public void aChangedFileThatDoesNotLoadKeepsTheLastGoodRules() throws Exception {
        write("accounts:\n  - accessKey: firstKey1\n    secretKey: 12345678\n");
        AclFileWatcher watcher = new AclFileWatcher(file);
        watcher.start();
        try {
            AclRules first = watcher.current();
            assertNotNull(first.account("firstKey1"));
            write("accounts:\n  - accessKey: [broken\n");
            assertFalse(watcher.reload());
            assertSame(first, watcher.current());
            write("accounts:\n  - accessKey: secondKey\n    secretKey: 12345678\n");
            assertTrue(watcher.reload());
            assertNull(watcher.current().account("firstKey1"));
            assertNotNull(watcher.current().account("secondKey"));
        } finally {
            watcher.shutdown();
        }
    }
}
