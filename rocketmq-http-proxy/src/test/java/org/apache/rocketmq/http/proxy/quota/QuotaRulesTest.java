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
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class QuotaRulesTest {
    private static QuotaRules parse(String yaml) {
        return QuotaRules.parse(yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static void refused(String yaml, String expected) {
        try {
            parse(yaml);
            fail("accepted: " + yaml);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(expected));
        }
    }

    @Test
    public void theContractsExampleLoads() {
        QuotaRules rules = parse("rules:\n"
            + "  - topic: Orders\n"
            + "    messagesPerSecond: 500\n"
            + "    bytesPerSecond: 1048576\n"
            + "    burstSeconds: 1\n"
            + "  - accessKey: app-frontend\n"
            + "    messagesPerSecond: 100\n"
            + "    maxLongPolls: 50\n"
            + "  - consumerGroup: \"*\"\n"
            + "    messagesPerSecond: 2000\n"
            + "    scope: cluster\n");
        assertEquals(3, rules.rules().size());
        assertEquals(new QuotaRule(RuleKind.TOPIC, "Orders", 500, 1048576, 1.0, 0, false),
            rules.match(RuleKind.TOPIC, "Orders").get(0));
        assertEquals(List.of(), rules.match(RuleKind.TOPIC, "Audit"));
        assertEquals(50, rules.match(RuleKind.ACCESS_KEY, "app-frontend").get(0).maxLongPolls());
        QuotaRule any = rules.match(RuleKind.CONSUMER_GROUP, "billing").get(0);
        assertTrue(any.isWildcard());
        assertTrue(any.clusterScope());
        assertEquals(1.0, any.burstSeconds(), 0.0);
    }

    @Test
    public void aRuleOfItsOwnWinsOverTheWildcard() {
        QuotaRules rules = parse("rules:\n"
            + "  - clientAddress: '*'\n"
            + "    messagesPerSecond: 10\n"
            + "  - clientAddress: 0:0:0:0:0:0:0:1\n"
            + "    messagesPerSecond: 1000\n"
            + "  - clientAddress: ::1\n"
            + "    bytesPerSecond: 2000\n");
        assertEquals(2, rules.match(RuleKind.CLIENT_ADDRESS, "::1").size());
        assertEquals(10, rules.match(RuleKind.CLIENT_ADDRESS, "10.0.0.7").get(0).messagesPerSecond());
    }

    @Test
    public void anEmptyFileHasNoRules() {
        assertTrue(parse("").isEmpty());
        assertTrue(parse("rules: []\n").isEmpty());
        assertTrue(parse("# nothing yet\n").isEmpty());
    }

    @Test
    public void brokenRulesAreRefusedWithTheReason() {
        refused("rules:\n  - topic: A\n    messagePerSecond: 5\n", "unknown key [messagePerSecond] at line 3");
        refused("rules:\n  - topic: A\n    producerGroup: B\n    messagesPerSecond: 5\n", "rule 1: names both topic and "
            + "producerGroup");
        refused("rules:\n  - messagesPerSecond: 5\n", "rule 1: matches nothing");
        refused("rules:\n  - topic: A\n", "limits nothing");
        refused("rules:\n  - topic: A\n    messagesPerSecond: 0\n", "messagesPerSecond must be positive");
        // a bucket refills at most a token a nanosecond: a faster rule would fail every request it matched
        refused("rules:\n  - topic: A\n    bytesPerSecond: 1000000001\n", "bytesPerSecond must be at most 1000000000");
        refused("rules:\n  - topic: A\n    messagesPerSecond: 100000000000\n", "messagesPerSecond must be at most");
        refused("rules:\n  - topic: A\n    messagesPerSecond: 5\n    burstSeconds: 0\n", "burstSeconds must be");
        refused("rules:\n  - topic: A\n    messagesPerSecond: 5\n    scope: global\n", "scope must be proxy");
        refused("rules:\n  - clientAddress: example.org\n    messagesPerSecond: 5\n", "must be an IP address");
        refused("rules:\n  - topic: A\n    messagesPerSecond: lots\n", "not a valid quota file");
        refused("rules: [\n", "not a valid quota file");
        refused("rules:\n  - topic: A\n    messagesPerSecond: 5\n  - topic: ''\n    messagesPerSecond: 5\n",
            "rule 2: topic is empty");
        assertFalse(parse("rules:\n  - topic: A\n    maxLongPolls: 3\n").isEmpty());
    }

    @Test
    public void theSampleFileOfTheDistributionLoadsAndSoDoesItsExample() throws Exception {
        String sample = Files.readString(Paths.get("..", "distribution", "conf", "quota.yml"));
        assertTrue(parse(sample).isEmpty());
        String example = sample.substring(sample.indexOf("# rules:")).replaceAll("(?m)^# ?", "");
        QuotaRules rules = parse(example);
        assertEquals(3, rules.rules().size());
        assertTrue(rules.match(RuleKind.CONSUMER_GROUP, "GID_BILLING").get(0).clusterScope());
        assertEquals(20, rules.match(RuleKind.CLIENT_ADDRESS, "10.0.0.1").get(0).maxLongPolls());
    }
}
