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
package org.apache.rocketmq.http.proxy.transaction;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.apache.rocketmq.common.attribute.TopicMessageType;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.http.proxy.test.HttpTestClient;
import org.apache.rocketmq.http.proxy.test.NativeConsumers;
import org.apache.rocketmq.http.proxy.test.ProxyProcess;
import org.apache.rocketmq.http.proxy.test.TestCluster;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * A check-back question outlives the proxy that received it from the broker: that proxy, a JVM of its
 * own, is killed with {@code kill -9} before anyone polled, and the question is answered through
 * another proxy.
 */
public class TransactionFailoverIT {

    @Test
    public void aQuestionSurvivesTheDeathOfTheProxyThatReceivedIt() throws Exception {
        // the broker asks only when this test says so, so that it is known who got which question
        TestCluster.transactionChecks(1000, 600_000);
        String checkTopic = new HttpProxyConfig().getTransaction().getTransactionCheckTopic();
        HttpProxyController survivor = TestCluster.startProxy(c -> c.getTransaction()
            .setTransactionHandleSecret(TransactionIT.SECRET));
        try (ProxyProcess dying = ProxyProcess.start(Map.of("namesrvAddr", TestCluster.namesrvAddr(),
            "transactionHandleSecret", TransactionIT.SECRET))) {
            String topic = TestCluster.newTopic("tx_failover", 4, TopicMessageType.TRANSACTION);
            String group = TestCluster.uniqueName("PID_failover");
            TransactionClient viaDying = new TransactionClient(dying.port());
            TransactionClient viaSurvivor = new TransactionClient(survivor.port());
            String received = "rocketmq_http_transaction_checks_received_total{topic=\"" + topic + "\"}";

            long questionsBefore = TestCluster.storedMessages(checkTopic, 8);
            // the dying proxy is the only producer of the group: the broker's question goes to it
            JsonNode half = viaDying.half(topic, group, "{\"transaction\": true, \"body\": \"survives\"}");
            long deadline = System.currentTimeMillis() + 60_000;
            while ((viaDying.metric(received) == 0 || TestCluster.storedMessages(checkTopic, 8) == questionsBefore)
                && System.currentTimeMillis() < deadline) {
                TestCluster.runTransactionChecks();
                Thread.sleep(500);
            }
            assertTrue("the dying proxy received the broker's question", viaDying.metric(received) > 0);
            assertTrue("and stored it", TestCluster.storedMessages(checkTopic, 8) > questionsBefore);

            dying.kill();

            JsonNode check = viaSurvivor.awaitCheck(topic, group, half.get("messageId").asText(), 30_000);
            assertEquals("survives", check.get("body").asText());
            assertEquals("the survivor was never asked by the broker: the question is the dead proxy's", 0,
                viaSurvivor.metric(received));
            HttpTestClient.Response commit = viaSurvivor.end(topic, group, check.get("transactionHandle").asText(), "COMMIT");
            assertEquals(commit.toString(), 200, commit.status);
            assertEquals("delivered once", 1, NativeConsumers.readFromStart(topic, 2, 5000).size());
        } finally {
            survivor.shutdown();
            TestCluster.transactionChecks(2000, 1000);
        }
    }
}
