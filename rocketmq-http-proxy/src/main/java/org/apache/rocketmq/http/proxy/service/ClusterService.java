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
package org.apache.rocketmq.http.proxy.service;

import io.netty.channel.ChannelHandlerContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.rocketmq.client.ClientConfig;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.ClientRemotingProcessor;
import org.apache.rocketmq.client.impl.mqclient.MQClientAPIExt;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.attribute.TopicMessageType;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.common.utils.ThreadUtils;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.ErrorMapper;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.http.proxy.service.fault.BrokerFaultTolerance;
import org.apache.rocketmq.http.proxy.service.fault.BrokerWatcher;
import org.apache.rocketmq.remoting.exception.RemotingConnectException;
import org.apache.rocketmq.remoting.exception.RemotingException;
import org.apache.rocketmq.remoting.exception.RemotingSendRequestException;
import org.apache.rocketmq.remoting.exception.RemotingTimeoutException;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.heartbeat.HeartbeatData;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's view of the cluster: topic routes from the nameserver (cached, refreshed in the
 * background, misses cached briefly), which brokers answer, and readiness. Owns the remoting client
 * that the other services share. Blocking nameserver calls run on a small pool of their own, never on
 * an event loop.
 *
 * <p>Brokers die: a watcher asks the nameserver every {@code brokerWatchIntervalMillis} (and at once
 * after a broker failed) which brokers are registered, and when that changes it reloads every cached
 * route, so a broker that left the nameserver's view leaves the proxy's too, and one that registered
 * again comes back, without waiting for the route cache to expire. Between the two, the
 * {@link BrokerFaultTolerance} keeps requests away from brokers that do not answer.
 */
public class ClusterService {
    private static final Logger log = LoggerFactory.getLogger(ClusterService.class);
    private static final int MAX_CACHED_NAMES = 10_000;
    private static final char GROUP_KEY_SEPARATOR = '/';

    private final HttpProxyConfig config;
    private final String instanceName;
    private final RemotingHeaderHook brokerHook;
    private final BrokerFaultTolerance faults;
    /** The requests waiting on each broker, by address. */
    private final Map<String, Set<CompletableFuture<?>>> inFlight = new ConcurrentHashMap<>();
    private final BrokerWatcher watcher;
    private final ExecutorService blockingExecutor = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(10_000), ThreadUtils.newGenericThreadFactory("HttpProxyNamesrv", true));
    private MQClientAPIExt client;
    private final AsyncLoadingCache<TopicRouteData> routes;
    private final AsyncLoadingCache<SubscriptionGroupConfig> groups;
    private final AsyncLoadingCache<TopicMessageType> messageTypes;
    private volatile ReadinessEntry readiness;

    public ClusterService(HttpProxyConfig config, String instanceName, ProxyMetrics metrics) {
        this(config, instanceName, metrics, null);
    }

    /**
     * @param client the remoting client to use, started by the caller; {@code null} to create one in {@link #start()}
     */
    ClusterService(HttpProxyConfig config, String instanceName, ProxyMetrics metrics, MQClientAPIExt client) {
        this.client = client;
        this.config = config;
        this.instanceName = instanceName;
        this.brokerHook = RemotingHeaderHook.of(config);
        this.faults = new BrokerFaultTolerance(config.getRocketmq().getBrokerFaultBackoffMillis(),
            config.getRocketmq().getBrokerFaultMaxBackoffMillis(), System::nanoTime, metrics, this::checkBrokersSoon);
        this.watcher = new BrokerWatcher(this::registeredBrokers, faults, this::cachedTopicsOf,
            config.getRocketmq().getBrokerWatchIntervalMillis(), System::currentTimeMillis);
        metrics.gauge("rocketmq_http_brokers_backing_off", faults::faultyBrokers);
        this.routes = new AsyncLoadingCache<>(this::load, t -> isNotFound(t, ErrorCode.TOPIC_NOT_FOUND),
            config.getRocketmq().getRouteCacheMillis(), config.getRocketmq().getRouteMissCacheMillis(), MAX_CACHED_NAMES);
        this.groups = new AsyncLoadingCache<>(this::loadGroup, t -> isNotFound(t, ErrorCode.GROUP_NOT_FOUND),
            config.getRocketmq().getRouteCacheMillis(), config.getRocketmq().getRouteMissCacheMillis(), MAX_CACHED_NAMES);
        this.messageTypes = new AsyncLoadingCache<>(this::loadMessageType, t -> isNotFound(t, ErrorCode.TOPIC_NOT_FOUND),
            config.getRocketmq().getRouteCacheMillis(), config.getRocketmq().getRouteMissCacheMillis(), MAX_CACHED_NAMES);
    }

    public void start() {
        if (client == null) {
            ClientConfig clientConfig = new ClientConfig();
            clientConfig.setNamesrvAddr(config.getNamesrvAddr());
            clientConfig.setInstanceName(instanceName);
            clientConfig.setVipChannelEnabled(false);
            client = new MQClientAPIExt(clientConfig, new NettyClientConfig(), new IgnoringRemotingProcessor(), brokerHook);
            log.info("requests to brokers and nameservers carry {} remoting headers", brokerHook.type());
            client.start();
            client.updateNameServerAddressList();
        }
        // a change of the registered brokers reloads every cached route at once
        watcher.onChange(routes::refreshAll);
        watcher.start();
    }

    public void shutdown() {
        watcher.shutdown();
        if (client != null) {
            client.shutdown();
        }
        blockingExecutor.shutdownNow();
    }

    /**
     * The hook every RocketMQ client of this proxy sends with: header form and broker identity.
     */
    RemotingHeaderHook brokerHook() {
        return brokerHook;
    }

    public MQClientAPIExt client() {
        return client;
    }

    public BrokerFaultTolerance faults() {
        return faults;
    }

    /**
     * Registers a task run (on the watcher's thread) whenever the set of registered brokers changed.
     */
    public void onBrokersChanged(Runnable listener) {
        watcher.onChange(listener);
    }

    private ClusterInfo registeredBrokers() throws Exception {
        return client.getBrokerClusterInfo(config.getRocketmq().getAdminTimeoutMillis());
    }

    /**
     * A broker failed: the nameserver may know already whether it is gone.
     */
    private void checkBrokersSoon() {
        watcher.checkSoon();
    }

    private Set<String> cachedTopicsOf(String brokerName) {
        Set<String> topics = new HashSet<>();
        routes.forEachLoaded((topic, route) -> {
            for (BrokerData bd : route.getBrokerDatas()) {
                if (bd.getBrokerName().equals(brokerName)) {
                    topics.add(topic);
                }
            }
        });
        return topics;
    }

    /**
     * Runs one request to a broker and tells the fault tolerance how it went. A probe of a broker that
     * failed runs on this service's pool: opening a connection to a broker that is down can block the
     * calling thread for the connect timeout.
     *
     * <p>A request that finds the broker's connection broken (refused, or lost under it) fails the other
     * requests still waiting on that broker at once: RocketMQ's client does not fail every request of a
     * connection that breaks, and those it misses would otherwise wait for their timeout (a receive, or
     * an ack, held for seconds by a broker that is gone). An answer the broker sends after all is
     * dropped; a message it hands out then comes back when its invisibility ends.
     */
    public <T> CompletableFuture<T> tracked(String addr, boolean probe, Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> future;
        try {
            future = probe ? CompletableFuture.supplyAsync(call, blockingExecutor).thenCompose(f -> f) : call.get();
        } catch (Throwable t) {
            if (probe) {
                // the probe could not go out: let the broker wait for the next one
                faults.onFailure(addr);
            }
            return CompletableFuture.failedFuture(t);
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        Set<CompletableFuture<?>> waiting = inFlight.computeIfAbsent(addr, k -> ConcurrentHashMap.newKeySet());
        waiting.add(answer);
        future.whenComplete((v, t) -> {
            if (t != null && isConnectionBroken(t)) {
                failWaiting(addr, answer);
            }
            if (t != null) {
                answer.completeExceptionally(t);
            } else {
                answer.complete(v);
            }
        });
        return answer.whenComplete((v, t) -> {
            waiting.remove(answer);
            if (t != null && ErrorMapper.isBrokerUnreachable(t)) {
                faults.onFailure(addr);
            } else {
                faults.onSuccess(addr);
            }
        });
    }

    private static boolean isConnectionBroken(Throwable t) {
        Throwable cause = ErrorMapper.unwrap(t);
        if (cause instanceof MQClientException && cause.getCause() != null) {
            cause = ErrorMapper.unwrap(cause.getCause());
        }
        return cause instanceof RemotingConnectException || cause instanceof RemotingSendRequestException;
    }

    private void failWaiting(String addr, CompletableFuture<?> except) {
        Set<CompletableFuture<?>> waiting = inFlight.get(addr);
        if (waiting == null) {
            return;
        }
        int failed = 0;
        for (CompletableFuture<?> other : waiting) {
            if (other != except && other.completeExceptionally(new RemotingConnectException(addr))) {
                failed++;
            }
        }
        if (failed > 0) {
            log.warn("the connection to broker {} broke; requests waiting on it failed at once: {}", addr, failed);
        }
    }

    /**
     * Runs one request on the master of the named broker of a route. A broker that is not in the route,
     * backs off after failures, or cannot be reached fails it with BROKER_UNAVAILABLE (BROKER_TIMEOUT
     * when it did not answer in time), naming the broker.
     *
     * @param call the request, given the master's address
     */
    public <T> CompletableFuture<T> callBroker(TopicRouteData route, String brokerName,
        Function<String, CompletableFuture<T>> call) {
        String addr = null;
        for (BrokerData bd : route.getBrokerDatas()) {
            if (bd.getBrokerName().equals(brokerName)) {
                addr = bd.getBrokerAddrs().get(MixAll.MASTER_ID);
            }
        }
        BrokerFaultTolerance.Access access = addr == null ? BrokerFaultTolerance.Access.SKIPPED : faults.access(addr);
        if (access == BrokerFaultTolerance.Access.SKIPPED) {
            return CompletableFuture.failedFuture(brokerUnreachable(brokerName, null));
        }
        String master = addr;
        return tracked(master, access == BrokerFaultTolerance.Access.PROBE, () -> call.apply(master))
            .exceptionally(t -> {
                if (!ErrorMapper.isBrokerUnreachable(t)) {
                    throw t instanceof CompletionException ? (CompletionException) t : new CompletionException(t);
                }
                if (ErrorMapper.unwrap(t) instanceof RemotingTimeoutException) {
                    throw new HttpProxyException(ErrorCode.BROKER_TIMEOUT, "broker [" + brokerName
                        + "] did not answer in time; retry later", t);
                }
                throw brokerUnreachable(brokerName, t);
            });
    }

    /**
     * @return the error of a request that cannot reach the named broker
     */
    public static HttpProxyException brokerUnreachable(String brokerName, Throwable cause) {
        return new HttpProxyException(ErrorCode.BROKER_UNAVAILABLE, "broker [" + brokerName + "] is unreachable; retry later",
            cause);
    }

    /**
     * @return the route of an existing topic; fails with TOPIC_NOT_FOUND when the nameserver has none
     */
    public CompletableFuture<TopicRouteData> route(String topic) {
        return routes.get(topic);
    }

    /**
     * @return the route, failing with FORBIDDEN when no queue of the topic is writable
     */
    public CompletableFuture<TopicRouteData> writableRoute(String topic) {
        return route(topic).thenApply(route -> {
            for (QueueData qd : route.getQueueDatas()) {
                if (PermName.isWriteable(qd.getPerm()) && qd.getWriteQueueNums() > 0) {
                    return route;
                }
            }
            throw new HttpProxyException(ErrorCode.FORBIDDEN, "topic [" + topic + "] is not writable");
        });
    }

    private CompletableFuture<TopicRouteData> load(String topic) {
        return blocking("nameserver unreachable", () -> {
            try {
                TopicRouteData route = lookupRoute(topic);
                if (route == null || route.getQueueDatas() == null || route.getQueueDatas().isEmpty()
                    || route.getBrokerDatas() == null || route.getBrokerDatas().isEmpty()) {
                    throw noRoute(topic);
                }
                return route;
            } catch (MQClientException e) {
                if (e.getResponseCode() == ResponseCode.TOPIC_NOT_EXIST) {
                    throw noRoute(topic);
                }
                throw new HttpProxyException(ErrorCode.BROKER_UNAVAILABLE, "nameserver lookup failed: "
                    + e.getResponseCode(), e);
            }
        });
    }

    /**
     * Runs a blocking RocketMQ call on the pool of this service. Interruption and anything the call
     * does not turn into an {@link HttpProxyException} itself become BROKER_UNAVAILABLE.
     */
    private <T> CompletableFuture<T> blocking(String unreachable, Callable<T> call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.call();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HttpProxyException(ErrorCode.BROKER_UNAVAILABLE, "interrupted");
            } catch (HttpProxyException | CompletionException e) {
                throw e;
            } catch (Exception e) {
                throw new HttpProxyException(ErrorCode.BROKER_UNAVAILABLE, unreachable, e);
            }
        }, blockingExecutor);
    }

    /**
     * A topic without a route is one that does not exist, unless the brokers that served it left the
     * nameserver's view a moment ago: then it exists and nothing serves it now.
     */
    private HttpProxyException noRoute(String topic) {
        if (!departedBrokers(topic).isEmpty()) {
            return new HttpProxyException(ErrorCode.BROKER_UNAVAILABLE, "no broker of topic [" + topic
                + "] is reachable; retry later");
        }
        return topicNotFound(topic);
    }

    /**
     * Looks the consumer group up on the topic's brokers: from the first one (healthy brokers before
     * those that failed) on, as long as a broker cannot be asked.
     *
     * @return the group's configuration; fails with GROUP_NOT_FOUND when a broker does not know the group
     */
    public CompletableFuture<SubscriptionGroupConfig> group(List<BrokerData> brokers, String group) {
        List<String> addrs = new ArrayList<>();
        for (BrokerData broker : brokers) {
            String addr = broker.getBrokerAddrs().get(MixAll.MASTER_ID);
            if (addr != null) {
                addrs.add(addr);
            }
        }
        addrs.sort(Comparator.comparing(faults::isFaulty));
        return groupOnAny(addrs, 0, group, null);
    }

    private CompletableFuture<SubscriptionGroupConfig> groupOnAny(List<String> addrs, int next, String group,
        Throwable lastFailure) {
        if (next >= addrs.size()) {
            return CompletableFuture.failedFuture(lastFailure != null ? lastFailure
                : new HttpProxyException(ErrorCode.BROKER_UNAVAILABLE, "no broker answers for consumer group [" + group + "]"));
        }
        return groups.get(addrs.get(next) + GROUP_KEY_SEPARATOR + group)
            .handle((config, t) -> {
                if (t == null) {
                    return CompletableFuture.completedFuture(config);
                }
                // a broker that knows no such group answered: that is the answer
                return isNotFound(t, ErrorCode.GROUP_NOT_FOUND) ? CompletableFuture.<SubscriptionGroupConfig>failedFuture(t)
                    : groupOnAny(addrs, next + 1, group, t);
            })
            .thenCompose(f -> f);
    }

    private CompletableFuture<SubscriptionGroupConfig> loadGroup(String key) {
        int sep = key.lastIndexOf(GROUP_KEY_SEPARATOR);
        String addr = key.substring(0, sep);
        String group = key.substring(sep + 1);
        return blocking("broker " + addr + " unreachable", () -> {
            try {
                SubscriptionGroupConfig sgc = client.getSubscriptionGroupConfig(addr, group, config.getRocketmq().getAdminTimeoutMillis());
                if (sgc == null) {
                    throw groupNotFound(group);
                }
                faults.onSuccess(addr);
                return sgc;
            } catch (RemotingException e) {
                if (ErrorMapper.isBrokerUnreachable(e)) {
                    faults.onFailure(addr);
                }
                throw e;
            } catch (MQBrokerException e) {
                if (ErrorMapper.isAclRefusal(e)) {
                    // the proxy's own identity is refused: a configuration error to report as such, not an outage
                    throw new CompletionException(e);
                }
                // brokers answer a missing group with SYSTEM_ERROR "No group in this broker"
                if (e.getResponseCode() == ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST
                    || e.getResponseCode() == ResponseCode.SYSTEM_ERROR && String.valueOf(e.getErrorMessage()).contains("No group")) {
                    throw groupNotFound(group);
                }
                throw new HttpProxyException(ErrorCode.BROKER_UNAVAILABLE, "group lookup failed: " + e.getResponseCode(), e);
            }
        });
    }

    /**
     * @return the message type of an existing topic ({@code message.type}: NORMAL, FIFO, DELAY,
     *     TRANSACTION), as the topic's configuration on its first broker says
     */
    public CompletableFuture<TopicMessageType> messageType(String topic) {
        return messageTypes.get(topic);
    }

    private CompletableFuture<TopicMessageType> loadMessageType(String topic) {
        return route(topic).thenCompose(route -> {
            String addr = route.getBrokerDatas().get(0).getBrokerAddrs().get(MixAll.MASTER_ID);
            if (addr == null) {
                throw new HttpProxyException(ErrorCode.BROKER_UNAVAILABLE, "broker [" + route.getBrokerDatas().get(0)
                    .getBrokerName() + "] of topic [" + topic + "] has no master");
            }
            return blocking("broker " + addr + " unreachable", () -> {
                try {
                    return client.getTopicConfig(addr, topic, config.getRocketmq().getAdminTimeoutMillis()).getTopicMessageType();
                } catch (MQBrokerException e) {
                    if (e.getResponseCode() == ResponseCode.TOPIC_NOT_EXIST) {
                        throw topicNotFound(topic);
                    }
                    throw new HttpProxyException(ErrorCode.BROKER_UNAVAILABLE, "topic lookup failed: " + e.getResponseCode(), e);
                }
            });
        });
    }

    /**
     * One retry after a remoting failure: with several nameservers it goes to another one, and a
     * single lost or slow answer should not fail a client's request.
     */
    private TopicRouteData lookupRoute(String topic) throws Exception {
        try {
            return client.getTopicRouteInfoFromNameServer(topic, config.getRocketmq().getAdminTimeoutMillis(), false);
        } catch (RemotingException e) {
            log.warn("route lookup of {} failed ({}), retrying once", topic, e.getClass().getSimpleName());
            return client.getTopicRouteInfoFromNameServer(topic, config.getRocketmq().getAdminTimeoutMillis(), false);
        }
    }

    private static HttpProxyException groupNotFound(String group) {
        return new HttpProxyException(ErrorCode.GROUP_NOT_FOUND, "consumer group [" + group + "] does not exist");
    }

    private static HttpProxyException topicNotFound(String topic) {
        return new HttpProxyException(ErrorCode.TOPIC_NOT_FOUND, "topic [" + topic + "] does not exist");
    }

    private static boolean isNotFound(Throwable t, ErrorCode notFound) {
        Throwable c = t;
        while (c != null && !(c instanceof HttpProxyException)) {
            c = c.getCause();
        }
        return c != null && ((HttpProxyException) c).getErrorCode() == notFound;
    }

    /**
     * @return the brokers that served the topic when they left the nameserver's view (they crashed or
     *     were stopped) and have not registered again; the topic's route no longer names them
     */
    public List<String> departedBrokers(String topic) {
        return watcher.departedBrokers(topic);
    }

    /**
     * Ready means: the nameserver answered and at least one registered broker answered a heartbeat.
     * The answer is cached briefly so probes cannot load the cluster.
     */
    public CompletableFuture<Readiness> readiness() {
        ReadinessEntry cached = readiness;
        if (cached != null && System.currentTimeMillis() - cached.at < config.getRocketmq().getReadyCacheMillis()) {
            return cached.future;
        }
        CompletableFuture<Readiness> future = CompletableFuture.supplyAsync(this::checkReadiness, blockingExecutor)
            .exceptionally(t -> Readiness.down("readiness check failed: " + t.getClass().getSimpleName()));
        readiness = new ReadinessEntry(future, System.currentTimeMillis());
        return future;
    }

    private Readiness checkReadiness() {
        ClusterInfo clusterInfo;
        try {
            clusterInfo = client.getBrokerClusterInfo(config.getRocketmq().getAdminTimeoutMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Readiness.down("interrupted");
        } catch (Exception e) {
            return Readiness.down("nameserver " + config.getNamesrvAddr() + " does not answer");
        }
        List<String> masters = new ArrayList<>();
        if (clusterInfo.getBrokerAddrTable() != null) {
            for (BrokerData bd : clusterInfo.getBrokerAddrTable().values()) {
                String addr = bd.getBrokerAddrs().get(MixAll.MASTER_ID);
                if (addr != null) {
                    masters.add(addr);
                }
            }
        }
        if (masters.isEmpty()) {
            return Readiness.down("no broker is registered at the nameserver");
        }
        HeartbeatData heartbeat = new HeartbeatData();
        heartbeat.setClientID(instanceName);
        int answered = 0;
        boolean refused = false;
        for (String addr : masters) {
            try {
                client.sendHeartbeatAsync(addr, heartbeat, config.getRocketmq().getAdminTimeoutMillis())
                    .get(config.getRocketmq().getAdminTimeoutMillis(), TimeUnit.MILLISECONDS);
                answered++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Readiness.down("interrupted");
            } catch (Exception e) {
                refused |= ErrorMapper.isAclRefusal(e.getCause());
                log.debug("broker {} did not answer a heartbeat", addr);
            }
        }
        if (answered == 0) {
            return Readiness.down(refused ? "the brokers refuse the proxy's credentials (brokerAccessKey)"
                : "none of the " + masters.size() + " registered brokers answers");
        }
        return Readiness.up(masters.size(), answered);
    }

    /**
     * The result of a readiness check.
     */
    public static final class Readiness {
        private final boolean ready;
        private final String reason;
        private final int brokers;
        private final int brokersAnswering;

        private Readiness(boolean ready, String reason, int brokers, int brokersAnswering) {
            this.ready = ready;
            this.reason = reason;
            this.brokers = brokers;
            this.brokersAnswering = brokersAnswering;
        }

        static Readiness up(int brokers, int answering) {
            return new Readiness(true, null, brokers, answering);
        }

        static Readiness down(String reason) {
            return new Readiness(false, reason, 0, 0);
        }

        public boolean isReady() {
            return ready;
        }

        public String getReason() {
            return reason;
        }

        public int getBrokers() {
            return brokers;
        }

        public int getBrokersAnswering() {
            return brokersAnswering;
        }
    }

    private static final class ReadinessEntry {
        final CompletableFuture<Readiness> future;
        final long at;

        ReadinessEntry(CompletableFuture<Readiness> future, long at) {
            this.future = future;
            this.at = at;
        }
    }

    /**
     * The proxy's admin client registers no consumers, so brokers have nothing to ask it.
     */
    private static final class IgnoringRemotingProcessor extends ClientRemotingProcessor {
        IgnoringRemotingProcessor() {
            super(null);
        }

        @Override
        public RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request) {
            return null;
        }
    }
}
