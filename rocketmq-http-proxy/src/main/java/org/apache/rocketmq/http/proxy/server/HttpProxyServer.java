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
package org.apache.rocketmq.http.proxy.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.http.proxy.quota.QuotaEnforcer;
import org.apache.rocketmq.http.proxy.auth.Authenticator;
import org.apache.rocketmq.http.proxy.server.tls.TlsContextProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/1.1 server: {@code [tls ->] idle -> HttpServerCodec -> keep-alive -> aggregator -> dispatcher}.
 * Epoll on Linux, NIO elsewhere. With TLS, changed certificate files are looked for every
 * {@value #TLS_RELOAD_SECONDS} s on the acceptor's event loop and serve the connections accepted
 * afterwards.
 */
public final class HttpProxyServer {
    private static final Logger log = LoggerFactory.getLogger(HttpProxyServer.class);
    static final int TLS_RELOAD_SECONDS = 5;

    private final HttpProxyConfig config;
    private final Router router;
    private final ProxyMetrics metrics;
    private final Authenticator authenticator;
    private final TlsContextProvider tls;
    private final RequestIds requestIds = new RequestIds();
    private final ChannelGroup connections = new DefaultChannelGroup("http-connections", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final QuotaEnforcer quotas;
    /** Accepted connections not closed yet, those refused at once included while they close. */
    private final AtomicInteger open = new AtomicInteger();

    public HttpProxyServer(HttpProxyConfig config, Router router, ProxyMetrics metrics) {
        this(config, router, metrics, null);
    }

    /**
     * @param quotas the quota rules requests are checked against, or null for none
     */
    public HttpProxyServer(HttpProxyConfig config, Router router, ProxyMetrics metrics, QuotaEnforcer quotas) {
        this(config, router, metrics, quotas, Authenticator.disabled(), null);
    }

    /**
     * @param quotas the quota rules requests are checked against, or null for none
     * @param tls the port's TLS, or null for plain HTTP
     */
    public HttpProxyServer(HttpProxyConfig config, Router router, ProxyMetrics metrics, QuotaEnforcer quotas,
        Authenticator authenticator, TlsContextProvider tls) {
        this.config = config;
        this.router = router;
        this.metrics = metrics;
        this.quotas = quotas;
        this.authenticator = authenticator;
        this.tls = tls;
    }

    public void start() throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        int ioThreads = config.getIoThreads() > 0 ? config.getIoThreads() : Runtime.getRuntime().availableProcessors();
        bossGroup = epoll ? new EpollEventLoopGroup(1, new DefaultThreadFactory("HttpProxyBoss"))
            : new NioEventLoopGroup(1, new DefaultThreadFactory("HttpProxyBoss"));
        workerGroup = epoll ? new EpollEventLoopGroup(ioThreads, new DefaultThreadFactory("HttpProxyIO"))
            : new NioEventLoopGroup(ioThreads, new DefaultThreadFactory("HttpProxyIO"));
        Class<? extends ServerSocketChannel> channelClass = epoll ? EpollServerSocketChannel.class
            : NioServerSocketChannel.class;

        ServerBootstrap bootstrap = new ServerBootstrap()
            .group(bossGroup, workerGroup)
            .channel(channelClass)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    int maxConnections = config.getFlowControl().getMaxConnections();
                    int now = open.incrementAndGet();
                    ch.closeFuture().addListener(f -> open.decrementAndGet());
                    if (maxConnections > 0 && now > maxConnections) {
                        metrics.connectionRefused();
                        metrics.throttled("guard", "connections");
                        ch.close();
                        return;
                    }
                    connections.add(ch);
                    ChannelPipeline p = ch.pipeline();
                    if (tls != null) {
                        p.addLast("tls", tls.newHandler(ch.alloc()));
                    }
                    p.addLast("idle", new IdleStateHandler(0, 0, config.getIdleTimeoutSeconds()));
                    p.addLast("codec", new HttpServerCodec(config.getMaxInitialLineLength(),
                        config.getMaxHeaderSize(), 8192));
                    p.addLast("keepAlive", new HttpServerKeepAliveHandler());
                    p.addLast("aggregator", new LimitedHttpObjectAggregator(config.getLimits().getMaxRequestBytes(), requestIds));
                    p.addLast("dispatcher", new HttpDispatcher(router, requestIds, metrics,
                        config.getMaxPipelinedRequests(), draining::get, quotas,
                        config.getFlowControl().getMaxInFlightRequests(), authenticator));
                }
            });
        serverChannel = bootstrap.bind(new InetSocketAddress(config.getBindAddress(), config.getListenPort()))
            .sync().channel();
        if (tls != null) {
            bossGroup.scheduleWithFixedDelay(tls::reloadIfChanged, TLS_RELOAD_SECONDS, TLS_RELOAD_SECONDS, TimeUnit.SECONDS);
        }
        log.info("HTTP server listening on {} ({}, {})", serverChannel.localAddress(), epoll ? "epoll" : "nio",
            tls == null ? "plain HTTP" : "TLS " + tls.mode().name().toLowerCase());
    }

    /**
     * @return the bound port (useful when configured with port 0)
     */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /**
     * Stops accepting connections and refuses requests still arriving on open ones (503, connection
     * closed); what is already in flight keeps being served until {@link #shutdown()}.
     */
    public void stopAccepting() {
        draining.set(true);
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
    }

    /**
     * Waits up to the given time for in-flight requests to be answered.
     *
     * @return true when nothing was left in flight
     */
    public boolean awaitDrained(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (metrics.inFlight().get() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        return metrics.inFlight().get() <= 0;
    }

    public void shutdown() {
        stopAccepting();
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (workerGroup != null) {
            workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
