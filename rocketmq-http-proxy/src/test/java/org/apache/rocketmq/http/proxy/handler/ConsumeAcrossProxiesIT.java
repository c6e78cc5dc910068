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
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.attribute.TopicMessageType;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.test.HttpTestClient;
import org.apache.rocketmq.http.proxy.test.NativeConsumers;
import org.apache.rocketmq.http.proxy.test.TestCluster;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * Consumption that no single proxy owns: acks through another instance, a proxy lost mid-way, FIFO
 * under concurrent receivers, and stock RocketMQ clients on both sides.
 */
public class ConsumeAcrossProxiesIT {

    private static List<String> handles(JsonNode messages) {
        List<String> handles = new ArrayList<>();
        messages.forEach(m -> handles.add(m.get("receiptHandle").asText()));
        return handles;
    }

    @Test
    public void receiveOnOneProxyAckOnAnotherAndFinishAfterTheFirstDies() throws Exception {
        HttpProxyController proxyA = TestCluster.startProxy();
        HttpProxyController proxyB = TestCluster.startProxy();
        try {
            HttpTestClient a = new HttpTestClient(proxyA.port());
            HttpTestClient b = new HttpTestClient(proxyB.port());
            String topic = TestCluster.newTopic("two_proxies");
            String group = TestCluster.newGroup("GID_two");
            for (int i = 0; i < 40; i++) {
                ConsumeIT.produce(i % 2 == 0 ? a : b, topic, "m" + i, null, null);
            }
            Set<String> acked = new HashSet<>();
            // A receives, B acks
            JsonNode first = a.receive(topic, group, "&max=8&waitSeconds=5&invisibleSeconds=10");
            assertTrue(first.size() > 0);
            HttpTestClient.Response ackOnB = b.ack(topic, group, handles(first));
            assertEquals(ackOnB.toString(), 200, ackOnB.status);
            first.forEach(m -> acked.add(m.get("body").asText()));

            // A hands out more that nobody acks, then dies
            JsonNode orphaned = a.receive(topic, group, "&max=8&waitSeconds=5&invisibleSeconds=10");
            assertTrue(orphaned.size() > 0);
            proxyA.shutdown();

            long deadline = System.currentTimeMillis() + 60_000;
            while (acked.size() < 40 && System.currentTimeMillis() < deadline) {
                JsonNode messages = b.receive(topic, group, "&max=16&waitSeconds=3&invisibleSeconds=10");
                if (messages.size() > 0) {
                    assertEquals(200, b.ack(topic, group, handles(messages)).status);
                    messages.forEach(m -> acked.add(m.get("body").asText()));
                }
            }
            assertEquals("nothing lost when a proxy dies", 40, acked.size());
        } finally {
            proxyA.shutdown();
            proxyB.shutdown();
        }
    }

    @Test
    public void fifoGroupDeliversEachMessageGroupInOrderUnderConcurrentReceivers() throws Exception {
        HttpProxyController proxy = TestCluster.startProxy();
        ExecutorService receivers = Executors.newFixedThreadPool(3);
        try {
            HttpTestClient http = new HttpTestClient(proxy.port());
            String topic = TestCluster.newTopic("fifo_consume", 4, TopicMessageType.FIFO);
            String group = TestCluster.newGroup("GID_fifo", true, 16);
            int perGroup = 15;
            List<String> messageGroups = List.of("order-a", "order-b", "order-c", "order-d");
            for (int i = 0; i < perGroup; i++) {
                for (String g : messageGroups) {
                    HttpTestClient.Response r = http.postJson("/v1/topics/" + topic + "/messages",
                        Map.of("body", g + ":" + i, "messageGroup", g));
                    assertEquals(r.toString(), 200, r.status);
                }
            }
            Map<String, List<Integer>> processed = new ConcurrentHashMap<>();
            messageGroups.forEach(g -> processed.put(g, Collections.synchronizedList(new ArrayList<>())));
            List<String> violations = new CopyOnWriteArrayList<>();
            int total = perGroup * messageGroups.size();
            List<Future<?>> futures = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                futures.add(receivers.submit(() -> {
                    long deadline = System.currentTimeMillis() + 60_000;
                    while (processed.values().stream().mapToInt(List::size).sum() < total
                        && System.currentTimeMillis() < deadline) {
                        HttpTestClient.Response received = http.get("/v1/topics/" + topic + "/messages?group=" + group
                            + "&max=4&waitSeconds=2&invisibleSeconds=20");
                        if (received.status == 503) {
                            // a broker hiccup on a loaded machine; a real consumer retries, and order must still hold
                            continue;
                        }
                        assertEquals(received.toString(), 200, received.status);
                        JsonNode messages = received.json().get("messages");
                        for (JsonNode m : messages) {
                            String[] parts = m.get("body").asText().split(":");
                            assertEquals(parts[0], m.get("messageGroup").asText());
                            List<Integer> seen = processed.get(parts[0]);
                            synchronized (seen) {
                                int expected = seen.size();
                                if (Integer.parseInt(parts[1]) != expected) {
                                    violations.add(m.get("body").asText() + " after " + seen);
                                }
                                seen.add(Integer.parseInt(parts[1]));
                            }
                            HttpTestClient.Response ack = http.ack(topic, group, List.of(m.get("receiptHandle").asText()));
                            assertEquals(ack.toString(), 200, ack.status);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(90, TimeUnit.SECONDS);
            }
            assertEquals(violations.toString(), 0, violations.size());
            for (String g : messageGroups) {
                assertEquals(g, perGroup, processed.get(g).size());
            }
        } finally {
            receivers.shutdownNow();
            proxy.shutdown();
        }
    }

    @Test
    public void stockProducerMessagesArriveOverHttpUnchangedWhileAStockConsumerReadsToo() throws Exception {
        HttpProxyController proxy = TestCluster.startProxy();
        DefaultMQProducer producer = new DefaultMQProducer(TestCluster.uniqueName("PID_stock"));
        producer.setNamesrvAddr(TestCluster.namesrvAddr());
        producer.setInstanceName(producer.getProducerGroup());
        DefaultMQPushConsumer push = new DefaultMQPushConsumer(TestCluster.newGroup("GID_stock_push"));
        try {
            HttpTestClient http = new HttpTestClient(proxy.port());
            String topic = TestCluster.newTopic("interop");
            String httpGroup = TestCluster.newGroup("GID_interop_http");

            Set<String> pushed = ConcurrentHashMap.newKeySet();
            push.setNamesrvAddr(TestCluster.namesrvAddr());
            push.setInstanceName(push.getConsumerGroup());
            push.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            push.subscribe(topic, "*");
            push.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
                msgs.forEach(m -> pushed.add(m.getKeys()));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            NativeConsumers.startPush(push, topic);
            producer.start();

            byte[] binary = new byte[300];
            for (int i = 0; i < binary.length; i++) {
                binary[i] = (byte) (255 - i);
            }
            byte[] large = new byte[16 * 1024];
            for (int i = 0; i < large.length; i++) {
                large[i] = (byte) ('a' + i % 26);
            }
            Message m1 = new Message(topic, "TagBin", "key-bin", binary);
            m1.putUserProperty("origin", "native");
            Message m2 = new Message(topic, "TagText", "key-text", "héllo".getBytes(StandardCharsets.UTF_8));
            Message m3 = new Message(topic, "TagLarge", "key-large", large);
            for (Message m : List.of(m1, m2, m3)) {
                SendResult r = producer.send(m);
                assertEquals(SendStatus.SEND_OK, r.getSendStatus());
            }

            Map<String, JsonNode> byKey = new ConcurrentHashMap<>();
            long deadline = System.currentTimeMillis() + 20_000;
            while (byKey.size() < 3 && System.currentTimeMillis() < deadline) {
                JsonNode messages = http.receive(topic, httpGroup, "&waitSeconds=2&bodyEncoding=base64");
                messages.forEach(m -> byKey.put(m.get("keys").get(0).asText(), m));
                if (messages.size() > 0) {
                    http.ack(topic, httpGroup, handles(messages));
                }
            }
            assertEquals(3, byKey.size());
            assertEquals(java.util.Base64.getEncoder().encodeToString(binary), byKey.get("key-bin").get("body").asText());
            assertEquals("TagBin", byKey.get("key-bin").get("tag").asText());
            assertEquals("native", byKey.get("key-bin").get("properties").get("origin").asText());
            assertEquals(java.util.Base64.getEncoder().encodeToString("héllo".getBytes(StandardCharsets.UTF_8)),
                byKey.get("key-text").get("body").asText());
            assertEquals("compressed by the stock producer, decompressed on the way out",
                java.util.Base64.getEncoder().encodeToString(large), byKey.get("key-large").get("body").asText());

            // the stock push consumer of another group saw all of them too
            deadline = System.currentTimeMillis() + 30_000;
            while (pushed.size() < 3 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(Set.of("key-bin", "key-text", "key-large"), pushed);
        } finally {
            push.shutdown();
            producer.shutdown();
            proxy.shutdown();
        }
    }
}
