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

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.rocketmq.http.proxy.HttpProxyController;

/**
 * What the integration tests share: SDK configurations pointing at real proxies of the test
 * cluster, and the proxies' own counters, read from their metrics.
 */
final class LiveProxies {
    private LiveProxies() {
    }

    static String endpoint(HttpProxyController proxy) {
        return "http://127.0.0.1:" + proxy.port();
    }

    /** A configuration for the given proxies, with short backoffs so that failures show quickly. */
    static ClientConfig.Builder config(HttpProxyController... proxies) {
        List<String> endpoints = new ArrayList<>();
        for (HttpProxyController proxy : proxies) {
            endpoints.add(endpoint(proxy));
        }
        return ClientConfig.builder()
            .endpoints(endpoints.toArray(new String[0]))
            .connectTimeout(Duration.ofSeconds(2))
            .requestTimeout(Duration.ofSeconds(10))
            .retryPolicy(RetryPolicy.builder().maxAttempts(3).fixedBackoff(Duration.ofMillis(50)).build());
    }

    /**
     * Sends test data in batches of 16 and returns the receipts in the order of the messages. Entries
     * refused with 429 or 503 are sent again, as a producer does: a busy broker refuses a burst of
     * sends with flow control before storing anything ("broker busy", 429 from the proxy), and a
     * broker that is not writable for a moment answers 503. Should such an entry have been stored
     * after all, the tests see an unexpected extra message and fail.
     */
    static List<SendReceipt> sendAll(HttpProducer producer, List<Message> messages) throws InterruptedException {
        SendReceipt[] receipts = new SendReceipt[messages.size()];
        for (int from = 0; from < messages.size(); from += 16) {
            List<Integer> pending = new ArrayList<>();
            for (int i = from; i < Math.min(from + 16, messages.size()); i++) {
                pending.add(i);
            }
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                List<Message> batch = new ArrayList<>();
                pending.forEach(i -> batch.add(messages.get(i)));
                BatchResult<SendReceipt> result = producer.sendBatch(batch);
                List<Integer> failed = new ArrayList<>();
                for (int k = 0; k < pending.size(); k++) {
                    BatchResult.Entry<SendReceipt> entry = result.get(k);
                    if (entry.isSuccess()) {
                        receipts[pending.get(k)] = entry.value();
                    } else if ((entry.error() instanceof BrokerUnavailableException
                        || entry.error() instanceof TooManyRequestsException) && attempt < 10) {
                        failed.add(pending.get(k));
                    } else {
                        throw entry.error();
                    }
                }
                pending = failed;
                if (!pending.isEmpty()) {
                    Thread.sleep(200);
                }
            }
        }
        return Arrays.asList(receipts);
    }

    /** An endpoint where nothing listens: a port that was free a moment ago. */
    static String deadEndpoint() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    /**
     * The value of one series of the proxy's metrics, 0 when it was never counted; e.g.
     * {@code rocketmq_http_requests_total{method="POST",route="/v1/topics/{topic}/acks",status="200"}}.
     * A name without labels, e.g. {@code rocketmq_http_messages_acked_total}, is the sum of its series
     * (of all topics).
     */
    static long metric(HttpProxyController proxy, String series) {
        double sum = 0;
        for (String line : proxy.metrics().scrape().split("\n")) {
            if (line.startsWith(series + " ") || series.indexOf('{') < 0 && line.startsWith(series + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
            }
        }
        return (long) sum;
    }

    static long requests(HttpProxyController proxy, String method, String route, int status) {
        return metric(proxy, "rocketmq_http_requests_total{method=\"" + method + "\",route=\"" + route + "\",status=\""
            + status + "\"}");
    }
}
