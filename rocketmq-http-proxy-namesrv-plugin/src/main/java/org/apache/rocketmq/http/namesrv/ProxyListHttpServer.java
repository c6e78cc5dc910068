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

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The plugin's small HTTP/1.1 listener: {@code GET /v1/proxies} for clients in any language, so they
 * can find the proxies from the nameserver host. One event loop thread; requests are tiny.
 */
public final class ProxyListHttpServer {
    private static final int MAX_REQUEST_BYTES = 64 * 1024;
    private static final int IDLE_SECONDS = 60;

    private final String bindAddress;
    private final int listenPort;
    private final HttpProxyTable table;
    private EventLoopGroup group;
    private Channel serverChannel;

    public ProxyListHttpServer(String bindAddress, int listenPort, HttpProxyTable table) {
        this.bindAddress = bindAddress;
        this.listenPort = listenPort;
        this.table = table;
    }

    public void start() throws InterruptedException {
        group = new NioEventLoopGroup(1, new DefaultThreadFactory("HttpProxyListServer", true));
        ServerBootstrap bootstrap = new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 128)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ChannelPipeline p = ch.pipeline();
                    p.addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS));
                    p.addLast("codec", new HttpServerCodec());
                    p.addLast("keepAlive", new HttpServerKeepAliveHandler());
                    p.addLast("aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES));
                    p.addLast("handler", new ProxyListHttpHandler(table));
                }
            });
        try {
            serverChannel = bootstrap.bind(new InetSocketAddress(bindAddress, listenPort)).sync().channel();
        } catch (Exception e) {
            // also a BindException, which Netty throws without declaring it
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /**
     * @return the bound port (useful when configured with port 0)
     */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public void shutdown() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
