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

import io.netty.handler.codec.http.QueryStringDecoder;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics;
import org.apache.rocketmq.http.proxy.config.FlowControlConfig;
import org.apache.rocketmq.http.proxy.server.HttpRequestContext;
import org.apache.rocketmq.http.proxy.server.Router;
import org.junit.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * The state of 100,000 distinct callers: what it costs in heap while they are active, that it is
 * bounded, and that it is given back once they go idle.
 */
public class QuotaMemoryTest {
    private static final Logger log = LoggerFactory.getLogger(QuotaMemoryTest.class);
    private static final int CALLERS = 100_000;

    private static long retainedHeap() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static HttpRequestContext produce() throws Exception {
        HttpRequestContext request = new HttpRequestContext("POST", "/v1/topics/Orders/messages",
            new QueryStringDecoder("?").parameters(), Map.of("Content-Type", "application/octet-stream"),
            "hello".getBytes(StandardCharsets.UTF_8), "test");
        new Router().post("/v1/topics/{topic}/messages", r -> null).match("POST", "/v1/topics/Orders/messages")
            .invoke(request);
        return request;
    }

    private static String address(int i) {
        return "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
    }

    @Test
    public void aHundredThousandCallersCostABoundedHeapThatIdleCallersGiveBack() throws Exception {
        ManualClock clock = new ManualClock();
        FlowControlConfig config = new FlowControlConfig();
        QuotaEnforcer quotas = new QuotaEnforcer(config, "P", new ProxyMetrics(), clock, clock);
        // a message and a byte bucket for every caller
        quotas.rules(QuotaRules.parse("rules:\n  - clientAddress: '*'\n    messagesPerSecond: 100\n    bytesPerSecond: 100000\n"
            .getBytes(StandardCharsets.UTF_8)));
        HttpRequestContext request = produce();
        String[] addresses = new String[CALLERS];
        for (int i = 0; i < CALLERS; i++) {
            addresses[i] = address(i);
        }
        long before = retainedHeap();
        for (int i = 0; i < CALLERS; i++) {
            quotas.admit(RouteQuota.PRODUCE, null, addresses[i], request);
        }
        assertEquals(2L * CALLERS, quotas.trackedBuckets());
        long active = retainedHeap();
        clock.advance(61, TimeUnit.SECONDS);
        assertEquals(0, quotas.trackedBuckets());
        long idle = retainedHeap();
        long perCaller = (active - before) / CALLERS;
        log.info("quota state of {} callers (2 buckets each): {} MiB retained, {} bytes a caller; {} MiB after they "
            + "went idle", CALLERS, (active - before) >> 20, perCaller, (idle - before) >> 20);
        assertTrue("a caller costs " + perCaller + " bytes", perCaller < 2048);
        assertTrue("idle callers are given back: " + ((idle - before) >> 20) + " MiB left", idle - before < 16L << 20);
    }

    @Test
    public void theTrackedCallersAreBounded() throws Exception {
        ManualClock clock = new ManualClock();
        FlowControlConfig config = new FlowControlConfig();
        config.setQuotaMaxTrackedKeys(10_000);
        QuotaEnforcer quotas = new QuotaEnforcer(config, "P", new ProxyMetrics(), clock, clock);
        quotas.rules(QuotaRules.parse("rules:\n  - clientAddress: '*'\n    messagesPerSecond: 100\n"
            .getBytes(StandardCharsets.UTF_8)));
        HttpRequestContext request = produce();
        for (int i = 0; i < CALLERS; i++) {
            quotas.admit(RouteQuota.PRODUCE, null, address(i), request);
        }
        assertTrue(quotas.trackedBuckets() <= 10_000);
    }
}
