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
import com.alibaba.fastjson.JSONArray;
import com.alibaba.fastjson.JSONObject;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.http.namesrv.protocol.HttpProxyInfo;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

public class ProxyListHttpHandlerTest {
    private final AtomicLong now = new AtomicLong(5_000);
    private final HttpProxyTable table = new HttpProxyTable(30_000, 100, now::get);
    private EmbeddedChannel channel;

    @Before
    public void setUp() {
        channel = new EmbeddedChannel(new ProxyListHttpHandler(table));
        table.register(new HttpProxyInfo("p1", "DefaultCluster", "http://10.0.0.1:8181", "zone-a", "1.0.0", 100, 0));
        table.register(new HttpProxyInfo("p2", "Other", "http://10.0.0.2:8181", null, null, 200, 0));
    }

    @After
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    private FullHttpResponse send(FullHttpRequest request) {
        channel.writeInbound(request);
        FullHttpResponse response = channel.readOutbound();
        return response;
    }

    private static JSONObject json(FullHttpResponse response) {
        try {
            assertEquals("application/json; charset=utf-8", response.headers().get("Content-Type"));
            return JSON.parseObject(response.content().toString(StandardCharsets.UTF_8));
        } finally {
            response.release();
        }
    }

    @Test
    public void getListsTheLiveProxiesAsTheApiDoes() {
        FullHttpResponse response = send(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/v1/proxies"));
        assertEquals(200, response.status().code());
        assertTrue(response.headers().get(ProxyListHttpHandler.REQUEST_ID) != null);
        JSONObject body = json(response);
        assertEquals("namesrv-plugin", body.getString("source"));
        JSONArray proxies = body.getJSONArray("proxies");
        assertEquals(2, proxies.size());
        JSONObject p1 = proxies.getJSONObject(0);
        assertEquals("p1", p1.getString("id"));
        assertEquals("DefaultCluster", p1.getString("cluster"));
        assertEquals("http://10.0.0.1:8181", p1.getString("url"));
        assertEquals("zone-a", p1.getString("zone"));
        assertEquals("1.0.0", p1.getString("version"));
        assertEquals(100, p1.getLongValue("startTime"));
        assertEquals(5_000, p1.getLongValue("lastHeartbeat"));
        JSONObject p2 = proxies.getJSONObject(1);
        assertEquals("", p2.getString("zone"));
        assertEquals("", p2.getString("version"));
    }

    @Test
    public void clusterParameterFiltersAndRequestIdIsEchoed() {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/v1/proxies?cluster=Other");
        request.headers().set("X-Request-Id", "abc-1");
        FullHttpResponse response = send(request);
        assertEquals("abc-1", response.headers().get("X-Request-Id"));
        JSONArray proxies = json(response).getJSONArray("proxies");
        assertEquals(1, proxies.size());
        assertEquals("p2", proxies.getJSONObject(0).getString("id"));
    }

    @Test
    public void expiredProxiesAreNotListed() {
        now.addAndGet(30_000);
        assertEquals(0, json(send(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/v1/proxies")))
            .getJSONArray("proxies").size());
    }

    @Test
    public void otherPathsAre404WithTheErrorJson() {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/v1/topics/T/messages");
        request.headers().set("X-Request-Id", "r-404");
        FullHttpResponse response = send(request);
        assertEquals(404, response.status().code());
        JSONObject error = json(response);
        assertEquals(40401, error.getIntValue("code"));
        assertEquals("NOT_FOUND", error.getString("error"));
        assertEquals("r-404", error.getString("requestId"));
        assertTrue(error.getString("message"), error.getString("message").contains("/v1/topics/T/messages"));
        assertTrue(channel.isOpen());
    }

    @Test
    public void otherMethodsAre405WithAllow() {
        FullHttpResponse response = send(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/proxies"));
        assertEquals(405, response.status().code());
        assertEquals("GET", response.headers().get("Allow"));
        JSONObject error = json(response);
        assertEquals(40500, error.getIntValue("code"));
        assertEquals("METHOD_NOT_ALLOWED", error.getString("error"));
        assertTrue(channel.isOpen());
    }

    @Test
    public void otherHttpVersionsAre505AndTheConnectionCloses() {
        FullHttpResponse response = send(new DefaultFullHttpRequest(HttpVersion.valueOf("HTTP/2.0"), HttpMethod.GET,
            "/v1/proxies"));
        assertEquals(505, response.status().code());
        assertEquals(50500, json(response).getIntValue("code"));
        channel.runPendingTasks();
        assertFalse(channel.isOpen());
    }

    @Test
    public void anInsaneRequestIdIsReplaced() {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/v1/proxies");
        request.headers().set("X-Request-Id", "a b/c");
        FullHttpResponse response = send(request);
        String id = response.headers().get("X-Request-Id");
        response.release();
        assertFalse(id, id.contains(" ") || id.contains("/"));
    }
}
