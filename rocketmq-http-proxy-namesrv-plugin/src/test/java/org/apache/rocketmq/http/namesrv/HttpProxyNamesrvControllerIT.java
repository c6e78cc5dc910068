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

import com.alibaba.fastjson.JSON;
import com.alibaba.fastjson.JSONObject;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.apache.rocketmq.common.namesrv.NamesrvConfig;
import org.apache.rocketmq.http.namesrv.protocol.HttpProxyInfo;
import org.apache.rocketmq.http.namesrv.protocol.HttpProxyList;
import org.apache.rocketmq.http.namesrv.protocol.HttpProxyRequestCode;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyRemotingClient;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RemotingSysResponseCode;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.header.namesrv.GetKVConfigRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.namesrv.GetKVConfigResponseHeader;
import org.apache.rocketmq.remoting.protocol.header.namesrv.PutKVConfigRequestHeader;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * The plugin nameserver on free ports, spoken to as proxies and clients do: the plugin's request codes
 * over remoting, {@code GET /v1/proxies} over HTTP, and a stock request to show the rest is unchanged.
 */
public class HttpProxyNamesrvControllerIT {
    private static File dir;
    private static HttpProxyNamesrvController namesrv;
    private static NettyRemotingClient client;
    private static String addr;

    @BeforeClass
    public static void start() throws Exception {
        dir = Files.createTempDirectory("http-namesrv-it").toFile();
        NamesrvConfig config = new NamesrvConfig();
        config.setKvConfigPath(new File(dir, "kv.json").getPath());
        config.setConfigStorePath(new File(dir, "namesrv.properties").getPath());
        NettyServerConfig server = new NettyServerConfig();
        server.setListenPort(0);
        HttpProxyNamesrvConfig plugin = new HttpProxyNamesrvConfig();
        plugin.setHttpListenPort(0);
        plugin.setHttpBindAddress("127.0.0.1");
        plugin.setProxyTtlSeconds(2);
        namesrv = new HttpProxyNamesrvController(config, server, new NettyClientConfig(), plugin);
        assertTrue(namesrv.initialize());
        namesrv.start();
        addr = "127.0.0.1:" + namesrv.getNettyServerConfig().getListenPort();
        client = new NettyRemotingClient(new NettyClientConfig());
        client.start();
    }

    @AfterClass
    public static void stop() {
        if (client != null) {
            client.shutdown();
        }
        if (namesrv != null) {
            namesrv.shutdown();
        }
        for (File f : dir.listFiles()) {
            f.delete();
        }
        dir.delete();
    }

    private static RemotingCommand call(int code, HttpProxyInfo body, String cluster) throws Exception {
        RemotingCommand request = RemotingCommand.createRequestCommand(code, null);
        if (body != null) {
            request.setBody(body.encode());
        }
        if (cluster != null) {
            request.addExtField(HttpProxyRequestCode.CLUSTER_FIELD, cluster);
        }
        return client.invokeSync(addr, request, 3000);
    }

    private static List<HttpProxyInfo> list(String cluster) throws Exception {
        RemotingCommand response = call(HttpProxyRequestCode.GET_HTTP_PROXY_LIST, null, cluster);
        assertEquals(RemotingSysResponseCode.SUCCESS, response.getCode());
        return HttpProxyList.decode(response.getBody(), HttpProxyList.class).getProxies();
    }

    private static JSONObject httpList() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + namesrv.httpPort() + "/v1/proxies?cluster=it")).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return JSON.parseObject(response.body());
    }

    @Test
    public void proxiesRegisterAreListedOverRemotingAndHttpAndDeregister() throws Exception {
        HttpProxyInfo proxy = new HttpProxyInfo("it-1", "it", "http://127.0.0.1:18181", "z1", "1.0.0", 42, 0);
        long before = System.currentTimeMillis();
        assertEquals(RemotingSysResponseCode.SUCCESS, call(HttpProxyRequestCode.REGISTER_HTTP_PROXY, proxy, null).getCode());

        List<HttpProxyInfo> listed = list("it");
        assertEquals(1, listed.size());
        assertEquals("http://127.0.0.1:18181", listed.get(0).getUrl());
        assertTrue(listed.get(0).getLastHeartbeat() >= before);
        JSONObject http = httpList();
        assertEquals("namesrv-plugin", http.getString("source"));
        assertEquals("it-1", http.getJSONArray("proxies").getJSONObject(0).getString("id"));

        assertEquals(RemotingSysResponseCode.SUCCESS, call(HttpProxyRequestCode.UNREGISTER_HTTP_PROXY, proxy, null).getCode());
        assertEquals(0, list("it").size());
        assertEquals(0, httpList().getJSONArray("proxies").size());
    }

    @Test
    public void aProxyWithoutHeartbeatExpires() throws Exception {
        HttpProxyInfo proxy = new HttpProxyInfo("it-2", "it-ttl", "http://127.0.0.1:18182", "", "1.0.0", 1, 0);
        call(HttpProxyRequestCode.REGISTER_HTTP_PROXY, proxy, null);
        assertEquals(1, list("it-ttl").size());
        long deadline = System.currentTimeMillis() + 10_000;
        while (!list("it-ttl").isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0, list("it-ttl").size());
        assertEquals(0, namesrv.proxyTable().list("it-ttl").size());
    }

    @Test
    public void invalidRegistrationsAreRefusedWithAReason() throws Exception {
        HttpProxyInfo bad = new HttpProxyInfo("it-3", "it", "file:///etc/passwd", "", "1", 1, 0);
        RemotingCommand response = call(HttpProxyRequestCode.REGISTER_HTTP_PROXY, bad, null);
        assertEquals(RemotingSysResponseCode.SYSTEM_ERROR, response.getCode());
        assertTrue(response.getRemark(), response.getRemark().contains("url"));
        RemotingCommand empty = call(HttpProxyRequestCode.REGISTER_HTTP_PROXY, null, null);
        assertEquals(RemotingSysResponseCode.SYSTEM_ERROR, empty.getCode());
        RemotingCommand garbage = RemotingCommand.createRequestCommand(HttpProxyRequestCode.REGISTER_HTTP_PROXY, null);
        garbage.setBody("{not json".getBytes());
        assertEquals(RemotingSysResponseCode.SYSTEM_ERROR, client.invokeSync(addr, garbage, 3000).getCode());
    }

    @Test
    public void theStockNameserverIsUnchanged() throws Exception {
        PutKVConfigRequestHeader put = new PutKVConfigRequestHeader();
        put.setNamespace("IT");
        put.setKey("k");
        put.setValue("v");
        assertEquals(RemotingSysResponseCode.SUCCESS,
            client.invokeSync(addr, RemotingCommand.createRequestCommand(RequestCode.PUT_KV_CONFIG, put), 3000).getCode());
        GetKVConfigRequestHeader get = new GetKVConfigRequestHeader();
        get.setNamespace("IT");
        get.setKey("k");
        RemotingCommand response = client.invokeSync(addr, RemotingCommand.createRequestCommand(RequestCode.GET_KV_CONFIG, get), 3000);
        assertEquals(RemotingSysResponseCode.SUCCESS, response.getCode());
        assertEquals("v", ((GetKVConfigResponseHeader) response.decodeCommandCustomHeader(GetKVConfigResponseHeader.class)).getValue());

        RemotingCommand unknown = client.invokeSync(addr, RemotingCommand.createRequestCommand(8199, null), 3000);
        assertEquals(RemotingSysResponseCode.REQUEST_CODE_NOT_SUPPORTED, unknown.getCode());
    }
}
