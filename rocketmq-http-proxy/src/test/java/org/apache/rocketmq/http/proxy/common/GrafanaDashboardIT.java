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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.test.HttpTestClient;
import org.apache.rocketmq.http.proxy.test.TestCluster;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

/**
 * The Grafana dashboard of the distribution loads (the fields Grafana needs to import it are there)
 * and asks only for metrics, and labels, that a real proxy's {@code /metrics} has.
 */
public class GrafanaDashboardIT {
    private static final Path DASHBOARD = Paths.get("..", "distribution", "conf", "grafana-dashboard.json");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? \\S+$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");
    /** A metric name with its label matchers, as in {@code name{a="b", c=~"d"}}. */
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{[^}]*\\})?");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,\\s*"
        + "([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
    private static final Set<String> PROMQL = Set.of("sum", "rate", "irate", "increase", "histogram_quantile", "by",
        "without", "avg", "max", "min", "count", "topk", "bottomk", "on", "ignoring", "group_left", "group_right", "and",
        "or", "unless", "offset", "clamp_min", "clamp_max", "abs", "delta", "deriv");
    /** Added by Prometheus when it scrapes, or made by histogram_quantile's input. */
    private static final Set<String> SCRAPE_LABELS = Set.of("instance", "job");

    @Test
    public void theDashboardLoadsAndAsksOnlyForMetricsARealProxyHas() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readAllBytes(DASHBOARD));
        for (String field : new String[] {"title", "uid", "schemaVersion", "panels", "templating"}) {
            assertTrue("the dashboard has " + field, dashboard.has(field));
        }
        assertEquals("prometheus", dashboard.get("__inputs").get(0).get("pluginId").asText());

        Map<String, Set<String>> labels = scrapeOfABusyProxy();
        List<String> expressions = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertTrue("panel " + panel, panel.hasNonNull("type") && panel.hasNonNull("title") && panel.has("gridPos"));
            assertTrue("panel ids are unique", ids.add(panel.get("id").asInt()));
            if (panel.get("type").asText().equals("row")) {
                continue;
            }
            assertTrue("panel " + panel.get("title") + " has queries", panel.get("targets").size() > 0);
            for (JsonNode target : panel.get("targets")) {
                expressions.add(target.get("expr").asText());
            }
        }
        for (JsonNode variable : dashboard.get("templating").get("list")) {
            if (variable.has("definition")) {
                expressions.add(variable.get("definition").asText());
            }
        }
        assertTrue(expressions.size() > 10);
        Set<String> used = new HashSet<>();
        for (String expr : expressions) {
            checkExpression(expr, labels, used);
        }
        for (String family : new String[] {"rocketmq_http_request_duration_seconds_bucket",
            "rocketmq_http_broker_call_duration_seconds_bucket", "rocketmq_http_throttled_requests_total",
            "rocketmq_http_messages_produced_total", "jvm_gc_collection_seconds_sum", "jvm_memory_used_bytes",
            "jvm_threads_current"}) {
            assertTrue("the dashboard shows " + family, used.contains(family));
        }
    }

    private static void checkExpression(String expr, Map<String, Set<String>> labels, Set<String> used) {
        Matcher variable = LABEL_VALUES.matcher(expr);
        if (variable.matches()) {
            Set<String> own = labels.get(variable.group(1));
            assertNotNull("[" + expr + "] asks for " + variable.group(1) + ", which /metrics does not have", own);
            assertTrue(expr, own.contains(variable.group(2)) || SCRAPE_LABELS.contains(variable.group(2)));
            return;
        }
        String plain = expr.replaceAll("\\[[^]]*\\]", "").replaceAll("\"[^\"]*\"", "\"\"");
        Set<String> exprLabels = new HashSet<>(SCRAPE_LABELS);
        Matcher selector = SELECTOR.matcher(GROUPING.matcher(plain).replaceAll(" "));
        while (selector.find()) {
            String name = selector.group(1);
            if (PROMQL.contains(name) || name.matches("[0-9.]+")) {
                continue;
            }
            Set<String> own = labels.get(name);
            assertNotNull("[" + expr + "] asks for " + name + ", which /metrics does not have", own);
            used.add(name);
            exprLabels.addAll(own);
            if (selector.group(2) != null) {
                Matcher label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)").matcher(selector.group(2));
                while (label.find()) {
                    assertTrue("[" + expr + "] matches label " + label.group(1) + " that " + name + " does not have: " + own,
                        own.contains(label.group(1)) || SCRAPE_LABELS.contains(label.group(1)));
                }
            }
        }
        Matcher grouping = GROUPING.matcher(plain);
        while (grouping.find()) {
            for (String label : grouping.group(1).split(",")) {
                assertTrue("[" + expr + "] groups by " + label.trim() + ", which none of its metrics has",
                    exprLabels.contains(label.trim()));
            }
        }
    }

    /**
     * Every route used, one request throttled: the labelled series of a proxy at work.
     *
     * @return the label names of each sample name
     */
    private static Map<String, Set<String>> scrapeOfABusyProxy() throws Exception {
        String topic = TestCluster.newTopic("Dashboard");
        String group = TestCluster.newGroup("GID_dashboard");
        Path quotaFile = Files.createTempFile("quota", ".yml");
        Files.writeString(quotaFile, "rules:\n  - topic: " + topic + "\n    messagesPerSecond: 1\n    burstSeconds: 100\n");
        HttpProxyController proxy = TestCluster.startProxy(c -> c.getFlowControl().setQuotaFile(quotaFile.toString()));
        try {
            HttpTestClient http = new HttpTestClient(proxy.port());
            assertEquals(200, http.postJson("/v1/topics/" + topic + "/messages", Map.of("body", "hello")).status);
            assertEquals(429, http.postJson("/v1/topics/" + topic + "/messages",
                "{\"messages\": [" + "{\"body\": \"x\"},".repeat(100) + "{\"body\": \"x\"}]}").status);
            JsonNode messages = http.receive(topic, group, "&waitSeconds=5");
            assertFalse(messages.isEmpty());
            assertEquals(200, http.ack(topic, group, List.of(messages.get(0).get("receiptHandle").asText())).status);
            // no request fails authentication without ACL; this is the counter the authenticator increments
            proxy.metrics().authFailure("unknownAccessKey");
            String scrape = http.get("/metrics").text();
            Map<String, Set<String>> labels = new HashMap<>();
            for (String line : scrape.split("\n")) {
                Matcher m = SAMPLE.matcher(line);
                if (line.startsWith("#") || !m.matches()) {
                    continue;
                }
                Set<String> names = labels.computeIfAbsent(m.group(1), k -> new HashSet<>());
                if (m.group(2) != null) {
                    Matcher label = LABEL.matcher(m.group(2));
                    while (label.find()) {
                        names.add(label.group(1));
                    }
                }
            }
            return labels;
        } finally {
            proxy.shutdown();
            Files.deleteIfExists(quotaFile);
        }
    }
}
