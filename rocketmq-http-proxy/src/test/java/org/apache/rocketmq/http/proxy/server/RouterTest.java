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

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class RouterTest {
    private static final Router.Handler OK = request -> CompletableFuture.completedFuture(HttpResult.ok("ok"));

    private final Router router = new Router()
        .get("/health", OK)
        .post("/v1/topics/{topic}/messages", OK)
        .get("/v1/topics/{topic}/messages", OK)
        .get("/v1/topics/{topic}/queues", OK)
        .get("/v1/topics/{topic}/queues/{brokerName}/{queueId}/messages", OK);

    /**
     * Routes the request and returns the context its handler saw, with the path parameters set.
     */
    private HttpRequestContext route(String method, String path) throws Exception {
        HttpRequestContext context = new HttpRequestContext(method, path, Collections.emptyMap(), Collections.emptyMap(),
            new byte[0], "req-1");
        router.match(method, path).invoke(context);
        return context;
    }

    private HttpProxyException failure(String method, String path) {
        try {
            router.match(method, path);
        } catch (HttpProxyException e) {
            return e;
        }
        fail(method + " " + path + " was routed");
        return null;
    }

    @Test
    public void theProxysOwnTopicsAndGroupsAreRefusedOnEveryRoute() {
        Router reserving = new Router()
            .get("/v1/topics/{topic}/messages", OK)
            .get("/v1/topics/{topic}/queues/{brokerName}/{queueId}/messages", OK)
            .reserve(Set.of("PROXY_STATE"), Set.of("PROXY_READER"));
        for (String path : List.of("/v1/topics/PROXY_STATE/messages", "/v1/topics/PROXY_STATE/queues/b/0/messages")) {
            try {
                reserving.match("GET", path).checkReservedNames(Map.of());
                fail(path + " was let through");
            } catch (HttpProxyException e) {
                assertEquals(ErrorCode.FORBIDDEN, e.getErrorCode());
                assertTrue(e.getMessage(), e.getMessage().contains("PROXY_STATE"));
            }
        }
        try {
            reserving.match("GET", "/v1/topics/orders/messages").checkReservedNames(Map.of("group", List.of("PROXY_READER")));
            fail("the proxy's group was let through");
        } catch (HttpProxyException e) {
            assertEquals(ErrorCode.FORBIDDEN, e.getErrorCode());
        }
        // other names pass
        reserving.match("GET", "/v1/topics/orders/messages").checkReservedNames(Map.of("group", List.of("GID_orders")));
    }

    @Test
    public void pathIsMatchedAgainstTheTemplates() {
        assertEquals("/health", router.match("GET", "/health").route().template());
        assertEquals("/v1/topics/{topic}/messages", router.match("POST", "/v1/topics/orders/messages").route().template());
        assertEquals("/v1/topics/{topic}/queues", router.match("GET", "/v1/topics/orders/queues").route().template());
        assertEquals("/v1/topics/{topic}/queues/{brokerName}/{queueId}/messages",
            router.match("GET", "/v1/topics/orders/queues/broker-a/3/messages").route().template());
        assertEquals("GET", router.match("GET", "/v1/topics/orders/messages").route().method());
        assertEquals("POST", router.match("POST", "/v1/topics/orders/messages").route().method());
    }

    @Test
    public void pathParametersAreHandedToTheHandler() throws Exception {
        HttpRequestContext context = route("GET", "/v1/topics/orders/queues/broker-a/3/messages");
        assertEquals("orders", context.pathParam("topic"));
        assertEquals("broker-a", context.pathParam("brokerName"));
        assertEquals("3", context.pathParam("queueId"));
        assertNull(context.pathParam("group"));
    }

    @Test
    public void handlerResultIsReturned() throws Exception {
        HttpResult result = HttpResult.ok("mine");
        Router r = new Router().get("/x/{id}", request -> CompletableFuture.completedFuture(result));
        HttpRequestContext context = new HttpRequestContext("GET", "/x/1", Collections.emptyMap(), Collections.emptyMap(),
            new byte[0], "req-1");
        assertSame(result, r.match("GET", "/x/1").invoke(context).join());
    }

    @Test
    public void pathParametersArePercentDecoded() throws Exception {
        assertEquals("%RETRY%group", route("POST", "/v1/topics/%25RETRY%25group/messages").pathParam("topic"));
        assertEquals("caf\u00e9", route("POST", "/v1/topics/caf%C3%A9/messages").pathParam("topic"));
        assertEquals("a b", route("POST", "/v1/topics/a%20b/messages").pathParam("topic"));
    }

    @Test
    public void encodedSlashStaysInsideItsSegment() throws Exception {
        HttpRequestContext context = route("GET", "/v1/topics/t/queues/broker%2Fa/0/messages");
        assertEquals("broker/a", context.pathParam("brokerName"));
        assertEquals("0", context.pathParam("queueId"));
    }

    @Test
    public void plusInAPathIsALiteralPlus() throws Exception {
        assertEquals("broker+a", route("GET", "/v1/topics/t/queues/broker+a/0/messages").pathParam("brokerName"));
        assertEquals("a+b c", route("POST", "/v1/topics/a+b%20c/messages").pathParam("topic"));
    }

    @Test
    public void malformedPercentEncodingIsABadRequest() {
        for (String path : new String[] {"/v1/topics/%zz/messages", "/v1/topics/abc%/messages", "/v1/topics/%4/messages"}) {
            HttpProxyException e = failure("POST", path);
            assertEquals(path, ErrorCode.BAD_REQUEST, e.getErrorCode());
        }
    }

    @Test
    public void unknownPathIsNotFound() {
        for (String path : new String[] {"/", "", "/v2/health", "/healthz", "/v1/topics/orders", "/v1/topics/orders/messages/x",
            "/v1/topics/orders/queues/b/0"}) {
            HttpProxyException e = failure("GET", path);
            assertEquals(path, ErrorCode.NOT_FOUND, e.getErrorCode());
            assertEquals(40401, e.getErrorCode().code());
            assertFalse(e instanceof Router.MethodNotAllowedException);
        }
        assertTrue(failure("GET", "/nothing/here").getMessage().contains("GET /nothing/here"));
    }

    @Test
    public void notFoundMessageHasNoControlCharacters() {
        HttpProxyException e = failure("GET", "/a%0D%0Ab\r\nInjected: 1");
        assertEquals(ErrorCode.NOT_FOUND, e.getErrorCode());
        assertFalse(e.getMessage(), e.getMessage().contains("\r"));
        assertFalse(e.getMessage(), e.getMessage().contains("\n"));
    }

    @Test
    public void knownPathWithAnotherMethodIsMethodNotAllowedWithAllow() {
        HttpProxyException e = failure("DELETE", "/v1/topics/orders/messages");
        assertEquals(ErrorCode.METHOD_NOT_ALLOWED, e.getErrorCode());
        assertEquals(40500, e.getErrorCode().code());
        assertTrue(e instanceof Router.MethodNotAllowedException);
        assertEquals("GET, POST", ((Router.MethodNotAllowedException) e).allow());

        HttpProxyException health = failure("POST", "/health");
        assertEquals("GET", ((Router.MethodNotAllowedException) health).allow());
    }

    @Test
    public void trailingSlashMatchesTheSameRoute() throws Exception {
        assertEquals("/health", router.match("GET", "/health/").route().template());
        assertEquals("orders", route("POST", "/v1/topics/orders/messages/").pathParam("topic"));
    }

    @Test
    public void emptySegmentDoesNotMatchAParameter() {
        assertEquals(ErrorCode.NOT_FOUND, failure("POST", "/v1/topics//messages").getErrorCode());
        assertEquals(ErrorCode.NOT_FOUND, failure("GET", "/v1/topics/t/queues//0/messages").getErrorCode());
        assertEquals(ErrorCode.NOT_FOUND, failure("GET", "//health").getErrorCode());
    }

    @Test
    public void routesAreListedInRegistrationOrderAndReadOnly() {
        List<Router.Route> routes = router.routes();
        assertEquals(5, routes.size());
        assertEquals("/health", routes.get(0).template());
        assertEquals("POST", routes.get(1).method());
        try {
            routes.clear();
            fail("routes() must not be modifiable");
        } catch (UnsupportedOperationException expected) {
            assertEquals(5, router.routes().size());
        }
    }
}
