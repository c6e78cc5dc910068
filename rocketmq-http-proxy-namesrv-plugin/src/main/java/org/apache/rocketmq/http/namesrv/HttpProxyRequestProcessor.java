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

import io.netty.channel.ChannelHandlerContext;
import org.apache.rocketmq.common.constant.LoggerName;
import org.apache.rocketmq.http.namesrv.protocol.HttpProxyInfo;
import org.apache.rocketmq.http.namesrv.protocol.HttpProxyList;
import org.apache.rocketmq.http.namesrv.protocol.HttpProxyRequestCode;
import org.apache.rocketmq.logging.org.slf4j.Logger;
import org.apache.rocketmq.logging.org.slf4j.LoggerFactory;
import org.apache.rocketmq.remoting.common.RemotingHelper;
import org.apache.rocketmq.remoting.netty.NettyRequestProcessor;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RemotingSysResponseCode;

/**
 * Answers the plugin's request codes ({@link HttpProxyRequestCode}) from the {@link HttpProxyTable}.
 * A malformed or invalid record is refused with {@code SYSTEM_ERROR} and a remark saying why; a full
 * table with {@code SYSTEM_BUSY}.
 */
public class HttpProxyRequestProcessor implements NettyRequestProcessor {
    private static final Logger log = LoggerFactory.getLogger(LoggerName.NAMESRV_LOGGER_NAME);

    private final HttpProxyTable table;

    public HttpProxyRequestProcessor(HttpProxyTable table) {
        this.table = table;
    }

    @Override
    public RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request) {
        switch (request.getCode()) {
            case HttpProxyRequestCode.REGISTER_HTTP_PROXY:
                return register(ctx, request);
            case HttpProxyRequestCode.UNREGISTER_HTTP_PROXY:
                return unregister(ctx, request);
            case HttpProxyRequestCode.GET_HTTP_PROXY_LIST:
                return list(request);
            default:
                return RemotingCommand.createResponseCommand(RemotingSysResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    "request code " + request.getCode() + " not supported");
        }
    }

    private RemotingCommand register(ChannelHandlerContext ctx, RemotingCommand request) {
        HttpProxyInfo proxy = decode(request);
        String problem = proxy == null ? "body is not an HTTP proxy record" : proxy.problem();
        if (problem != null) {
            return error(RemotingSysResponseCode.SYSTEM_ERROR, "invalid HTTP proxy registration: " + problem);
        }
        if (!table.register(proxy)) {
            log.warn("HTTP proxy table is full, refused {} from {}", proxy.getId(), remote(ctx));
            return error(RemotingSysResponseCode.SYSTEM_BUSY, "the HTTP proxy table is full");
        }
        return RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
    }

    private RemotingCommand unregister(ChannelHandlerContext ctx, RemotingCommand request) {
        HttpProxyInfo proxy = decode(request);
        if (proxy == null || proxy.getCluster() == null || proxy.getId() == null) {
            return error(RemotingSysResponseCode.SYSTEM_ERROR, "invalid HTTP proxy deregistration: cluster and id are required");
        }
        if (table.unregister(proxy.getCluster(), proxy.getId())) {
            log.info("HTTP proxy {} of cluster {} deregistered by {}", proxy.getId(), proxy.getCluster(), remote(ctx));
        }
        return RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
    }

    private RemotingCommand list(RemotingCommand request) {
        String cluster = request.getExtFields() == null ? null : request.getExtFields().get(HttpProxyRequestCode.CLUSTER_FIELD);
        RemotingCommand response = RemotingCommand.createResponseCommand(RemotingSysResponseCode.SUCCESS, null);
        response.setBody(new HttpProxyList(table.list(cluster)).encode());
        return response;
    }

    private static HttpProxyInfo decode(RemotingCommand request) {
        if (request.getBody() == null || request.getBody().length == 0) {
            return null;
        }
        try {
            return HttpProxyInfo.decode(request.getBody(), HttpProxyInfo.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static RemotingCommand error(int code, String remark) {
        return RemotingCommand.createResponseCommand(code, remark);
    }

    private static String remote(ChannelHandlerContext ctx) {
        return ctx == null ? "?" : RemotingHelper.parseChannelRemoteAddr(ctx.channel());
    }

    @Override
    public boolean rejectRequest() {
        return false;
    }
}
