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
package org.apache.rocketmq.http.namesrv;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.common.constant.LoggerName;
import org.apache.rocketmq.common.namesrv.NamesrvConfig;
import org.apache.rocketmq.http.namesrv.protocol.HttpProxyRequestCode;
import org.apache.rocketmq.logging.org.slf4j.Logger;
import org.apache.rocketmq.logging.org.slf4j.LoggerFactory;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;

/**
 * A stock RocketMQ nameserver plus the table of live HTTP proxies. RocketMQ's nameserver has no plugin
 * interface, so this controller extends {@link org.apache.rocketmq.namesrv.NamesrvController}: it lets the
 * stock controller set everything up, then registers a processor for the three request codes of
 * {@link HttpProxyRequestCode}, which RocketMQ does not use, and starts an HTTP listener for
 * {@code GET /v1/proxies}. Every other request is served by the stock nameserver, unchanged.
 */
public class HttpProxyNamesrvController extends org.apache.rocketmq.namesrv.NamesrvController {
    private static final Logger log = LoggerFactory.getLogger(LoggerName.NAMESRV_LOGGER_NAME);
    private static final long EXPIRY_PERIOD_MILLIS = 1000;

    private final HttpProxyNamesrvConfig pluginConfig;
    private final HttpProxyTable proxyTable;
    private final ProxyListHttpServer httpServer;
    private ScheduledExecutorService expiryExecutor;

    public HttpProxyNamesrvController(NamesrvConfig namesrvConfig, NettyServerConfig nettyServerConfig,
        NettyClientConfig nettyClientConfig, HttpProxyNamesrvConfig pluginConfig) {
        super(namesrvConfig, nettyServerConfig, nettyClientConfig);
        if (pluginConfig.getProxyTtlSeconds() <= 0 || pluginConfig.getMaxProxies() <= 0) {
            throw new IllegalArgumentException("proxyTtlSeconds and maxProxies must be positive");
        }
        this.pluginConfig = pluginConfig;
        this.proxyTable = new HttpProxyTable(TimeUnit.SECONDS.toMillis(pluginConfig.getProxyTtlSeconds()),
            pluginConfig.getMaxProxies(), System::currentTimeMillis);
        this.httpServer = new ProxyListHttpServer(pluginConfig.getHttpBindAddress(), pluginConfig.getHttpListenPort(),
            proxyTable);
    }

    @Override
    public boolean initialize() {
        if (!super.initialize()) {
            return false;
        }
        HttpProxyRequestProcessor processor = new HttpProxyRequestProcessor(proxyTable);
        // no executor of its own: the remoting server's public one; the processor only touches memory
        getRemotingServer().registerProcessor(HttpProxyRequestCode.REGISTER_HTTP_PROXY, processor, null);
        getRemotingServer().registerProcessor(HttpProxyRequestCode.UNREGISTER_HTTP_PROXY, processor, null);
        getRemotingServer().registerProcessor(HttpProxyRequestCode.GET_HTTP_PROXY_LIST, processor, null);
        return true;
    }

    @Override
    public void start() throws Exception {
        super.start();
        httpServer.start();
        expiryExecutor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "HttpProxyTableExpiry");
            t.setDaemon(true);
            return t;
        });
        expiryExecutor.scheduleWithFixedDelay(this::expire, EXPIRY_PERIOD_MILLIS, EXPIRY_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        log.info("HTTP proxy discovery: GET /v1/proxies on port {}, proxies expire {} s after their last heartbeat",
            httpServer.port(), pluginConfig.getProxyTtlSeconds());
    }

    private void expire() {
        int removed = proxyTable.expire();
        if (removed > 0) {
            log.info("{} HTTP proxies expired without a heartbeat; {} remain", removed, proxyTable.size());
        }
    }

    @Override
    public void shutdown() {
        if (expiryExecutor != null) {
            expiryExecutor.shutdownNow();
        }
        httpServer.shutdown();
        super.shutdown();
    }

    /**
     * @return the port of the HTTP listener (the bound one when configured with 0)
     */
    public int httpPort() {
        return httpServer.port();
    }

    public HttpProxyTable proxyTable() {
        return proxyTable;
    }

    public HttpProxyNamesrvConfig pluginConfig() {
        return pluginConfig;
    }
}
