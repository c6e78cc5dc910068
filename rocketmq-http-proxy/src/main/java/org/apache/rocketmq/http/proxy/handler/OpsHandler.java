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
package org.apache.rocketmq.http.proxy.handler;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics;
import org.apache.rocketmq.http.proxy.server.HttpRequestContext;
import org.apache.rocketmq.http.proxy.server.HttpResult;
import org.apache.rocketmq.http.proxy.service.ClusterService;

/**
 * Operations endpoints: health, readiness, metrics and the OpenAPI document.
 */
public final class OpsHandler {
    public static final String OPENAPI_RESOURCE = "/openapi.json";

    private final ClusterService clusterService;
    private final ProxyMetrics metrics;
    private final byte[] openApi;

    public OpsHandler(ClusterService clusterService, ProxyMetrics metrics) {
        this.clusterService = clusterService;
        this.metrics = metrics;
        this.openApi = loadOpenApi();
    }

    public CompletableFuture<HttpResult> health(HttpRequestContext request) {
        return CompletableFuture.completedFuture(HttpResult.ok(Map.of("status", "UP")));
    }

    /**
     * 200 when the nameserver and at least one broker answer, else 503 with the reason.
     */
    public CompletableFuture<HttpResult> ready(HttpRequestContext request) {
        return clusterService.readiness().thenApply(r -> {
            if (!r.isReady()) {
                throw new HttpProxyException(ErrorCode.BROKER_UNAVAILABLE, "not ready: " + r.getReason());
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "READY");
            body.put("brokers", r.getBrokers());
            body.put("brokersAnswering", r.getBrokersAnswering());
            return HttpResult.ok(body);
        });
    }

    public CompletableFuture<HttpResult> metrics(HttpRequestContext request) {
        return CompletableFuture.completedFuture(HttpResult.of(200, ProxyMetrics.CONTENT_TYPE, metrics.scrapeBytes()));
    }

    public CompletableFuture<HttpResult> openApi(HttpRequestContext request) {
        return CompletableFuture.completedFuture(HttpResult.of(200, HttpResult.JSON, openApi));
    }

    private static byte[] loadOpenApi() {
        try (InputStream in = OpsHandler.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + OPENAPI_RESOURCE, e);
        }
    }
}
