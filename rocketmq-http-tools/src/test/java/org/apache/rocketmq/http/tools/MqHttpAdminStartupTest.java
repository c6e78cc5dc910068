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
package org.apache.rocketmq.http.tools;

import java.util.Map;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

public class MqHttpAdminStartupTest {
    @Test
    public void withoutACommandItListsTheCommandsAndIsAUsageError() {
        AdminRun run = AdminRun.run();
        assertEquals(run.toString(), 1, run.code);
        for (String command : new String[] {"proxyList", "sendMessage", "consumeMessage", "topicQueues"}) {
            assertTrue(run.toString(), run.err.contains(command));
        }
    }

    @Test
    public void helpListsTheCommandsOrShowsOne() {
        AdminRun all = AdminRun.run("help");
        assertEquals(0, all.code);
        assertTrue(all.out, all.out.contains("consumeMessage"));
        AdminRun one = AdminRun.run("help", "sendMessage");
        assertEquals(0, one.code);
        assertTrue(one.out, one.out.contains("mqhttpadmin sendMessage") && one.out.contains("-t") && one.out.contains("-p"));
    }

    @Test
    public void everyCommandHasItsOwnHelp() {
        for (String command : new String[] {"proxyList", "sendMessage", "consumeMessage", "topicQueues"}) {
            AdminRun run = AdminRun.run(command, "-h");
            assertEquals(run.toString(), 0, run.code);
            assertTrue(run.out, run.out.contains("usage: mqhttpadmin " + command) && run.out.contains("-n") && run.out.contains("-u"));
        }
    }

    @Test
    public void usageErrorsExitWithOne() {
        assertEquals(1, AdminRun.run("noSuchCommand").code);
        assertEquals(1, AdminRun.run("sendMessage", "--nope").code);
        AdminRun missingTopic = AdminRun.run("sendMessage", "-u", "http://127.0.0.1:1", "-p", "x");
        assertEquals(missingTopic.toString(), 1, missingTopic.code);
        assertTrue(missingTopic.err, missingTopic.err.contains("-t TOPIC is required"));
        AdminRun both = AdminRun.run("topicQueues", "-n", "127.0.0.1:9876", "-u", "http://127.0.0.1:8181", "-t", "T");
        assertEquals(both.toString(), 1, both.code);
        AdminRun nowhere = AdminRun.run("proxyList");
        assertEquals(nowhere.toString(), 1, nowhere.code);
        assertTrue(nowhere.err, nowhere.err.contains("-n NAMESRV_ADDR"));
        assertEquals(1, AdminRun.run("sendMessage", "-u", "ftp://x", "-t", "T", "-p", "x").code);
        assertEquals(1, AdminRun.run("consumeMessage", "-u", "http://127.0.0.1:1", "-t", "T", "-g", "G", "-c", "zero").code);
        assertEquals(1, AdminRun.run("sendMessage", "-u", "http://127.0.0.1:1", "-t", "bad topic", "-p", "x").code);
        assertEquals(1, AdminRun.run("topicQueues", "-u", "http://127.0.0.1:1", "-t", "T", "extra").code);
    }

    @Test
    public void anUnreachableProxyIsAFailure() throws Exception {
        AdminRun run = AdminRun.run("topicQueues", "-u", AdminRun.deadUrl(), "-t", "TopicTest");
        assertEquals(run.toString(), 2, run.code);
        assertTrue(run.err, run.err.startsWith("ERROR: topicQueues failed"));
        AdminRun viaEnv = AdminRun.run(Map.of("NAMESRV_ADDR", "127.0.0.1:1"), "proxyList", "--httpPort",
            AdminRun.deadUrl().replaceAll(".*:", ""));
        assertEquals(viaEnv.toString(), 2, viaEnv.code);
    }
}
