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

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BucketListener;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.MathType;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LockFreeBucket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics;
import org.apache.rocketmq.http.proxy.config.FlowControlConfig;
import org.apache.rocketmq.http.proxy.server.HttpRequestContext;
import org.apache.rocketmq.srvutil.FileWatchService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces the rules of the quota file. The dispatcher asks it once a request's caller and route
 * are known: {@link #admit} either refuses the request ({@link QuotaExceededException}, 429) or
 * returns the {@link Admission} to settle with the answer.
 *
 * <p>Every rule that matches a request (its caller, its topic, its producer or consumer group) has a
 * Bucket4j token bucket per matched value: rate tokens per second, {@code rate * burstSeconds} at
 * most; a {@code scope: cluster} rule's rate is divided by the live proxies. A request takes from
 * all of them or from none:
 * <ul>
 *   <li>a produce request needs all its messages and bytes. First every bucket is asked whether they
 *       are there ({@code estimateAbilityToConsume}, which takes nothing); when one says no, the
 *       request is refused without having touched any. Then each bucket is charged in turn; should one
 *       refuse after all (another request took its tokens in between), those already charged get
 *       theirs back and the request is refused. So no request is ever admitted beyond any rule, and a
 *       refused one keeps nothing; under contention a request may be refused because of tokens another
 *       request holds for an instant and gives back.</li>
 *   <li>a receive (and a replay) may return up to {@code max} messages, known only afterwards: it is
 *       admitted while every bucket has a token, its {@code max} lowered to the fewest tokens left,
 *       and charged for what it returned once answered. A waiting long poll holds no tokens. Receives
 *       answered at the same time may together take more than was left; the excess is a debt that
 *       the following requests wait for, so the rate holds over time.</li>
 * </ul>
 * Buckets of values without traffic expire (Caffeine, at most {@code quotaMaxTrackedKeys}), which
 * loses nothing: an idle bucket is full again.
 */
public final class QuotaEnforcer {
    private static final Logger log = LoggerFactory.getLogger(QuotaEnforcer.class);
    private static final long MIN_IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);
    static final String PRODUCER_GROUP_HEADER = "X-RMQ-Producer-Group";

    /**
     * What a bucket counts.
     */
    enum Unit {
        MESSAGES("messages"), BYTES("bytes");

        final String label;

        Unit(String label) {
            this.label = label;
        }
    }

    record BucketKey(QuotaRule rule, String subject, Unit unit, int divisor) {
    }

    record LongPollKey(RuleKind kind, String subject) {
    }

    private record ConfigurationKey(QuotaRule rule, Unit unit, int divisor) {
    }

    private final FlowControlConfig config;
    private final String defaultProducerGroup;
    private final ProxyMetrics metrics;
    private final TimeMeter clock;
    private final Cache<BucketKey, Bucket> buckets;
    private final ConcurrentHashMap<LongPollKey, Integer> longPolls = new ConcurrentHashMap<>();
    private volatile ConcurrentHashMap<ConfigurationKey, BucketConfiguration> configurations = new ConcurrentHashMap<>();
    private final AuthFailureLimiter authFailures;
    private volatile IntSupplier liveProxies = () -> 1;
    private volatile QuotaRules rules = QuotaRules.NONE;
    private FileWatchService watcher;

    public QuotaEnforcer(FlowControlConfig config, String defaultProducerGroup, ProxyMetrics metrics) {
        this(config, defaultProducerGroup, metrics, TimeMeter.SYSTEM_NANOTIME, Ticker.systemTicker());
    }

    QuotaEnforcer(FlowControlConfig config, String defaultProducerGroup, ProxyMetrics metrics, TimeMeter clock,
        Ticker ticker) {
        this.config = config;
        this.defaultProducerGroup = defaultProducerGroup;
        this.metrics = metrics;
        this.clock = clock;
        this.buckets = Caffeine.newBuilder()
            .maximumSize(config.getQuotaMaxTrackedKeys())
            .expireAfter(Expiry.accessing((BucketKey key, Bucket bucket) -> Duration.ofNanos(idleNanos(key))))
            .ticker(ticker)
            .build();
        this.authFailures = new AuthFailureLimiter(config.getAclMaxFailuresPerSecond(), config.getQuotaMaxTrackedKeys(),
            metrics, clock, ticker);
    }

    /**
     * Loads the quota file, when there is one, and watches it: a change is in force within a second;
     * a file that does not load keeps the rules in force and logs why.
     *
     * @throws IllegalArgumentException when the file does not load at startup
     */
    public void start() throws Exception {
        String file = config.getQuotaFile();
        if (file == null || file.isBlank()) {
            return;
        }
        Path path = Paths.get(file).toAbsolutePath();
        rules(load(path));
        log.info("quota file {} loaded: {} rules", path, rules.rules().size());
        watcher = new FileWatchService(new String[] {path.toString()}, changed -> reload(path));
        watcher.start();
    }

    public void shutdown() {
        if (watcher != null) {
            watcher.shutdown();
        }
    }

    private static QuotaRules load(Path path) {
        try {
            return QuotaRules.parse(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read quota file " + path + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("quota file " + path + ": " + e.getMessage());
        }
    }

    void reload(Path path) {
        try {
            if (Files.size(path) == 0) {
                // most likely caught while being rewritten; "rules: []" removes every rule
                log.warn("quota file {} is empty; keeping the {} rules loaded before", path, rules.rules().size());
                return;
            }
            QuotaRules loaded = load(path);
            rules(loaded);
            log.info("quota file {} reloaded: {} rules", path, loaded.rules().size());
        } catch (IOException | IllegalArgumentException e) {
            log.warn("{}; keeping the {} rules loaded before", e.getMessage(), rules.rules().size());
        }
    }

    /**
     * Puts rules in force. Buckets of rules that stay the same keep their tokens.
     */
    public void rules(QuotaRules rules) {
        // configurations of rules that are gone are not needed any more; those in use are rebuilt equal
        this.configurations = new ConcurrentHashMap<>();
        this.rules = rules;
    }

    public QuotaRules rules() {
        return rules;
    }

    /**
     * Sets how many proxies share the rates of {@code scope: cluster} rules (this one included).
     */
    public void liveProxies(IntSupplier liveProxies) {
        this.liveProxies = liveProxies;
    }

    public AuthFailureLimiter authFailures() {
        return authFailures;
    }

    /**
     * @return buckets kept now (expired ones dropped first)
     */
    long trackedBuckets() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    /**
     * Checks a request against the rules.
     *
     * @param accessKey the authenticated caller, null without ACL: then rules match the client address
     * @param clientAddress the TCP peer's address
     * @throws QuotaExceededException when the request must wait
     */
    public Admission admit(RouteQuota route, String accessKey, String clientAddress, HttpRequestContext request) {
        QuotaRules r = rules;
        if (r.isEmpty() || route == RouteQuota.REQUEST || route == RouteQuota.EXEMPT) {
            return Admission.NONE;
        }
        RuleKind callerKind = accessKey != null ? RuleKind.ACCESS_KEY : RuleKind.CLIENT_ADDRESS;
        String caller = accessKey != null ? accessKey : clientAddress;
        String topic = request.pathParam("topic");
        RuleKind groupKind = null;
        String group = null;
        if (route == RouteQuota.PRODUCE) {
            groupKind = RuleKind.PRODUCER_GROUP;
            group = producerGroup(request);
        } else if (route == RouteQuota.RECEIVE) {
            groupKind = RuleKind.CONSUMER_GROUP;
            group = request.query("group");
        }
        List<QuotaRule> callerRules = r.match(callerKind, caller);
        List<QuotaRule> topicRules = r.match(RuleKind.TOPIC, topic);
        List<QuotaRule> groupRules = groupKind == null ? Collections.emptyList() : r.match(groupKind, group);
        if (callerRules.isEmpty() && topicRules.isEmpty() && groupRules.isEmpty()) {
            return Admission.NONE;
        }
        if (route == RouteQuota.PRODUCE) {
            int messages = MessageCounter.inRequest(request.header("Content-Type"), request.body());
            long bytes = request.body().length;
            List<Admission.Charge> charges = new ArrayList<>(6);
            charges(charges, callerRules, caller, messages, bytes);
            charges(charges, topicRules, topic, messages, bytes);
            charges(charges, groupRules, group, messages, bytes);
            take(charges);
            return new Admission.Produce(charges);
        }
        List<LongPollKey> held = route == RouteQuota.RECEIVE ? new ArrayList<>(3) : Collections.emptyList();
        try {
            if (route == RouteQuota.RECEIVE) {
                holdLongPoll(held, callerRules, callerKind, caller);
                holdLongPoll(held, topicRules, RuleKind.TOPIC, topic);
                holdLongPoll(held, groupRules, groupKind, group);
            }
            List<Admission.Charge> charges = new ArrayList<>(6);
            charges(charges, callerRules, caller, 1, 1);
            charges(charges, topicRules, topic, 1, 1);
            charges(charges, groupRules, group, 1, 1);
            long fewestMessages = Long.MAX_VALUE;
            Admission.Charge worst = null;
            EstimationProbe worstProbe = null;
            List<Bucket> messageBuckets = new ArrayList<>(charges.size());
            List<Bucket> byteBuckets = new ArrayList<>(charges.size());
            for (Admission.Charge c : charges) {
                EstimationProbe probe = c.bucket().estimateAbilityToConsume(1);
                if (!probe.canBeConsumed()) {
                    if (worstProbe == null || probe.getNanosToWaitForRefill() > worstProbe.getNanosToWaitForRefill()) {
                        worst = c;
                        worstProbe = probe;
                    }
                } else if (c.unit() == Unit.MESSAGES) {
                    fewestMessages = Math.min(fewestMessages, probe.getRemainingTokens());
                }
                (c.unit() == Unit.MESSAGES ? messageBuckets : byteBuckets).add(c.bucket());
            }
            if (worst != null) {
                throw exceeded(worst, worstProbe, 1);
            }
            int requested = requestedMax(request, route.defaultMax());
            int lowered = requested > 0 && fewestMessages < requested ? (int) Math.max(1, fewestMessages) : -1;
            return new Admission.Receive(messageBuckets, byteBuckets, held, longPolls, lowered);
        } catch (RuntimeException e) {
            release(longPolls, held);
            throw e;
        }
    }

    private void charges(List<Admission.Charge> charges, List<QuotaRule> matched, String value, long messages,
        long bytes) {
        for (QuotaRule rule : matched) {
            if (rule.messagesPerSecond() > 0) {
                charges.add(new Admission.Charge(rule, value, Unit.MESSAGES, bucket(rule, value, Unit.MESSAGES), messages));
            }
            if (rule.bytesPerSecond() > 0) {
                charges.add(new Admission.Charge(rule, value, Unit.BYTES, bucket(rule, value, Unit.BYTES), bytes));
            }
        }
    }

    /**
     * Takes every charge or none.
     */
    private void take(List<Admission.Charge> charges) {
        Admission.Charge worst = null;
        EstimationProbe worstProbe = null;
        for (Admission.Charge c : charges) {
            EstimationProbe probe = c.bucket().estimateAbilityToConsume(c.amount());
            if (!probe.canBeConsumed() && (worstProbe == null
                || probe.getNanosToWaitForRefill() > worstProbe.getNanosToWaitForRefill())) {
                worst = c;
                worstProbe = probe;
            }
        }
        if (worst != null) {
            throw exceeded(worst, worstProbe, worst.amount());
        }
        for (int i = 0; i < charges.size(); i++) {
            Admission.Charge c = charges.get(i);
            if (!c.bucket().tryConsume(c.amount())) {
                for (int j = 0; j < i; j++) {
                    charges.get(j).bucket().addTokens(charges.get(j).amount());
                }
                throw exceeded(c, c.bucket().estimateAbilityToConsume(c.amount()), c.amount());
            }
        }
    }

    private void holdLongPoll(List<LongPollKey> held, List<QuotaRule> matched, RuleKind kind, String value) {
        int limit = 0;
        for (QuotaRule rule : matched) {
            if (rule.maxLongPolls() > 0) {
                limit = limit == 0 ? rule.maxLongPolls() : Math.min(limit, rule.maxLongPolls());
            }
        }
        if (limit == 0) {
            return;
        }
        LongPollKey key = new LongPollKey(kind, value);
        int max = limit;
        boolean[] acquired = new boolean[1];
        longPolls.compute(key, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= max) {
                return n;
            }
            acquired[0] = true;
            return now + 1;
        });
        if (!acquired[0]) {
            metrics.throttled(kind.label(), "longPolls");
            throw new QuotaExceededException("too many receives waiting: " + kind.label() + " [" + value + "] allows "
                + max + " at once; retry when one of them is answered", 1, max, 0);
        }
        held.add(key);
    }

    static void release(Map<LongPollKey, Integer> longPolls, List<LongPollKey> held) {
        for (LongPollKey key : held) {
            longPolls.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    private QuotaExceededException exceeded(Admission.Charge c, EstimationProbe probe, long needed) {
        QuotaRule rule = c.rule();
        int divisor = divisor(rule);
        long capacity = capacity(rule, c.unit(), divisor);
        long rate = rate(rule, c.unit());
        String per = rule.clusterScope() ? " for the cluster (" + divisor + " proxies share it)" : "";
        metrics.throttled(rule.kind().label(), c.unit().label);
        if (needed > capacity) {
            long fill = QuotaExceededException.seconds((long) Math.ceil(capacity * 1e9 * divisor / rate));
            return new QuotaExceededException("a request of " + needed + " " + c.unit().label + " is more than "
                + rule.describe(c.subject()) + " allows at once (" + capacity + "); send smaller requests", fill, capacity,
                probe.getRemainingTokens());
        }
        long retryAfter = QuotaExceededException.seconds(probe.getNanosToWaitForRefill());
        return new QuotaExceededException("quota exceeded: " + rule.describe(c.subject()) + " allows " + rate + " "
            + c.unit().label + " per second" + per + "; retry in " + retryAfter + " s", retryAfter, capacity,
            probe.getRemainingTokens());
    }

    private Bucket bucket(QuotaRule rule, String value, Unit unit) {
        BucketKey key = new BucketKey(rule, value, unit, divisor(rule));
        Bucket bucket = buckets.getIfPresent(key);
        return bucket != null ? bucket : buckets.get(key, this::newBucket);
    }

    private Bucket newBucket(BucketKey key) {
        // the buckets of a rule share one immutable configuration: a bucket is then little more than its state
        BucketConfiguration configuration = configurations.computeIfAbsent(new ConfigurationKey(key.rule, key.unit,
            key.divisor), k -> BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(capacity(k.rule, k.unit, k.divisor))
                    .refillGreedy(rate(k.rule, k.unit), Duration.ofSeconds(k.divisor)))
                .build());
        return new LockFreeBucket(configuration, MathType.INTEGER_64_BITS, clock, BucketListener.NOPE);
    }

    private int divisor(QuotaRule rule) {
        return rule.clusterScope() ? Math.max(1, liveProxies.getAsInt()) : 1;
    }

    private static long rate(QuotaRule rule, Unit unit) {
        return unit == Unit.MESSAGES ? rule.messagesPerSecond() : rule.bytesPerSecond();
    }

    static long capacity(QuotaRule rule, Unit unit, int divisor) {
        return Math.max(1, (long) Math.ceil(rate(rule, unit) * rule.burstSeconds() / divisor));
    }

    /**
     * An idle bucket may go once it is full again; kept at least a minute.
     */
    private static long idleNanos(BucketKey key) {
        double refillSeconds = key.rule.burstSeconds() * 2;
        return Math.max(MIN_IDLE_NANOS, (long) (refillSeconds * 1e9));
    }

    private String producerGroup(HttpRequestContext request) {
        String group = request.query("producerGroup");
        if (group == null) {
            group = request.header(PRODUCER_GROUP_HEADER);
        }
        return group == null ? defaultProducerGroup : group;
    }

    /**
     * @return the {@code max} asked for, the route's default when absent, -1 when it is not a valid number (the
     *     handler refuses it)
     */
    static int requestedMax(HttpRequestContext request, int defaultMax) {
        String raw = request.query("max");
        if (raw == null || raw.isEmpty()) {
            return defaultMax;
        }
        try {
            int max = Integer.parseInt(raw);
            return max >= 1 ? max : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
