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
package org.apache.rocketmq.http.client;

import java.io.Closeable;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.rocketmq.http.client.internal.ApiRequest;
import org.apache.rocketmq.http.client.internal.Checks;
import org.apache.rocketmq.http.client.internal.Futures;
import org.apache.rocketmq.http.client.internal.JsonCodec;
import org.apache.rocketmq.http.client.internal.ProxyDiscovery;
import org.apache.rocketmq.http.client.internal.Transport;
import org.apache.rocketmq.http.client.internal.UriEncoding;

/**
 * Read-only information about the cluster behind the proxies: the live proxies and a topic's queues.
 *
 * <pre>{@code
 * try (HttpAdmin admin = HttpAdmin.create(ClientConfig.builder().discovery("http://namesrv:9880").build())) {
 *     List<ProxyInfo> proxies = admin.proxies().proxies();
 *     List<TopicQueue> queues = admin.topicQueues("TopicTest");
 * }
 * }</pre>
 *
 * <p>Thread-safe and reusable; close it when done. Requests are retried as the configuration's
 * {@link RetryPolicy} allows for safe requests.
 */
public final class HttpAdmin implements Closeable {
    private final Transport transport;

    private HttpAdmin(ClientConfig config) {
        this.transport = new Transport(config, "rocketmq-http-admin");
    }

    /**
     * Creates an admin client.
     *
     * @param config where the proxies are and how to reach them
     * @return an admin client to close when done
     */
    public static HttpAdmin create(ClientConfig config) {
        return new HttpAdmin(Objects.requireNonNull(config, "config"));
    }

    /**
     * Returns the live proxies: from the configuration's discovery URL when it has one (a nameserver's
     * plugin port or a proxy), else from one of its endpoints.
     *
     * @return the proxies and where the list came from
     * @throws HttpProxyClientException the subclass for the failure
     * @throws IllegalStateException if the client is closed
     */
    public ProxyList proxies() {
        return Futures.await(proxiesAsync());
    }

    /**
     * Returns the live proxies without blocking; see {@link #proxies()}.
     *
     * @return a future of the proxies, failing with an {@link HttpProxyClientException}
     */
    public CompletableFuture<ProxyList> proxiesAsync() {
        if (transport.isClosed()) {
            return Futures.failed(new IllegalStateException("the client is closed"));
        }
        ProxyDiscovery discovery = transport.discovery();
        if (discovery != null) {
            URI url = discovery.discoveryUrl();
            return discovery.fetch(url);
        }
        return Futures.map(transport.execute(ApiRequest.get("/v1/proxies", transport.config().requestTimeout())),
            JsonCodec::proxyList);
    }

    /**
     * Returns the queues of a topic with their offsets.
     *
     * @param topic the topic
     * @return the queues, in the proxy's order
     * @throws NotFoundException if the topic does not exist
     * @throws HttpProxyClientException the subclass for any other failure
     * @throws IllegalStateException if the client is closed
     */
    public List<TopicQueue> topicQueues(String topic) {
        return Futures.await(topicQueuesAsync(topic));
    }

    /**
     * Returns the queues of a topic without blocking; see {@link #topicQueues(String)}.
     *
     * @param topic the topic
     * @return a future of the queues, failing with an {@link HttpProxyClientException}
     */
    public CompletableFuture<List<TopicQueue>> topicQueuesAsync(String topic) {
        ApiRequest request = ApiRequest.get(UriEncoding.topicPath(Checks.topic(topic), "queues"), transport.config().requestTimeout());
        return Futures.map(transport.execute(request), JsonCodec::topicQueues);
    }

    /**
     * Waits up to the request timeout for requests in flight, then releases connections and threads.
     * Calling it again has no effect.
     */
    @Override
    public void close() {
        transport.close();
    }
}
