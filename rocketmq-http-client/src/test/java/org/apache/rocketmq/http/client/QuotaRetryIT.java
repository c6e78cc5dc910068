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
package org.apache.rocketmq.http.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.test.NativeConsumers;
import org.apache.rocketmq.http.proxy.test.TestCluster;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * The SDK against a proxy that enforces a quota: throttled sends are retried after the proxy's
 * {@code Retry-After}, so a producer faster than its quota is slowed down rather than failed.
 */
public class QuotaRetryIT {
    @Test
    public void aProducerFasterThanItsQuotaIsSlowedDownAndLosesNothing() throws Exception {
        String topic = TestCluster.newTopic("SdkQuota");
        Path quotaFile = Files.createTempFile("quota", ".yml");
        Files.writeString(quotaFile, "rules:\n  - topic: " + topic + "\n    messagesPerSecond: 5\n");
        HttpProxyController proxy = TestCluster.startProxy(c -> c.getFlowControl().setQuotaFile(quotaFile.toString()));
        ClientConfig config = LiveProxies.config(proxy)
            .retryPolicy(RetryPolicy.builder().maxAttempts(10).backoff(Duration.ofMillis(50), Duration.ofSeconds(2), 2).build())
            .build();
        Set<String> sent = new TreeSet<>();
        long start = System.nanoTime();
        try (HttpProducer producer = HttpProducer.create(config)) {
            for (int i = 0; i < 20; i++) {
                sent.add(producer.send(Message.builder().topic(topic).body("m" + i).build()).messageId());
            }
        } finally {
            proxy.shutdown();
            Files.deleteIfExists(quotaFile);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(20, sent.size());
        // 5 at once, then 5 a second: the last of 20 can be stored after 3 s at the earliest
        assertTrue("20 sends took " + seconds + " s", seconds >= 2.5);
        List<String> stored = new ArrayList<>();
        for (MessageExt m : NativeConsumers.readFromStart(topic, 21, 3000)) {
            stored.add(m.getMsgId());
        }
        assertEquals("every message once, none twice", sent, new TreeSet<>(stored));
        assertEquals(20, stored.size());
    }
}
