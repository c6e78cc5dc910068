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
package org.apache.rocketmq.http.proxy.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.http.namesrv.protocol.HttpProxyInfo;
import org.apache.rocketmq.http.namesrv.protocol.HttpProxyList;
import org.apache.rocketmq.http.namesrv.protocol.HttpProxyRequestCode;
import org.apache.rocketmq.remoting.RemotingClient;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RemotingSysResponseCode;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.body.KVTable;
import org.apache.rocketmq.remoting.protocol.header.namesrv.DeleteKVConfigRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.namesrv.GetKVListByNamespaceRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.namesrv.PutKVConfigRequestHeader;

/**
 * Registration, deregistration and listing at one nameserver, in its way: the plugin's request codes
 * when it has the plugin, else its stock KV store (namespace {@link HttpProxyRequestCode#KV_NAMESPACE},
 * key = proxy id, value = the record as JSON). Which way is learnt from each answer: a stock nameserver
 * answers the plugin's codes with {@code REQUEST_CODE_NOT_SUPPORTED}. Blocking calls; thread-safe.
 */
class ProxyRegistryClient {
    /** How a nameserver keeps the proxy table. */
    enum Mode {
        PLUGIN(HttpProxyList.SOURCE_NAMESRV_PLUGIN),
        KV(HttpProxyList.SOURCE_NAMESRV_KV);

        private final String source;

        Mode(String source) {
            this.source = source;
        }

        String source() {
            return source;
        }
    }

    /** A nameserver's list, in the way it keeps it. */
    static final class Answer {
        final Mode mode;
        final List<HttpProxyInfo> proxies;
        final long answeredAt;

        Answer(Mode mode, List<HttpProxyInfo> proxies, long answeredAt) {
            this.mode = mode;
            this.proxies = proxies;
            this.answeredAt = answeredAt;
        }
    }

    private final RemotingClient remoting;
    private final long timeoutMillis;

    ProxyRegistryClient(RemotingClient remoting, long timeoutMillis) {
        this.remoting = remoting;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * @param self the record to store; with a KV store it carries the heartbeat time of this proxy's clock
     * @return the way the nameserver keeps the table
     */
    Mode register(String addr, HttpProxyInfo self) throws Exception {
        RemotingCommand response = invoke(addr, pluginRequest(HttpProxyRequestCode.REGISTER_HTTP_PROXY, self));
        if (response.getCode() == RemotingSysResponseCode.SUCCESS) {
            return Mode.PLUGIN;
        }
        if (response.getCode() != RemotingSysResponseCode.REQUEST_CODE_NOT_SUPPORTED) {
            throw refused(addr, "registration", response);
        }
        PutKVConfigRequestHeader header = new PutKVConfigRequestHeader();
        header.setNamespace(HttpProxyRequestCode.KV_NAMESPACE);
        header.setKey(self.getId());
        header.setValue(self.toJson());
        expectSuccess(addr, "KV registration", invoke(addr, RemotingCommand.createRequestCommand(RequestCode.PUT_KV_CONFIG, header)));
        return Mode.KV;
    }

    /**
     * Removes the proxy, in the way the nameserver answers to: the plugin's code, else the KV store.
     */
    void unregister(String addr, HttpProxyInfo self) throws Exception {
        RemotingCommand response = invoke(addr, pluginRequest(HttpProxyRequestCode.UNREGISTER_HTTP_PROXY, self));
        if (response.getCode() == RemotingSysResponseCode.REQUEST_CODE_NOT_SUPPORTED) {
            deleteKv(addr, self.getId());
            return;
        }
        expectSuccess(addr, "deregistration", response);
    }

    void deleteKv(String addr, String key) throws Exception {
        DeleteKVConfigRequestHeader header = new DeleteKVConfigRequestHeader();
        header.setNamespace(HttpProxyRequestCode.KV_NAMESPACE);
        header.setKey(key);
        expectSuccess(addr, "KV deletion", invoke(addr, RemotingCommand.createRequestCommand(RequestCode.DELETE_KV_CONFIG, header)));
    }

    /**
     * @param hint the way learnt from a registration, or null to find out
     * @return the proxies of the cluster the nameserver holds; records that are not valid are left out.
     *     Entries of a KV store come with their writers' heartbeat times, stale ones included.
     */
    Answer list(String addr, Mode hint, String cluster, long now) throws Exception {
        if (hint != Mode.KV) {
            RemotingCommand request = RemotingCommand.createRequestCommand(HttpProxyRequestCode.GET_HTTP_PROXY_LIST, null);
            request.addExtField(HttpProxyRequestCode.CLUSTER_FIELD, cluster);
            RemotingCommand response = invoke(addr, request);
            if (response.getCode() == RemotingSysResponseCode.SUCCESS) {
                List<HttpProxyInfo> proxies = response.getBody() == null ? new ArrayList<>()
                    : HttpProxyList.decode(response.getBody(), HttpProxyList.class).getProxies();
                return new Answer(Mode.PLUGIN, valid(proxies, cluster), now);
            }
            if (response.getCode() != RemotingSysResponseCode.REQUEST_CODE_NOT_SUPPORTED) {
                throw refused(addr, "list", response);
            }
        }
        GetKVListByNamespaceRequestHeader header = new GetKVListByNamespaceRequestHeader();
        header.setNamespace(HttpProxyRequestCode.KV_NAMESPACE);
        RemotingCommand response = invoke(addr, RemotingCommand.createRequestCommand(RequestCode.GET_KVLIST_BY_NAMESPACE, header));
        List<HttpProxyInfo> proxies = new ArrayList<>();
        if (response.getCode() == ResponseCode.QUERY_NOT_FOUND) {
            return new Answer(Mode.KV, proxies, now);
        }
        expectSuccess(addr, "KV list", response);
        KVTable table = response.getBody() == null ? new KVTable() : KVTable.decode(response.getBody(), KVTable.class);
        if (table.getTable() != null) {
            for (Map.Entry<String, String> e : table.getTable().entrySet()) {
                HttpProxyInfo proxy = parse(e.getValue());
                if (proxy != null && e.getKey().equals(proxy.getId())) {
                    proxies.add(proxy);
                }
            }
        }
        return new Answer(Mode.KV, valid(proxies, cluster), now);
    }

    private static HttpProxyInfo parse(String json) {
        try {
            return json == null ? null : HttpProxyInfo.fromJson(json, HttpProxyInfo.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static List<HttpProxyInfo> valid(List<HttpProxyInfo> proxies, String cluster) {
        List<HttpProxyInfo> valid = new ArrayList<>();
        if (proxies != null) {
            for (HttpProxyInfo p : proxies) {
                if (p != null && p.problem() == null && cluster.equals(p.getCluster())) {
                    valid.add(p);
                }
            }
        }
        return valid;
    }

    private static RemotingCommand pluginRequest(int code, HttpProxyInfo self) {
        RemotingCommand request = RemotingCommand.createRequestCommand(code, null);
        request.setBody(self.encode());
        return request;
    }

    private RemotingCommand invoke(String addr, RemotingCommand request) throws Exception {
        return remoting.invokeSync(addr, request, timeoutMillis);
    }

    private static void expectSuccess(String addr, String what, RemotingCommand response) {
        if (response.getCode() != RemotingSysResponseCode.SUCCESS) {
            throw refused(addr, what, response);
        }
    }

    private static IllegalStateException refused(String addr, String what, RemotingCommand response) {
        return new IllegalStateException("nameserver " + addr + " refused the " + what + ": code " + response.getCode()
            + (response.getRemark() == null ? "" : ", " + response.getRemark()));
    }
}
