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
package org.apache.rocketmq.http.proxy.common;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class ProxyMetricsTest {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") [^\\n]*");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(?:\\{(" + LABEL + "(?:," + LABEL + ")*)\\})? (\\S+)");

    /**
     * Checks the text exposition format the way a Prometheus server reads it and returns every sample
     * keyed by name and labels.
     */
    private static Map<String, Double> parse(String text) {
        assertTrue("the scrape ends with a newline", text.endsWith("\n"));
        Map<String, Double> samples = new HashMap<>();
        Set<String> helped = new HashSet<>();
        Map<String, String> types = new HashMap<>();
        Set<String> sampled = new HashSet<>();
        for (String line : text.split("\n")) {
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                assertTrue("one HELP per metric: " + line, helped.add(m.group(1)));
                assertFalse("HELP before the samples: " + line, sampled.contains(m.group(1)));
            } else if ((m = TYPE.matcher(line)).matches()) {
                assertTrue("HELP before TYPE: " + line, helped.contains(m.group(1)));
                assertEquals("one TYPE per metric: " + line, null, types.put(m.group(1), m.group(2)));
                assertFalse("TYPE before the samples: " + line, sampled.contains(m.group(1)));
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String name = m.group(1);
                assertTrue("sample of a metric with HELP: " + line, helped.contains(name));
                assertNotNull("sample of a metric with TYPE: " + line, types.get(name));
                sampled.add(name);
                double value = Double.parseDouble(m.group(3));
                String key = m.group(2) == null ? name : name + "{" + m.group(2) + "}";
                assertEquals("no duplicate series: " + line, null, samples.put(key, value));
            } else {
                fail("not a Prometheus text line: [" + line + "]");
            }
        }
        for (String name : helped) {
            assertTrue("metric with a TYPE: " + name, types.containsKey(name));
        }
        return samples;
    }

    @Test
    public void emptyScrapeIsValidAndHasEveryMetric() {
        Map<String, Double> samples = parse(new ProxyMetrics().scrape());
        for (String name : new String[] {"rocketmq_http_messages_produced_total", "rocketmq_http_messages_produce_failed_total",
            "rocketmq_http_messages_received_total", "rocketmq_http_messages_acked_total",
            "rocketmq_http_requests_in_flight", "rocketmq_http_connections"}) {
            assertEquals(name, 0.0, samples.get(name), 0.0);
        }
    }

    @Test
    public void metricTypesAreDeclared() {
        String text = new ProxyMetrics().scrape();
        assertTrue(text.contains("# TYPE rocketmq_http_requests_total counter\n"));
        assertTrue(text.contains("# TYPE rocketmq_http_request_seconds_total counter\n"));
        assertTrue(text.contains("# TYPE rocketmq_http_messages_produced_total counter\n"));
        assertTrue(text.contains("# TYPE rocketmq_http_requests_in_flight gauge\n"));
        assertTrue(text.contains("# TYPE rocketmq_http_connections gauge\n"));
    }

    @Test
    public void countersIncrease() {
        ProxyMetrics metrics = new ProxyMetrics();
        metrics.produced(3);
        metrics.produceFailed(1);
        metrics.received(5);
        metrics.acked(2);
        Map<String, Double> first = parse(metrics.scrape());
        assertEquals(3.0, first.get("rocketmq_http_messages_produced_total"), 0.0);
        assertEquals(1.0, first.get("rocketmq_http_messages_produce_failed_total"), 0.0);
        assertEquals(5.0, first.get("rocketmq_http_messages_received_total"), 0.0);
        assertEquals(2.0, first.get("rocketmq_http_messages_acked_total"), 0.0);

        metrics.produced(4);
        metrics.acked(1);
        Map<String, Double> second = parse(metrics.scrape());
        assertEquals(7.0, second.get("rocketmq_http_messages_produced_total"), 0.0);
        assertEquals(3.0, second.get("rocketmq_http_messages_acked_total"), 0.0);
    }

    @Test
    public void requestsAreCountedByMethodRouteAndStatus() {
        ProxyMetrics metrics = new ProxyMetrics();
        metrics.requestDone("POST", "/v1/topics/{topic}/messages", 200, 1_500_000_000L);
        metrics.requestDone("POST", "/v1/topics/{topic}/messages", 200, 500_000_000L);
        metrics.requestDone("POST", "/v1/topics/{topic}/messages", 404, 1_000_000L);
        metrics.requestDone("GET", "/health", 200, 1_000L);
        Map<String, Double> samples = parse(metrics.scrape());
        assertEquals(2.0, samples.get("rocketmq_http_requests_total{method=\"POST\",route=\"/v1/topics/{topic}/messages\","
            + "status=\"200\"}"), 0.0);
        assertEquals(1.0, samples.get("rocketmq_http_requests_total{method=\"POST\",route=\"/v1/topics/{topic}/messages\","
            + "status=\"404\"}"), 0.0);
        assertEquals(1.0, samples.get("rocketmq_http_requests_total{method=\"GET\",route=\"/health\",status=\"200\"}"), 0.0);
        assertEquals(2.001, samples.get("rocketmq_http_request_seconds_total{method=\"POST\","
            + "route=\"/v1/topics/{topic}/messages\"}"), 1e-9);
    }

    @Test
    public void gaugesAreReadAtScrapeTime() {
        ProxyMetrics metrics = new ProxyMetrics();
        AtomicInteger producers = new AtomicInteger(2);
        metrics.gauge("rocketmq_http_producer_groups", producers::get);
        metrics.inFlight().set(4);
        metrics.connections().set(7);
        Map<String, Double> first = parse(metrics.scrape());
        assertEquals(2.0, first.get("rocketmq_http_producer_groups"), 0.0);
        assertEquals(4.0, first.get("rocketmq_http_requests_in_flight"), 0.0);
        assertEquals(7.0, first.get("rocketmq_http_connections"), 0.0);

        producers.set(5);
        metrics.inFlight().decrementAndGet();
        metrics.connections().set(0);
        Map<String, Double> second = parse(metrics.scrape());
        assertEquals(5.0, second.get("rocketmq_http_producer_groups"), 0.0);
        assertEquals(3.0, second.get("rocketmq_http_requests_in_flight"), 0.0);
        assertEquals(0.0, second.get("rocketmq_http_connections"), 0.0);
        assertTrue(metrics.scrape().contains("# TYPE rocketmq_http_producer_groups gauge\n"));
    }

    @Test
    public void unknownMethodsShareOneLabelSoSeriesStayBounded() {
        ProxyMetrics metrics = new ProxyMetrics();
        for (int i = 0; i < 1000; i++) {
            metrics.requestDone("M" + i, "unmatched", 405, 1);
        }
        metrics.requestDone("GET", "unmatched", 404, 1);
        Map<String, Double> samples = parse(metrics.scrape());
        long series = samples.keySet().stream().filter(k -> k.startsWith("rocketmq_http_requests_total{")).count();
        assertEquals(2, series);
        assertEquals(1000.0, samples.get("rocketmq_http_requests_total{method=\"OTHER\",route=\"unmatched\","
            + "status=\"405\"}"), 0.0);
    }
}
