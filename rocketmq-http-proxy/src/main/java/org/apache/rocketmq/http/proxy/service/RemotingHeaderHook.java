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

import java.util.Locale;
import org.apache.rocketmq.http.proxy.auth.BrokerIdentity;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.remoting.RPCHook;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.SerializeType;

/**
 * The hook of every RocketMQ client the proxy creates: it gives each request to a broker or nameserver
 * the header form of {@code remotingSerializeType}, then lets the proxy's broker identity sign it.
 * <p>
 * RocketMQ's binary form ({@code ROCKETMQ}, the default here) is read by every 4.x and 5.x broker and
 * nameserver as well as JSON, and writing it costs the proxy less than JSON (the send header was a fifth
 * of the proxy's allocation). It carries the request code in 16 bits, though: the codes of 5.x's POP
 * family (receive, ack, invisibility changes: 200050 and up) do not fit and would reach the broker as
 * another code, so requests whose code does not fit stay JSON. That is also why the form is set per
 * request and not through the JVM-wide {@code rocketmq.serialize.type}, which would break every receive;
 * several proxies and an embedded broker can share one JVM this way, too. Brokers answer in their own
 * form; the client reads either.
 */
public final class RemotingHeaderHook implements RPCHook {
    private final SerializeType type;
    private final RPCHook identity;

    RemotingHeaderHook(SerializeType type, RPCHook identity) {
        this.type = type;
        this.identity = identity;
    }

    /**
     * @throws IllegalArgumentException when {@code remotingSerializeType} is neither ROCKETMQ nor JSON
     */
    public static RemotingHeaderHook of(HttpProxyConfig config) {
        return new RemotingHeaderHook(serializeType(config.getRocketmq().getRemotingSerializeType()),
            BrokerIdentity.rpcHook(config.getAuth()));
    }

    static SerializeType serializeType(String value) {
        String name = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        if (name.equals(SerializeType.ROCKETMQ.name())) {
            return SerializeType.ROCKETMQ;
        }
        if (name.equals(SerializeType.JSON.name())) {
            return SerializeType.JSON;
        }
        throw new IllegalArgumentException("remotingSerializeType must be ROCKETMQ or JSON, got [" + value + "]");
    }

    public SerializeType type() {
        return type;
    }

    static boolean fitsBinaryForm(int requestCode) {
        return requestCode >= Short.MIN_VALUE && requestCode <= Short.MAX_VALUE;
    }

    @Override
    public void doBeforeRequest(String remoteAddr, RemotingCommand request) {
        request.setSerializeTypeCurrentRPC(fitsBinaryForm(request.getCode()) ? type : SerializeType.JSON);
        if (identity != null) {
            identity.doBeforeRequest(remoteAddr, request);
        }
    }

    @Override
    public void doAfterResponse(String remoteAddr, RemotingCommand request, RemotingCommand response) {
        if (identity != null) {
            identity.doAfterResponse(remoteAddr, request, response);
        }
    }
}
