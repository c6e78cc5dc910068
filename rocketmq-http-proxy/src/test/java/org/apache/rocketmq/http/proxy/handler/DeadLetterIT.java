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
package org.apache.rocketmq.http.proxy.handler;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.test.HttpTestClient;
import org.apache.rocketmq.http.proxy.test.NativeConsumers;
import org.apache.rocketmq.http.proxy.test.TestCluster;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.junit.Assert.assertEquals;

/**
 * Dead letters as RocketMQ counts them: a group's {@code retryMaxTimes} counts retries, so a message is
 * delivered {@code retryMaxTimes + 1} times over HTTP and then found in {@code %DLQ%group} by a stock
 * RocketMQ consumer. Every delivery is nacked (a lease of 0), so only the broker's retry path brings the
 * message back, never an invisibility running out.
 */
public class DeadLetterIT {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterIT.class);

    private static HttpProxyController proxy;
    private static HttpTestClient http;

    @BeforeClass
    public static void startProxy() {
        proxy = TestCluster.startProxy();
        http = new HttpTestClient(proxy.port());
    }

    @AfterClass
    public static void stopProxy() {
        proxy.shutdown();
    }

    @Test
    public void retryMaxTimesZeroDeliversOnceAndNeverRetries() throws Exception {
        assertDeadLetteredAfter(TestCluster.newGroup("GID_dlq0", false, 0), 1);
    }

    @Test
    public void retryMaxTimesOneDeliversTwice() throws Exception {
        assertDeadLetteredAfter(TestCluster.newGroup("GID_dlq1", false, 1), 2);
    }

    @Test
    public void defaultGroupDeliversSeventeenTimes() throws Exception {
        // created without setting retryMaxTimes: RocketMQ's default of 16 retries
        assertDeadLetteredAfter(TestCluster.newGroup("GID_dlq_default"), 17);
    }

    private static void assertDeadLetteredAfter(String group, int expectedDeliveries) throws Exception {
        long start = System.currentTimeMillis();
        String topic = TestCluster.newTopic("dlq");
        String key = TestCluster.uniqueName("poison");
        HttpTestClient.Response sent = http.postJson("/v1/topics/" + topic + "/messages",
            Map.of("body", "poison", "keys", List.of(key)));
        assertEquals(sent.toString(), 200, sent.status);
        String messageId = sent.json().get("messageId").asText();
        String dlq = MixAll.getDLQTopic(group);

        int deliveries = 0;
        long deadline = System.currentTimeMillis() + 60_000L + expectedDeliveries * 15_000L;
        while (!inDeadLetterTopic(dlq) && System.currentTimeMillis() < deadline) {
            // a long invisibility: only the nack below brings the message back. Short waits: a RocketMQ 5.2
            // broker does not wake a receive already waiting when it revives a nacked message, so the
            // message is seen by the next receive
            JsonNode messages = http.receive(topic, group, "&waitSeconds=1&invisibleSeconds=300");
            for (JsonNode m : messages) {
                deliveries++;
                assertEquals(messageId, m.get("messageId").asText());
                assertEquals("delivery " + deliveries, deliveries, m.get("deliveryAttempt").asInt());
                HttpTestClient.Response nack = http.lease(topic, group, m.get("receiptHandle").asText(), 0);
                assertEquals(nack.toString(), 200, nack.status);
            }
        }
        assertEquals("deliveries over HTTP before the dead-letter topic", expectedDeliveries, deliveries);

        TestCluster.awaitRoute(dlq);
        List<MessageExt> dead = NativeConsumers.readFromStart(dlq, 1, 15_000);
        assertEquals(dead.toString(), 1, dead.size());
        MessageExt letter = dead.get(0);
        assertEquals(messageId, letter.getProperty(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX));
        assertEquals(key, letter.getKeys());
        assertEquals("poison", new String(letter.getBody(), StandardCharsets.UTF_8));

        // moved and acked: it is not delivered again
        JsonNode after = http.receive(topic, group, "&waitSeconds=3");
        assertEquals(after.toString(), 0, after.size());
        log.info("{} deliveries, then %DLQ%, in {} ms", expectedDeliveries, System.currentTimeMillis() - start);
    }

    private static boolean inDeadLetterTopic(String dlq) {
        return TestCluster.rocketmq().broker().getMessageStore().getMaxOffsetInQueue(dlq, 0) > 0;
    }
}
