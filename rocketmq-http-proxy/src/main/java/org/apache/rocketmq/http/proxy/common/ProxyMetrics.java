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

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * Counters of the proxy, exposed at {@code GET /metrics} in the Prometheus text format. Updates are
 * lock-free; label sets are bounded (route templates, not paths).
 */
public final class ProxyMetrics {
    private static final Set<String> STANDARD_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT",
        "OPTIONS", "TRACE", "PATCH");

    private final ConcurrentHashMap<Series, LongAdder> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Series, LongAdder> requestNanos = new ConcurrentHashMap<>();

    /**
     * A label set; labels are rendered only at scrape time, so counting a request builds no strings.
     */
    private record Series(String method, String route, int status) {
        String labels() {
            return "method=\"" + method + "\",route=\"" + route + "\"" + (status == 0 ? "" : ",status=\"" + status + "\"");
        }
    }
    private final LongAdder messagesProduced = new LongAdder();
    private final LongAdder messagesProduceFailed = new LongAdder();
    private final LongAdder messagesReceived = new LongAdder();
    private final LongAdder messagesAcked = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final Map<String, IntSupplier> gauges = new ConcurrentHashMap<>();
    private final Map<TransactionEvent, ConcurrentHashMap<String, LongAdder>> transactions = new EnumMap<>(TransactionEvent.class);

    /**
     * What happens to transactional messages, counted by topic.
     */
    public enum TransactionEvent {
        HALF_MESSAGE("rocketmq_http_transaction_half_messages_total", "Half messages the broker stored."),
        COMMIT("rocketmq_http_transaction_commits_total", "Transactions committed through this proxy."),
        ROLLBACK("rocketmq_http_transaction_rollbacks_total", "Transactions rolled back through this proxy."),
        CHECK_RECEIVED("rocketmq_http_transaction_checks_received_total",
            "Check-back questions brokers sent to this proxy."),
        CHECK_DELIVERED("rocketmq_http_transaction_checks_delivered_total",
            "Check-back questions handed to HTTP producers."),
        CHECK_ANSWERED("rocketmq_http_transaction_checks_answered_total",
            "Check-back questions HTTP producers answered with a commit or rollback."),
        CHECK_CLOSED("rocketmq_http_transaction_checks_closed_total",
            "Check-back questions about ended transactions that the proxy closed itself.");

        private final String metric;
        private final String help;

        TransactionEvent(String metric, String help) {
            this.metric = metric;
            this.help = help;
        }
    }

    public ProxyMetrics() {
        for (TransactionEvent e : TransactionEvent.values()) {
            transactions.put(e, new ConcurrentHashMap<>());
        }
    }

    public void requestDone(String method, String route, int status, long nanos) {
        String methodLabel = methodLabel(method);
        requests.computeIfAbsent(new Series(methodLabel, route, status), k -> new LongAdder()).increment();
        requestNanos.computeIfAbsent(new Series(methodLabel, route, 0), k -> new LongAdder()).add(nanos);
    }

    /**
     * The method is the client's token: any other than the standard ones would add a series per request.
     */
    private static String methodLabel(String method) {
        return STANDARD_METHODS.contains(method) ? method : "OTHER";
    }

    public AtomicInteger inFlight() {
        return inFlight;
    }

    public AtomicInteger connections() {
        return connections;
    }

    public void produced(int n) {
        messagesProduced.add(n);
    }

    public void produceFailed(int n) {
        messagesProduceFailed.add(n);
    }

    public void received(int n) {
        messagesReceived.add(n);
    }

    public void acked(int n) {
        messagesAcked.add(n);
    }

    /**
     * Counts one event of a transaction of the topic (an existing topic: label values stay bounded).
     */
    public void transaction(TransactionEvent event, String topic) {
        transactions.get(event).computeIfAbsent(topic, t -> new LongAdder()).increment();
    }

    /**
     * Registers a gauge read at scrape time, e.g. the number of pooled producers.
     */
    public void gauge(String name, IntSupplier supplier) {
        gauges.put(name, supplier);
    }

    public String scrape() {
        StringBuilder sb = new StringBuilder(2048);
        sb.append("# HELP rocketmq_http_requests_total HTTP requests answered, by route and status.\n");
        sb.append("# TYPE rocketmq_http_requests_total counter\n");
        sorted(requests).forEach((k, v) -> sb.append("rocketmq_http_requests_total{").append(k).append("} ")
            .append(v.sum()).append('\n'));
        sb.append("# HELP rocketmq_http_request_seconds_total Time spent answering HTTP requests, by route.\n");
        sb.append("# TYPE rocketmq_http_request_seconds_total counter\n");
        sorted(requestNanos).forEach((k, v) -> sb.append("rocketmq_http_request_seconds_total{").append(k)
            .append("} ").append(v.sum() / 1e9).append('\n'));
        counter(sb, "rocketmq_http_messages_produced_total", "Messages the broker stored (SEND_OK).",
            messagesProduced.sum());
        counter(sb, "rocketmq_http_messages_produce_failed_total", "Messages that could not be produced.",
            messagesProduceFailed.sum());
        counter(sb, "rocketmq_http_messages_received_total", "Messages handed to HTTP consumers.",
            messagesReceived.sum());
        counter(sb, "rocketmq_http_messages_acked_total", "Messages acknowledged by HTTP consumers.",
            messagesAcked.sum());
        for (Map.Entry<TransactionEvent, ConcurrentHashMap<String, LongAdder>> e : transactions.entrySet()) {
            sb.append("# HELP ").append(e.getKey().metric).append(' ').append(e.getKey().help).append('\n');
            sb.append("# TYPE ").append(e.getKey().metric).append(" counter\n");
            new TreeMap<>(e.getValue()).forEach((topic, v) -> sb.append(e.getKey().metric).append("{topic=\"").append(topic)
                .append("\"} ").append(v.sum()).append('\n'));
        }
        gauge(sb, "rocketmq_http_requests_in_flight", "HTTP requests being handled.", inFlight.get());
        gauge(sb, "rocketmq_http_connections", "Open HTTP connections.", connections.get());
        new TreeMap<>(gauges).forEach((name, g) -> gauge(sb, name, name.replace('_', ' ') + ".", g.getAsInt()));
        return sb.toString();
    }

    private static TreeMap<String, LongAdder> sorted(Map<Series, LongAdder> series) {
        TreeMap<String, LongAdder> byLabels = new TreeMap<>();
        series.forEach((k, v) -> byLabels.put(k.labels(), v));
        return byLabels;
    }

    private static void counter(StringBuilder sb, String name, String help, long value) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" counter\n");
        sb.append(name).append(' ').append(value).append('\n');
    }

    private static void gauge(StringBuilder sb, String name, String help, long value) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" gauge\n");
        sb.append(name).append(' ').append(value).append('\n');
    }
}
