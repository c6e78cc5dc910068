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

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * The proxy's metrics on the Prometheus Java client, exposed at {@code GET /metrics} in the
 * Prometheus text format together with the JVM's (GC pauses, memory, threads, CPU).
 *
 * <p>Every label set is bounded: routes are templates, methods outside the standard ones are
 * {@code OTHER}, topics beyond {@code maxTopics} fold into {@code other}, and rule kinds, reasons
 * and broker calls are fixed sets. The hot path builds no label strings: each label set's data
 * points are resolved once and kept, and no exemplars are sampled.
 */
public final class ProxyMetrics {
    /** The label value of the topics beyond the bounded set. */
    public static final String OTHER_TOPIC = "other";
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
    public static final int DEFAULT_MAX_TOPICS = 200;

    private static final Set<String> STANDARD_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT",
        "OPTIONS", "TRACE", "PATCH");
    /** Seconds; the longest long poll is 30 s. */
    private static final double[] LATENCY_BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
        1, 2.5, 5, 10, 20, 30};
    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};
    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();
    /** The JVM's metrics are the same for every proxy of a JVM: registered once, scraped by each. */
    private static final PrometheusRegistry JVM_REGISTRY = new PrometheusRegistry();

    static {
        JvmMetrics.builder().register(JVM_REGISTRY);
    }

    /**
     * A call of the proxy to a broker, timed by {@link #brokerCall}.
     */
    public enum BrokerCall {
        SEND, POP, ACK, CHANGE_INVISIBLE;

        final String label = name().toLowerCase(Locale.ROOT);
    }

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

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final int maxTopics;
    private final Counter requests;
    private final Histogram requestDuration;
    private final Counter produced;
    private final Counter produceFailed;
    private final Counter received;
    private final Counter acked;
    private final Counter bytesProduced;
    private final Counter bytesReceived;
    private final Counter[] transactions = new Counter[TransactionEvent.values().length];
    private final Counter throttled;
    private final Counter authFailures;
    private final CounterDataPoint connectionsRefused;
    private final CounterDataPoint brokerFailures;
    private final CounterDataPoint brokerSkips;
    private final DistributionDataPoint[][] brokerCalls = new DistributionDataPoint[BrokerCall.values().length][2];
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final ConcurrentHashMap<Series, RequestSeries> requestSeries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, TopicSeries> topics = new ConcurrentHashMap<>();
    private final TopicSeries otherTopic;
    private final ConcurrentHashMap<String, CounterDataPoint> throttledSeries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CounterDataPoint> authFailureSeries = new ConcurrentHashMap<>();
    private final Set<String> gauges = ConcurrentHashMap.newKeySet();

    public ProxyMetrics() {
        this(DEFAULT_MAX_TOPICS);
    }

    /**
     * @param maxTopics topics that get a label of their own; the others are counted as {@code other}
     */
    public ProxyMetrics(int maxTopics) {
        this.maxTopics = maxTopics;
        requests = Counter.builder().name("rocketmq_http_requests_total")
            .help("HTTP requests answered, by method, route and status.")
            .labelNames("method", "route", "status").withoutExemplars().register(registry);
        requestDuration = Histogram.builder().name("rocketmq_http_request_duration_seconds")
            .help("Time from reading a request to writing its answer, by method, route and status class.")
            .labelNames("method", "route", "status_class").classicOnly().classicUpperBounds(LATENCY_BUCKETS)
            .withoutExemplars().register(registry);
        Histogram brokerCallDuration = Histogram.builder().name("rocketmq_http_broker_call_duration_seconds")
            .help("Time of the proxy's calls to brokers, by call and outcome.")
            .labelNames("call", "outcome").classicOnly().classicUpperBounds(LATENCY_BUCKETS).withoutExemplars()
            .register(registry);
        for (BrokerCall call : BrokerCall.values()) {
            brokerCalls[call.ordinal()][0] = brokerCallDuration.labelValues(call.label, "ok");
            brokerCalls[call.ordinal()][1] = brokerCallDuration.labelValues(call.label, "error");
        }
        produced = topicCounter("rocketmq_http_messages_produced_total", "Messages the broker stored (SEND_OK), by topic.");
        produceFailed = topicCounter("rocketmq_http_messages_produce_failed_total",
            "Messages that could not be produced, by topic.");
        received = topicCounter("rocketmq_http_messages_received_total", "Messages handed to HTTP consumers, by topic.");
        acked = topicCounter("rocketmq_http_messages_acked_total", "Messages acknowledged by HTTP consumers, by topic.");
        bytesProduced = topicCounter("rocketmq_http_message_bytes_produced_total",
            "Body bytes of the messages the broker stored, by topic.");
        bytesReceived = topicCounter("rocketmq_http_message_bytes_received_total",
            "Body bytes of the messages handed to HTTP consumers, by topic.");
        for (TransactionEvent e : TransactionEvent.values()) {
            transactions[e.ordinal()] = topicCounter(e.metric, e.help + " By topic.");
        }
        throttled = Counter.builder().name("rocketmq_http_throttled_requests_total")
            .help("Requests refused by flow control, by the kind of rule (accessKey, clientAddress, topic, producerGroup, "
                + "consumerGroup, or a global guard) and the reason (messages, bytes, longPolls, connections, inFlight, "
                + "authFailures).")
            .labelNames("rule", "reason").withoutExemplars().register(registry);
        authFailures = Counter.builder().name("rocketmq_http_auth_failures_total")
            .help("Failed authentications, by reason.").labelNames("reason").withoutExemplars().register(registry);
        connectionsRefused = Counter.builder().name("rocketmq_http_connections_refused_total")
            .help("Connections closed at once because maxConnections were open.").withoutExemplars().register(registry);
        brokerFailures = Counter.builder().name("rocketmq_http_broker_failures_total")
            .help("Requests to brokers that could not reach them or got no answer.").withoutExemplars().register(registry);
        brokerSkips = Counter.builder().name("rocketmq_http_broker_skips_total")
            .help("Requests not sent to a broker that is backing off after failures.").withoutExemplars().register(registry);
        otherTopic = new TopicSeries(OTHER_TOPIC);
        gauge("rocketmq_http_requests_in_flight", "HTTP requests being handled.", inFlight::get);
        gauge("rocketmq_http_connections", "Open HTTP connections.", connections::get);
    }

    private Counter topicCounter(String name, String help) {
        return Counter.builder().name(name).help(help).labelNames("topic").withoutExemplars().register(registry);
    }

    /**
     * A request answered; {@code route} is the template (or a fixed word such as {@code unmatched}).
     */
    public void requestDone(String method, String route, int status, long nanos) {
        Series key = new Series(methodLabel(method), route, status);
        RequestSeries series = requestSeries.get(key);
        if (series == null) {
            series = requestSeries.computeIfAbsent(key, k -> new RequestSeries(k.method, k.route, k.status));
        }
        series.count.inc();
        series.duration.observe(nanos / 1e9);
    }

    /**
     * Times one broker call.
     */
    public void brokerCall(BrokerCall call, long nanos, boolean ok) {
        brokerCalls[call.ordinal()][ok ? 0 : 1].observe(nanos / 1e9);
    }

    public void produced(String topic, int messages, long bytes) {
        TopicSeries t = topic(topic);
        t.produced.inc(messages);
        t.bytesProduced.inc(bytes);
    }

    public void produceFailed(String topic, int messages) {
        topic(topic).produceFailed.inc(messages);
    }

    public void received(String topic, int messages, long bytes) {
        TopicSeries t = topic(topic);
        t.received.inc(messages);
        t.bytesReceived.inc(bytes);
    }

    public void acked(String topic, int messages) {
        topic(topic).acked.inc(messages);
    }

    /**
     * Counts one event of a transaction of the topic.
     */
    public void transaction(TransactionEvent event, String topic) {
        topic(topic).transactions[event.ordinal()].inc();
    }

    /**
     * A request refused by flow control.
     *
     * @param rule the kind of rule or guard, from a fixed set
     * @param reason what ran out, from a fixed set
     */
    public void throttled(String rule, String reason) {
        series(throttledSeries, rule + '/' + reason, k -> throttled.labelValues(rule, reason)).inc();
    }

    /**
     * A failed authentication.
     *
     * @param reason why it failed, from a fixed set (never a caller's value)
     */
    public void authFailure(String reason) {
        series(authFailureSeries, reason, authFailures::labelValues).inc();
    }

    /**
     * The data point of a label set, resolved once; a plain read when it is there.
     */
    private static CounterDataPoint series(ConcurrentHashMap<String, CounterDataPoint> cache, String key,
        Function<String, CounterDataPoint> create) {
        CounterDataPoint point = cache.get(key);
        return point != null ? point : cache.computeIfAbsent(key, create);
    }

    public void connectionRefused() {
        connectionsRefused.inc();
    }

    /**
     * A request to a broker failed because the broker could not be reached or did not answer.
     */
    public void brokerFailed() {
        brokerFailures.inc();
    }

    /**
     * A request was not sent to a broker because that broker is backing off after failures.
     */
    public void brokerSkipped() {
        brokerSkips.inc();
    }

    public AtomicInteger inFlight() {
        return inFlight;
    }

    public AtomicInteger connections() {
        return connections;
    }

    /**
     * Registers a gauge read at scrape time, e.g. the number of pooled producers. A name registered
     * again keeps its first supplier.
     */
    public void gauge(String name, IntSupplier supplier) {
        gauge(name, name.replace('_', ' ') + ".", supplier);
    }

    public void gauge(String name, String help, IntSupplier supplier) {
        if (gauges.add(name)) {
            GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(supplier.getAsInt())).register(registry);
        }
    }

    /**
     * @return the proxy's and the JVM's metrics in the Prometheus text format
     */
    public byte[] scrapeBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            WRITER.write(out, registry.scrape());
            WRITER.write(out, JVM_REGISTRY.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public String scrape() {
        return new String(scrapeBytes(), StandardCharsets.UTF_8);
    }

    /**
     * The method is the client's token: any other than the standard ones would add a series per request.
     */
    private static String methodLabel(String method) {
        return STANDARD_METHODS.contains(method) ? method : "OTHER";
    }

    private TopicSeries topic(String topic) {
        TopicSeries t = topics.get(topic);
        if (t != null) {
            return t;
        }
        if (topic == null || topics.size() >= maxTopics) {
            return otherTopic;
        }
        return topics.computeIfAbsent(topic, TopicSeries::new);
    }

    private record Series(String method, String route, int status) {
    }

    private final class RequestSeries {
        final CounterDataPoint count;
        final DistributionDataPoint duration;

        RequestSeries(String method, String route, int status) {
            count = requests.labelValues(method, route, Integer.toString(status));
            int statusClass = status / 100 - 1;
            duration = requestDuration.labelValues(method, route,
                statusClass >= 0 && statusClass < STATUS_CLASSES.length ? STATUS_CLASSES[statusClass] : "other");
        }
    }

    private final class TopicSeries {
        final CounterDataPoint produced;
        final CounterDataPoint produceFailed;
        final CounterDataPoint received;
        final CounterDataPoint acked;
        final CounterDataPoint bytesProduced;
        final CounterDataPoint bytesReceived;
        final CounterDataPoint[] transactions = new CounterDataPoint[TransactionEvent.values().length];

        TopicSeries(String topic) {
            produced = ProxyMetrics.this.produced.labelValues(topic);
            produceFailed = ProxyMetrics.this.produceFailed.labelValues(topic);
            received = ProxyMetrics.this.received.labelValues(topic);
            acked = ProxyMetrics.this.acked.labelValues(topic);
            bytesProduced = ProxyMetrics.this.bytesProduced.labelValues(topic);
            bytesReceived = ProxyMetrics.this.bytesReceived.labelValues(topic);
            for (int i = 0; i < transactions.length; i++) {
                transactions[i] = ProxyMetrics.this.transactions[i].labelValues(topic);
            }
        }
    }
}
