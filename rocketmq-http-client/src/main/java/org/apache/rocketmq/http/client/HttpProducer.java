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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.rocketmq.http.client.internal.ApiRequest;
import org.apache.rocketmq.http.client.internal.Checks;
import org.apache.rocketmq.http.client.internal.Futures;
import org.apache.rocketmq.http.client.internal.JsonCodec;
import org.apache.rocketmq.http.client.internal.RawMessageCodec;
import org.apache.rocketmq.http.client.internal.TransactionCheckService;
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
 *
 * <p><b>Transactions.</b> {@link #sendHalf(Message)} sends the half message of a transaction to a
 * topic of message type TRANSACTION and returns the {@link Transaction} to commit or roll back
 * once the local transaction is done. A producer built with a {@link TransactionChecker}
 * ({@link Builder#transactionChecker(TransactionChecker, String...)}) also answers the broker's
 * questions about transactions of its group that were left open, in the background:
 *
 * <pre>{@code
 * HttpProducer producer = HttpProducer.builder(config)
 *     .transactionChecker(check -> orders.isPaid(check.keys().get(0))
 *         ? TransactionResolution.COMMIT : TransactionResolution.ROLLBACK, "Orders")
 *     .build();
 * }</pre>
 */
public final class HttpProducer implements Closeable {
    private final Transport transport;
    private final TransactionCheckService checks;

    private HttpProducer(Builder builder) {
        this.transport = new Transport(builder.config, "rocketmq-http-producer");
        if (builder.checker != null) {
            this.checks = new TransactionCheckService(transport, builder.checker, builder.checkerThreads,
                (check, resolution) -> end(check.topic(), check.transactionHandle(), resolution));
            builder.checkedTopics.forEach(checks::watch);
        } else {
            this.checks = null;
        }
    }

    /**
     * Creates a producer. It opens connections lazily, on the first send.
     *
     * @param config where the proxies are and how to reach them
     * @return a producer to close when done
     */
    public static HttpProducer create(ClientConfig config) {
        return builder(config).build();
    }

    /**
     * Starts a producer with more than a configuration, e.g. a {@link TransactionChecker}.
     *
     * @param config where the proxies are and how to reach them
     * @return a builder
     */
    public static Builder builder(ClientConfig config) {
        return new Builder(Objects.requireNonNull(config, "config"));
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
        return JsonCodec.sendReceipt(transport.call(sendRequest(message)));
    }

    /**
     * Sends one message without blocking.
     *
     * @param message the message
     * @return a future of where the message was stored, failing with an {@link HttpProxyClientException}
     */
    public CompletableFuture<SendReceipt> sendAsync(Message message) {
        return Futures.map(transport.execute(sendRequest(message)), JsonCodec::sendReceipt);
    }

    /** A message whose metadata fits headers travels as the raw request body, the proxy's leanest path. */
    private ApiRequest sendRequest(Message message) {
        Objects.requireNonNull(message, "message");
        return RawMessageCodec.fits(message)
            ? RawMessageCodec.withHeaders(request(message.topic(), message.body()), message)
            : request(message.topic(), JsonCodec.message(message));
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
        List<Message> batch = batchOf(messages);
        return JsonCodec.sendResults(transport.call(batchRequest(batch)), batch.size());
    }

    /**
     * Sends messages of one topic in one request without blocking.
     *
     * @param messages one or more messages, all of the same topic
     * @return a future of one entry per message, in the order given
     * @throws IllegalArgumentException if the list is empty or mixes topics
     */
    public CompletableFuture<BatchResult<SendReceipt>> sendBatchAsync(List<Message> messages) {
        List<Message> batch = batchOf(messages);
        return Futures.map(transport.execute(batchRequest(batch)), response -> JsonCodec.sendResults(response, batch.size()));
    }

    private static List<Message> batchOf(List<Message> messages) {
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
        return batch;
    }

    private ApiRequest batchRequest(List<Message> batch) {
        return request(batch.get(0).topic(), JsonCodec.batch(batch));
    }

    /**
     * Sends the half message of a transaction and waits for the broker to store it. Consumers see
     * nothing of it until the returned transaction is committed.
     *
     * @param message the message, to a topic of message type TRANSACTION, without message group or
     *     delivery time
     * @return the open transaction
     * @throws BadRequestException when the topic is not a TRANSACTION topic or the message has a
     *     message group or delivery time
     * @throws HttpProxyClientException the subclass of any other failure, as for {@link #send(Message)}
     * @throws IllegalStateException if the producer is closed
     */
    public Transaction sendHalf(Message message) {
        return Futures.await(sendHalfAsync(message));
    }

    /**
     * Sends the half message of a transaction without blocking.
     *
     * @param message the message, to a topic of message type TRANSACTION
     * @return a future of the open transaction, failing with an {@link HttpProxyClientException}
     */
    public CompletableFuture<Transaction> sendHalfAsync(Message message) {
        Objects.requireNonNull(message, "message");
        ApiRequest request = RawMessageCodec.fits(message)
            ? RawMessageCodec.withHeaders(request(message.topic(), message.body()), message)
                .header(RawMessageCodec.TRANSACTION_HEADER, "true")
            : request(message.topic(), JsonCodec.halfMessage(message));
        if (checks != null) {
            checks.watch(message.topic());
        }
        return Futures.map(transport.execute(request), response -> new Transaction(message.topic(),
            JsonCodec.transactionHandle(response), JsonCodec.sendReceipt(response),
            (tx, resolution) -> end(tx.topic(), tx.handle(), resolution)));
    }

    /**
     * Returns the transaction of a handle that another process (or an earlier run) received, to end it
     * here. Nothing is sent until it is committed or rolled back.
     *
     * @param topic the topic of the half message
     * @param handle the {@link Transaction#handle()} or {@link TransactionCheck#transactionHandle()}
     * @return the transaction, bound to this producer
     */
    public Transaction transaction(String topic, String handle) {
        Checks.topic(topic);
        if (Objects.requireNonNull(handle, "handle").isEmpty()) {
            throw new IllegalArgumentException("handle is empty");
        }
        return new Transaction(topic, handle, null, (tx, resolution) -> end(tx.topic(), tx.handle(), resolution));
    }

    private CompletableFuture<Void> end(String topic, String handle, TransactionResolution resolution) {
        String expected = resolution == TransactionResolution.COMMIT ? "COMMITTED" : "ROLLED_BACK";
        ClientConfig config = transport.config();
        ApiRequest request = ApiRequest.post(UriEncoding.topicPath(topic, "transactions"),
                JsonCodec.transactionEnd(handle, resolution.name()), ApiRequest.Kind.SEND, config.requestTimeout())
            .query("producerGroup", config.producerGroup().orElse(null));
        return Futures.map(transport.execute(request), response -> JsonCodec.transactionStatus(response, expected));
    }

    private ApiRequest request(String topic, byte[] body) {
        ClientConfig config = transport.config();
        return ApiRequest.post(UriEncoding.topicPath(topic, "messages"), body, ApiRequest.Kind.SEND, config.requestTimeout())
            .query("producerGroup", config.producerGroup().orElse(null));
    }

    /**
     * Stops answering transaction checks (waiting up to the request timeout for answers in
     * progress), rejects new sends, waits up to the request timeout for those in flight, and releases
     * the connections and threads. Calling it again has no effect.
     */
    @Override
    public void close() {
        if (checks != null) {
            checks.close(transport.config().requestTimeout());
        }
        transport.close();
    }

    /**
     * Builds an {@link HttpProducer}. Not thread-safe.
     */
    public static final class Builder {
        private final ClientConfig config;
        private TransactionChecker checker;
        private final Set<String> checkedTopics = new LinkedHashSet<>();
        private int checkerThreads = 4;

        private Builder(ClientConfig config) {
            this.config = config;
        }

        /**
         * Answers the broker's questions about open transactions of the producer's group with the
         * checker: the producer long-polls the checks of the given topics, and of every topic it
         * sends a half message to, in the background, and ends each transaction with the checker's
         * answer. List every transactional topic of the group: after a restart, only those are asked
         * about before the first half message.
         *
         * @param checker decides about open transactions
         * @param topics the transactional topics of the producer group
         * @return this builder
         */
        public Builder transactionChecker(TransactionChecker checker, String... topics) {
            this.checker = Objects.requireNonNull(checker, "checker");
            for (String topic : topics) {
                checkedTopics.add(Checks.topic(topic));
            }
            return this;
        }

        /**
         * Sets how many threads run the transaction checker; 4 by default.
         *
         * @param threads at least 1
         * @return this builder
         */
        public Builder checkerThreads(int threads) {
            this.checkerThreads = Checks.positive("checkerThreads", threads);
            return this;
        }

        /**
         * Creates the producer; with a checker, polling starts at once.
         *
         * @return a producer to close when done
         */
        public HttpProducer build() {
            return new HttpProducer(this);
        }
    }
}
