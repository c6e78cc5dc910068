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

import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.test.HttpTestClient;
import org.apache.rocketmq.http.proxy.test.TestCluster;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * The operations endpoints of a proxy in front of a live broker.
 */
public class OpsIT {
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
    public void healthIsUp() {
        HttpTestClient.Response r = http.get("/health");
        assertEquals(200, r.status);
        assertEquals("UP", r.json().get("status").asText());
    }

    @Test
    public void readyWhenTheBrokerAnswers() {
        HttpTestClient.Response r = http.get("/ready");
        assertEquals(r.toString(), 200, r.status);
        assertEquals(1, r.json().get("brokersAnswering").asInt());
    }

    @Test
    public void metricsAreInPrometheusTextFormat() {
        http.get("/health");
        HttpTestClient.Response r = http.get("/metrics");
        assertEquals(200, r.status);
        assertTrue(r.header("Content-Type").startsWith("text/plain"));
        assertTrue(r.text().contains("# TYPE rocketmq_http_requests_total counter"));
        assertTrue(r.text().contains("rocketmq_http_requests_total{method=\"GET\",route=\"/health\",status=\"200\"}"));
    }

    @Test
    public void openApiDocumentIsServed() {
        HttpTestClient.Response r = http.get("/openapi.json");
        assertEquals(200, r.status);
        assertTrue(r.json().get("paths").has("/v1/topics/{topic}/messages"));
        assertTrue(r.json().get("paths").has("/v1/topics/{topic}/acks"));
    }
}
