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
package org.apache.rocketmq.http.proxy;

import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.rocketmq.http.proxy.auth.AclFileWatcher;
import org.apache.rocketmq.http.proxy.auth.Authenticator;
import org.apache.rocketmq.http.proxy.common.HandleSealer;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics;
import org.apache.rocketmq.http.proxy.config.AuthConfig;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.http.proxy.config.TransactionConfig;
import org.apache.rocketmq.http.proxy.discovery.DiscoveryService;
import org.apache.rocketmq.http.proxy.config.InstallationPaths;
import org.apache.rocketmq.http.proxy.handler.AckHandler;
import org.apache.rocketmq.http.proxy.handler.LeaseHandler;
import org.apache.rocketmq.http.proxy.handler.MessageHandler;
import org.apache.rocketmq.http.proxy.handler.OpsHandler;
import org.apache.rocketmq.http.proxy.handler.ProxiesHandler;
import org.apache.rocketmq.http.proxy.handler.QueueHandler;
import org.apache.rocketmq.http.proxy.handler.TransactionHandler;
import org.apache.rocketmq.http.proxy.quota.QuotaEnforcer;
import org.apache.rocketmq.http.proxy.quota.RouteQuota;
import org.apache.rocketmq.http.proxy.server.HttpProxyServer;
import org.apache.rocketmq.http.proxy.server.Router;
import org.apache.rocketmq.http.proxy.server.tls.TlsContextProvider;
import org.apache.rocketmq.http.proxy.service.ClusterService;
import org.apache.rocketmq.http.proxy.service.ConsumerService;
import org.apache.rocketmq.http.proxy.service.ProducerService;
import org.apache.rocketmq.http.proxy.service.QueueService;
import org.apache.rocketmq.http.proxy.transaction.TransactionService;
import org.apache.rocketmq.http.proxy.service.ReceiptHandleCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.apache.rocketmq.http.proxy.auth.Access.OPEN;
import static org.apache.rocketmq.http.proxy.auth.Access.OPERATIONS;
import static org.apache.rocketmq.http.proxy.auth.Access.TOPIC_PUB;
import static org.apache.rocketmq.http.proxy.auth.Access.TOPIC_SUB;
import static org.apache.rocketmq.http.proxy.auth.Access.TOPIC_SUB_GROUP_SUB;

/**
 * The composition root: builds services, handlers, routes and the server; starts them in order and
 * stops them in reverse.
 */
public class HttpProxyController {
    private static final Logger log = LoggerFactory.getLogger(HttpProxyController.class);

    private final HttpProxyConfig config;
    private final ProxyMetrics metrics;
    private final QuotaEnforcer quotas;
    private final ClusterService clusterService;
    private final ProducerService producerService;
    private final ConsumerService consumerService;
    private final QueueService queueService;
    private final DiscoveryService discoveryService;
    private final TransactionService transactionService;
    private final AclFileWatcher acl;
    private final TlsContextProvider tls;
    private final Router router;
    private final HttpProxyServer server;
    private volatile boolean stopped;

    public HttpProxyController(HttpProxyConfig config) {
        this.config = config;
        this.metrics = new ProxyMetrics(config.getMetricsMaxTopics());
        this.quotas = new QuotaEnforcer(config.getFlowControl(), config.getRocketmq().getDefaultProducerGroup(), metrics);
        // one RocketMQ client instance per proxy, so several proxies can share a JVM (tests, embedding)
        String instanceName = "HttpProxy-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        this.clusterService = new ClusterService(config, instanceName, metrics);
        this.producerService = new ProducerService(config, clusterService, metrics, instanceName);
        AuthConfig auth = config.getAuth();
        this.acl = auth.isAclEnable() ? new AclFileWatcher(InstallationPaths.resolve(auth.getAclFile())) : null;
        this.consumerService = new ConsumerService(config, clusterService, metrics,
            new ReceiptHandleCodec(acl != null ? handleSealer(auth) : null));
        this.queueService = new QueueService(config, clusterService);
        this.discoveryService = new DiscoveryService(config, () -> clusterService.client().getRemotingClient(), instanceName,
            version());
        // quotas of scope: cluster are shared by the live proxies of the cluster
        quotas.liveProxies(discoveryService::liveProxyCount);
        this.transactionService = new TransactionService(config, clusterService, producerService, consumerService, metrics);
        this.router = routes(new MessageHandler(config, producerService, consumerService, transactionService),
            new AckHandler(consumerService), new LeaseHandler(consumerService), new QueueHandler(config, queueService),
            new TransactionHandler(config, transactionService), new OpsHandler(clusterService, metrics),
            new ProxiesHandler(discoveryService));
        // the transactions' end records and check-back questions are the proxy's state, not callers' messages
        TransactionConfig tx = config.getTransaction();
        router.reserve(Set.of(tx.getTransactionEndTopic(), tx.getTransactionCheckTopic()),
            Set.of(tx.getTransactionCheckGroup()));
        Authenticator authenticator = acl != null ? Authenticator.create(auth, acl, metrics, System::currentTimeMillis)
            : Authenticator.disabled();
        this.tls = TlsContextProvider.fromConfig(config.getTls());
        this.server = new HttpProxyServer(config, router, metrics, quotas, authenticator, tls);
    }

    private static HandleSealer handleSealer(AuthConfig auth) {
        HandleSealer sealer = HandleSealer.fromKeys(auth.getHandleSealKeys());
        if (sealer.isRandom()) {
            log.warn("handleSealKeys is not set: receipt handles are sealed with a key of this process only, so they"
                + " work on this proxy until it restarts; give every proxy of the cluster the same handleSealKeys");
        }
        return sealer;
    }

    /**
     * Every route of the API, one line each, with what its caller needs when ACL is on.
     */
    private static Router routes(MessageHandler messages, AckHandler acks, LeaseHandler leases, QueueHandler queues,
        TransactionHandler transactions, OpsHandler ops, ProxiesHandler proxies) {
        return new Router()
            .post("/v1/topics/{topic}/messages", TOPIC_PUB, RouteQuota.PRODUCE, messages::produce)
            .get("/v1/topics/{topic}/messages", TOPIC_SUB_GROUP_SUB, RouteQuota.RECEIVE, messages::receive)
            .post("/v1/topics/{topic}/acks", TOPIC_SUB_GROUP_SUB, acks::ack)
            .post("/v1/topics/{topic}/leases", TOPIC_SUB_GROUP_SUB, leases::change)
            .get("/v1/topics/{topic}/queues", TOPIC_SUB, queues::queues)
            .get("/v1/topics/{topic}/queues/{brokerName}/{queueId}/messages", TOPIC_SUB, RouteQuota.REPLAY, queues::read)
            .post("/v1/topics/{topic}/transactions", TOPIC_PUB, transactions::end)
            .get("/v1/topics/{topic}/transactions", TOPIC_PUB, transactions::checks)
            .get("/health", OPEN, RouteQuota.EXEMPT, ops::health)
            .get("/ready", OPEN, RouteQuota.EXEMPT, ops::ready)
            .get("/metrics", OPERATIONS, RouteQuota.EXEMPT, ops::metrics)
            .get("/openapi.json", OPEN, RouteQuota.EXEMPT, ops::openApi)
            .get("/v1/proxies", OPEN, RouteQuota.EXEMPT, proxies::list);
    }

    public void start() throws Exception {
        quotas.start();
        if (acl != null) {
            acl.start();
        }
        clusterService.start();
        producerService.start();
        consumerService.start();
        transactionService.start();
        server.start();
        discoveryService.start(server.port(), advertisedScheme());
    }

    /**
     * The scheme of the default advertised URL: {@code http} while the server speaks plain HTTP; a server
     * that only accepts TLS advertises {@code https}.
     */
    private String advertisedScheme() {
        return tls != null && tls.mode() == TlsContextProvider.Mode.ENFORCING ? "https" : "http";
    }

    private static String version() {
        String version = HttpProxyController.class.getPackage().getImplementationVersion();
        return version != null ? version : "dev";
    }

    /**
     * Graceful stop: no new connections, in-flight requests answered (up to the drain time), then
     * connections, producers and clients closed.
     */
    public synchronized void shutdown() {
        if (stopped) {
            return;
        }
        stopped = true;
        // first out of the lists, so clients stop choosing this proxy while it drains
        discoveryService.shutdown();
        server.stopAccepting();
        transactionService.stopPolling();
        consumerService.releaseWaiting();
        queueService.releaseWaiting();
        try {
            if (!server.awaitDrained(config.getShutdownDrainSeconds() * 1000L)) {
                log.warn("{} requests still in flight after {} s, closing anyway", metrics.inFlight().get(),
                    config.getShutdownDrainSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.shutdown();
        transactionService.shutdown();
        producerService.shutdown();
        clusterService.shutdown();
        quotas.shutdown();
        if (acl != null) {
            acl.shutdown();
        }
    }

    public int port() {
        return server.port();
    }

    public Router router() {
        return router;
    }

    public HttpProxyConfig config() {
        return config;
    }

    public ProxyMetrics metrics() {
        return metrics;
    }

    /**
     * @return this proxy's part in proxy discovery: its record and the live proxies of its cluster
     */
    public DiscoveryService discovery() {
        return discoveryService;
    }

    /**
     * @return the quota rules in force; {@code scope: cluster} rules divide by its live proxies
     */
    public QuotaEnforcer quotas() {
        return quotas;
    }

    /**
     * @return the proxy's view of the cluster (routes, brokers that fail)
     */
    public ClusterService cluster() {
        return clusterService;
    }
}
