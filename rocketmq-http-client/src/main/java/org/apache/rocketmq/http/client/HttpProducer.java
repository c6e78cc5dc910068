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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.rocketmq.http.client.internal.ApiRequest;
import org.apache.rocketmq.http.client.internal.Futures;
import org.apache.rocketmq.http.client.internal.JsonCodec;
import org.apache.rocketmq.http.client.internal.RawMessageCodec;
import org.apache.rocketmq.http.client.internal.Transport;
import org.apache.rocketmq.http.client.internal.UriEncoding;

/**
 * Sends messages to RocketMQ through the HTTP proxy ({@code POST /v1/topics/{topic}/messages}).
 *
 * <pre>{@code
 * try (HttpProducer producer = HttpProducer.create(config)) {
 *     SendReceipt receipt = producer.send(Message.builder().topic("TopicTest").body("hello").build());
 * }
 * }</pre>
 *
 * <p><b>Threading.</b> One producer is thread-safe and meant to be shared by the whole
 * application: it keeps a pool of HTTP connections and a few daemon threads. Every method has a
 * blocking form and a {@code CompletableFuture} form. Blocking methods throw the
 * {@link HttpProxyClientException} subclass of the failure; futures complete exceptionally with it.
 * Callbacks on the futures run on the producer's I/O threads: do not block in them.
 *
 * <p><b>Closing.</b> {@link #close()} rejects new sends, waits up to the request timeout for sends
 * in flight, then releases the connections and threads. A closed producer cannot be reopened.
 *
 * <p><b>Duplicates.</b> A send returns a {@link SendReceipt} only after the broker stored the
 * message. When it fails, the SDK retries it only when the failure proves that nothing was stored:
 * the connection could not be opened (that endpoint is then skipped and another one tried at once)
 * or the proxy throttled it (429). After a timeout, a broken connection, 500, 503 or 504 the
 * message may or may not have been stored, so by default the exception is thrown and the caller
 * decides; retrying it then may store it twice, under two message ids.
 * {@link NetworkException#mayHaveReachedProxy()} tells the two network cases apart. With
 * {@link RetryPolicy.Builder#retryAmbiguousSends(boolean)} the SDK also retries timeouts, broken
 * connections, 503 and 504 (not 500), and a message may then be stored more than once even though
 * the call reported one receipt. Consumers
 * should be idempotent in any case: delivery is at least once.
 *
 * <p><b>Batches.</b> {@link #sendBatch(List)} sends up to the proxy's batch limit (256) of messages
 * of one topic in one request and reports each message's outcome; failed entries are not retried.
 *
 * <p><b>Producer group.</b> Sends use {@link ClientConfig#producerGroup()}, or the proxy's default
 * group when none is configured.
 */
public final class HttpProducer implements Closeable {
    private final Transport transport;

    private HttpProducer(ClientConfig config) {
        this.transport = new Transport(config, "rocketmq-http-producer");
    }

    /**
     * Creates a producer. It opens connections lazily, on the first send.
     *
     * @param config where the proxies are and how to reach them
     * @return a producer to close when done
     */
    public static HttpProducer create(ClientConfig config) {
        return new HttpProducer(Objects.requireNonNull(config, "config"));
    }

    /**
     * Sends one message and waits for the broker to store it.
     *
     * @param message the message
     * @return where the message was stored
     * @throws HttpProxyClientException the subclass for the failure, e.g. {@link NotFoundException}
     *     when the topic does not exist
     * @throws IllegalStateException if the producer is closed
     */
    public SendReceipt send(Message message) {
        return Futures.await(sendAsync(message));
    }

    /**
     * Sends one message without blocking.
     *
     * @param message the message
     * @return a future of where the message was stored, failing with an {@link HttpProxyClientException}
     */
    public CompletableFuture<SendReceipt> sendAsync(Message message) {
        Objects.requireNonNull(message, "message");
        ApiRequest request = !message.hasTextBody() && RawMessageCodec.fits(message)
            ? RawMessageCodec.withHeaders(request(message.topic(), message.body()), message)
            : request(message.topic(), JsonCodec.message(message));
        return Futures.map(transport.execute(request), JsonCodec::sendReceipt);
    }

    /**
     * Sends messages of one topic in one request and waits for all of them.
     *
     * @param messages one or more messages, all of the same topic
     * @return one entry per message, in the order given: a {@link SendReceipt} or the error of that
     *     message
     * @throws HttpProxyClientException when the request as a whole failed (e.g. 413 for a batch over
     *     the size limit); then no message was stored, unless the failure is ambiguous as described
     *     in the class documentation
     * @throws IllegalArgumentException if the list is empty or mixes topics
     * @throws IllegalStateException if the producer is closed
     */
    public BatchResult<SendReceipt> sendBatch(List<Message> messages) {
        return Futures.await(sendBatchAsync(messages));
    }

    /**
     * Sends messages of one topic in one request without blocking.
     *
     * @param messages one or more messages, all of the same topic
     * @return a future of one entry per message, in the order given
     * @throws IllegalArgumentException if the list is empty or mixes topics
     */
    public CompletableFuture<BatchResult<SendReceipt>> sendBatchAsync(List<Message> messages) {
        Objects.requireNonNull(messages, "messages");
        List<Message> batch = new ArrayList<>(messages);
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one message");
        }
        String topic = Objects.requireNonNull(batch.get(0), "message").topic();
        for (Message message : batch) {
            if (!Objects.requireNonNull(message, "message").topic().equals(topic)) {
                throw new IllegalArgumentException("a batch goes to one topic; got " + topic + " and " + message.topic());
            }
        }
        ApiRequest request = request(topic, JsonCodec.batch(batch));
        return Futures.map(transport.execute(request), response -> JsonCodec.sendResults(response, batch.size()));
    }

    private ApiRequest request(String topic, byte[] body) {
        ClientConfig config = transport.config();
        return ApiRequest.post(UriEncoding.topicPath(topic, "messages"), body, ApiRequest.Kind.SEND, config.requestTimeout())
            .query("producerGroup", config.producerGroup().orElse(null));
    }

    /**
     * Rejects new sends, waits up to the request timeout for those in flight, and releases the
     * connections and threads. Calling it again has no effect.
     */
    @Override
    public void close() {
        transport.close();
    }
}
