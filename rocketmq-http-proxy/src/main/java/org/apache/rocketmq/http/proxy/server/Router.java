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

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.rocketmq.http.proxy.auth.Access;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;
import org.apache.rocketmq.http.proxy.quota.RouteQuota;

/**
 * Maps method and path templates such as {@code /v1/topics/{topic}/messages} to handlers. A path that
 * matches no template is 404; one that matches with another method is 405. Each route declares what
 * its caller needs when ACL is on ({@link Access}); the dispatcher checks it before the handler runs.
 */
public final class Router {

    /**
     * A route's target. It may throw; the dispatcher maps the exception like a failed future.
     */
    @FunctionalInterface
    public interface Handler {
        CompletableFuture<HttpResult> handle(HttpRequestContext request) throws Exception;
    }

    /**
     * A registered route, also the source of truth the OpenAPI test compares against.
     */
    public static final class Route {
        private final String method;
        private final String template;
        private final String[] segments;
        private final Access access;
        private final RouteQuota quota;
        private final Handler handler;

        Route(String method, String template, Access access, RouteQuota quota, Handler handler) {
            this.method = method;
            this.template = template;
            this.segments = split(template);
            this.access = access;
            this.quota = quota;
            this.handler = handler;
        }

        public String method() {
            return method;
        }

        public String template() {
            return template;
        }

        /**
         * @return how flow control treats the route
         */
        public RouteQuota quota() {
            return quota;
        }

        public Access access() {
            return access;
        }

        Map<String, String> match(String[] pathSegments) {
            if (pathSegments.length != segments.length) {
                return null;
            }
            Map<String, String> params = null;
            for (int i = 0; i < segments.length; i++) {
                String s = segments[i];
                if (s.startsWith("{")) {
                    if (pathSegments[i].isEmpty()) {
                        return null;
                    }
                    if (params == null) {
                        params = new HashMap<>(4);
                    }
                    params.put(s.substring(1, s.length() - 1), pathSegments[i]);
                } else if (!s.equals(pathSegments[i])) {
                    return null;
                }
            }
            return params == null ? Collections.emptyMap() : params;
        }
    }

    /**
     * The route chosen for a request and the values of its path parameters.
     */
    public static final class Match {
        private final Route route;
        private final Map<String, String> params;
        private final Router router;

        Match(Route route, Map<String, String> params, Router router) {
            this.route = route;
            this.params = params;
            this.router = router;
        }

        /**
         * Refuses a request that names one of the proxy's own topics or groups (its path's topic, or a
         * consumer group in its query), whatever the route: they hold the proxy's state, not a caller's messages.
         *
         * @throws HttpProxyException FORBIDDEN
         */
        public void checkReservedNames(Map<String, List<String>> query) {
            String topic = params.get(TOPIC_PARAM);
            if (topic != null && router.reservedTopics.contains(topic)) {
                throw new HttpProxyException(ErrorCode.FORBIDDEN, "topic [" + topic + "] is reserved by the proxy");
            }
            for (String group : query.getOrDefault(Access.GROUP_PARAM, List.of())) {
                if (router.reservedGroups.contains(group)) {
                    throw new HttpProxyException(ErrorCode.FORBIDDEN, "group [" + group + "] is reserved by the proxy");
                }
            }
        }

        public Route route() {
            return route;
        }

        /**
         * Gives the request its path parameters, for whatever looks at it before the handler.
         */
        void bindPathParams(HttpRequestContext request) {
            request.pathParams(params);
        }

        /**
         * @return the decoded path parameters
         */
        public Map<String, String> pathParams() {
            return params;
        }

        public CompletableFuture<HttpResult> invoke(HttpRequestContext request) throws Exception {
            request.pathParams(params);
            return route.handler.handle(request);
        }
    }

    private static final String TOPIC_PARAM = "topic";

    private final List<Route> routes = new ArrayList<>();
    private Set<String> reservedTopics = Set.of();
    private Set<String> reservedGroups = Set.of();

    /**
     * Names of the proxy's own topics and groups, which no request may name ({@link Match#checkReservedNames}).
     */
    public Router reserve(Set<String> topics, Set<String> groups) {
        this.reservedTopics = Set.copyOf(topics);
        this.reservedGroups = Set.copyOf(groups);
        return this;
    }

    public Router get(String template, Access access, RouteQuota quota, Handler handler) {
        routes.add(new Route("GET", template, access, quota, handler));
        return this;
    }

    public Router post(String template, Access access, RouteQuota quota, Handler handler) {
        routes.add(new Route("POST", template, access, quota, handler));
        return this;
    }

    public Router get(String template, Access access, Handler handler) {
        return get(template, access, RouteQuota.REQUEST, handler);
    }

    public Router post(String template, Access access, Handler handler) {
        return post(template, access, RouteQuota.REQUEST, handler);
    }

    /**
     * A route that declares no access: with ACL on, only admin accounts may call it.
     */
    public Router get(String template, RouteQuota quota, Handler handler) {
        return get(template, Access.ADMIN, quota, handler);
    }

    /**
     * A route that declares no access: with ACL on, only admin accounts may call it.
     */
    public Router post(String template, RouteQuota quota, Handler handler) {
        return post(template, Access.ADMIN, quota, handler);
    }

    /**
     * A route that declares no access: with ACL on, only admin accounts may call it.
     */
    public Router get(String template, Handler handler) {
        return get(template, Access.ADMIN, handler);
    }

    /**
     * A route that declares no access: with ACL on, only admin accounts may call it.
     */
    public Router post(String template, Handler handler) {
        return post(template, Access.ADMIN, handler);
    }

    public List<Route> routes() {
        return Collections.unmodifiableList(routes);
    }

    /**
     * @param path the raw path of the request, without query
     * @throws HttpProxyException NOT_FOUND or METHOD_NOT_ALLOWED
     */
    public Match match(String method, String path) {
        String[] segments = split(path);
        for (int i = 0; i < segments.length; i++) {
            segments[i] = decodeSegment(segments[i], path);
        }
        TreeSet<String> allowed = null;
        for (Route route : routes) {
            Map<String, String> params = route.match(segments);
            if (params == null) {
                continue;
            }
            if (route.method.equals(method)) {
                return new Match(route, params, this);
            }
            if (allowed == null) {
                allowed = new TreeSet<>();
            }
            allowed.add(route.method);
        }
        if (allowed != null) {
            throw new MethodNotAllowedException(method, String.join(", ", allowed));
        }
        throw new HttpProxyException(ErrorCode.NOT_FOUND, "no route for " + method + " " + safePath(path));
    }

    private static String decodeSegment(String segment, String path) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        try {
            // '+' means a space only in a query string; in a path it is a plus
            return QueryStringDecoder.decodeComponent(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new HttpProxyException(ErrorCode.BAD_REQUEST, "malformed percent-encoding in path " + safePath(path));
        }
    }

    private static String safePath(String path) {
        String p = path.length() > 200 ? path.substring(0, 200) + "..." : path;
        return p.replaceAll("[\\p{Cntrl}]", "?");
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }

    /**
     * A 405 that also knows the methods the path allows, for the {@code Allow} header.
     */
    public static final class MethodNotAllowedException extends HttpProxyException {
        private final String allow;

        MethodNotAllowedException(String method, String allow) {
            super(ErrorCode.METHOD_NOT_ALLOWED, "method " + method + " is not allowed here; allowed: " + allow);
            this.allow = allow;
        }

        public String allow() {
            return allow;
        }
    }
}
