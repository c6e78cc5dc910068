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
    static Map<String, Double> parse(String text) {
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
                String name = family(m.group(1), types);
                assertTrue("sample of a metric with HELP: " + line, helped.contains(name));
                assertNotNull("sample of a metric with TYPE: " + line, types.get(name));
                sampled.add(name);
                double value = Double.parseDouble(m.group(3));
                String key = m.group(2) == null ? m.group(1) : m.group(1) + "{" + m.group(2) + "}";
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

    /**
     * The metric a sample belongs to: histograms and summaries have _bucket, _count and _sum samples.
     */
    private static String family(String sample, Map<String, String> types) {
        for (String suffix : new String[] {"_bucket", "_count", "_sum"}) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                String type = types.get(base);
                if ("histogram".equals(type) || "summary".equals(type)) {
                    return base;
                }
            }
        }
        return sample;
    }

    @Test
    public void emptyScrapeIsValidAndHasEveryMetric() {
        String text = new ProxyMetrics().scrape();
        Map<String, Double> samples = parse(text);
        for (String name : new String[] {"rocketmq_http_requests_in_flight", "rocketmq_http_connections",
            "rocketmq_http_connections_refused_total"}) {
            assertEquals(name, 0.0, samples.get(name), 0.0);
        }
        // labelled metrics appear with their first series; these have theirs from the start
        for (String family : new String[] {"rocketmq_http_broker_call_duration_seconds histogram",
            "rocketmq_http_requests_in_flight gauge", "rocketmq_http_connections gauge",
            "rocketmq_http_connections_refused_total counter"}) {
            assertTrue(family, text.contains("# TYPE " + family + "\n"));
        }
    }

    @Test
    public void everyMetricHasItsType() {
        ProxyMetrics metrics = new ProxyMetrics();
        metrics.requestDone("GET", "/health", 200, 1);
        metrics.produced("t", 1, 1);
        metrics.produceFailed("t", 1);
        metrics.received("t", 1, 1);
        metrics.acked("t", 1);
        metrics.throttled("topic", "messages");
        metrics.authFailure("unknownAccessKey");
        String text = metrics.scrape();
        parse(text);
        for (String family : new String[] {"rocketmq_http_requests_total counter",
            "rocketmq_http_request_duration_seconds histogram", "rocketmq_http_broker_call_duration_seconds histogram",
            "rocketmq_http_messages_produced_total counter", "rocketmq_http_messages_produce_failed_total counter",
            "rocketmq_http_messages_received_total counter", "rocketmq_http_messages_acked_total counter",
            "rocketmq_http_message_bytes_produced_total counter", "rocketmq_http_message_bytes_received_total counter",
            "rocketmq_http_throttled_requests_total counter", "rocketmq_http_auth_failures_total counter",
            "rocketmq_http_requests_in_flight gauge", "rocketmq_http_connections gauge"}) {
            assertTrue(family, text.contains("# TYPE " + family + "\n"));
        }
    }

    @Test
    public void theJvmIsMeasuredToo() {
        Map<String, Double> samples = parse(new ProxyMetrics().scrape());
        assertTrue(samples.keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes{area=\"heap\"")));
        assertTrue(samples.keySet().stream().anyMatch(k -> k.startsWith("jvm_threads_current")));
        assertTrue(samples.keySet().stream().anyMatch(k -> k.startsWith("jvm_gc_collection_seconds_count")));
        assertTrue(samples.keySet().stream().anyMatch(k -> k.startsWith("process_cpu_seconds_total")));
    }

    @Test
    public void messagesAndBytesAreCountedByTopic() {
        ProxyMetrics metrics = new ProxyMetrics();
        metrics.produced("Orders", 3, 300);
        metrics.produceFailed("Orders", 1);
        metrics.received("Orders", 5, 500);
        metrics.acked("Orders", 2);
        metrics.produced("Audit", 1, 10);
        Map<String, Double> first = parse(metrics.scrape());
        assertEquals(3.0, first.get("rocketmq_http_messages_produced_total{topic=\"Orders\"}"), 0.0);
        assertEquals(300.0, first.get("rocketmq_http_message_bytes_produced_total{topic=\"Orders\"}"), 0.0);
        assertEquals(1.0, first.get("rocketmq_http_messages_produce_failed_total{topic=\"Orders\"}"), 0.0);
        assertEquals(5.0, first.get("rocketmq_http_messages_received_total{topic=\"Orders\"}"), 0.0);
        assertEquals(500.0, first.get("rocketmq_http_message_bytes_received_total{topic=\"Orders\"}"), 0.0);
        assertEquals(2.0, first.get("rocketmq_http_messages_acked_total{topic=\"Orders\"}"), 0.0);
        assertEquals(1.0, first.get("rocketmq_http_messages_produced_total{topic=\"Audit\"}"), 0.0);

        metrics.produced("Orders", 4, 40);
        metrics.acked("Orders", 1);
        Map<String, Double> second = parse(metrics.scrape());
        assertEquals(7.0, second.get("rocketmq_http_messages_produced_total{topic=\"Orders\"}"), 0.0);
        assertEquals(3.0, second.get("rocketmq_http_messages_acked_total{topic=\"Orders\"}"), 0.0);
    }

    @Test
    public void topicsBeyondTheBoundFoldIntoOther() {
        ProxyMetrics metrics = new ProxyMetrics(2);
        for (int i = 0; i < 50; i++) {
            metrics.produced("t" + i, 1, 1);
        }
        Map<String, Double> samples = parse(metrics.scrape());
        long series = samples.keySet().stream().filter(k -> k.startsWith("rocketmq_http_messages_produced_total{")).count();
        assertEquals(3, series);
        assertEquals(48.0, samples.get("rocketmq_http_messages_produced_total{topic=\"other\"}"), 0.0);
    }

    @Test
    public void requestsAreCountedByMethodRouteAndStatusAndTimedInAHistogram() {
        ProxyMetrics metrics = new ProxyMetrics();
        metrics.requestDone("POST", "/v1/topics/{topic}/messages", 200, 1_500_000_000L);
        metrics.requestDone("POST", "/v1/topics/{topic}/messages", 200, 3_000_000L);
        metrics.requestDone("POST", "/v1/topics/{topic}/messages", 404, 1_000_000L);
        metrics.requestDone("GET", "/health", 200, 1_000L);
        Map<String, Double> samples = parse(metrics.scrape());
        String produce = "method=\"POST\",route=\"/v1/topics/{topic}/messages\"";
        assertEquals(2.0, samples.get("rocketmq_http_requests_total{" + produce + ",status=\"200\"}"), 0.0);
        assertEquals(1.0, samples.get("rocketmq_http_requests_total{" + produce + ",status=\"404\"}"), 0.0);
        assertEquals(1.0, samples.get("rocketmq_http_requests_total{method=\"GET\",route=\"/health\",status=\"200\"}"),
            0.0);
        assertEquals(2.0, samples.get("rocketmq_http_request_duration_seconds_count{" + produce + ",status_class=\"2xx\"}"),
            0.0);
        assertEquals(1.503, samples.get("rocketmq_http_request_duration_seconds_sum{" + produce + ",status_class=\"2xx\"}"),
            1e-9);
        assertEquals(1.0, samples.get("rocketmq_http_request_duration_seconds_bucket{" + produce
            + ",status_class=\"2xx\",le=\"0.005\"}"), 0.0);
        assertEquals(2.0, samples.get("rocketmq_http_request_duration_seconds_bucket{" + produce
            + ",status_class=\"2xx\",le=\"2.5\"}"), 0.0);
        assertEquals(1.0, samples.get("rocketmq_http_request_duration_seconds_count{" + produce + ",status_class=\"4xx\"}"),
            0.0);
    }

    @Test
    public void brokerCallsAreTimedByCallAndOutcome() {
        ProxyMetrics metrics = new ProxyMetrics();
        metrics.brokerCall(ProxyMetrics.BrokerCall.SEND, 2_000_000L, true);
        metrics.brokerCall(ProxyMetrics.BrokerCall.POP, 20_000_000_000L, true);
        metrics.brokerCall(ProxyMetrics.BrokerCall.ACK, 1_000_000L, false);
        Map<String, Double> samples = parse(metrics.scrape());
        assertEquals(1.0, samples.get("rocketmq_http_broker_call_duration_seconds_count{call=\"send\",outcome=\"ok\"}"),
            0.0);
        assertEquals(0.0, samples.get("rocketmq_http_broker_call_duration_seconds_bucket{call=\"pop\",outcome=\"ok\","
            + "le=\"10.0\"}"), 0.0);
        assertEquals(1.0, samples.get("rocketmq_http_broker_call_duration_seconds_bucket{call=\"pop\",outcome=\"ok\","
            + "le=\"20.0\"}"), 0.0);
        assertEquals(1.0, samples.get("rocketmq_http_broker_call_duration_seconds_count{call=\"ack\",outcome=\"error\"}"),
            0.0);
    }

    @Test
    public void throttlingAuthFailuresAndRefusedConnectionsAreCounted() {
        ProxyMetrics metrics = new ProxyMetrics();
        metrics.throttled("topic", "messages");
        metrics.throttled("topic", "messages");
        metrics.throttled("guard", "inFlight");
        metrics.authFailure("badSignature");
        metrics.connectionRefused();
        Map<String, Double> samples = parse(metrics.scrape());
        assertEquals(2.0, samples.get("rocketmq_http_throttled_requests_total{reason=\"messages\",rule=\"topic\"}"), 0.0);
        assertEquals(1.0, samples.get("rocketmq_http_throttled_requests_total{reason=\"inFlight\",rule=\"guard\"}"), 0.0);
        assertEquals(1.0, samples.get("rocketmq_http_auth_failures_total{reason=\"badSignature\"}"), 0.0);
        assertEquals(1.0, samples.get("rocketmq_http_connections_refused_total"), 0.0);
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
