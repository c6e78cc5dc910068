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

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.apache.rocketmq.http.client.internal.Futures;

/**
 * An open transaction: a half message the broker stored and keeps from consumers until it is
 * committed. Commit it once the local transaction succeeded, roll it back when it failed; either
 * may be done by any process that has the {@link #handle()}, through any proxy of the cluster (see
 * {@link HttpProducer#transaction(String, String)}).
 *
 * <pre>{@code
 * Transaction tx = producer.sendHalf(Message.builder().topic("Orders").body(order).build());
 * try {
 *     database.save(order);            // the local transaction
 *     tx.commit();                     // consumers now receive the message
 * } catch (Exception e) {
 *     tx.rollback();                   // the message is never delivered
 * }
 * }</pre>
 *
 * <p><b>Once.</b> A transaction ends once. A second commit or rollback, from this or any other
 * process, through this or any other proxy, throws {@link ConflictException} and changes nothing; in
 * particular a committed message is never delivered twice. So an end that failed ambiguously
 * (timeout, broken connection, 503, 504) may be repeated: the repeat either ends the transaction or
 * says it was ended already. An end that failed with a 503 after the proxy had recorded it is
 * completed by the proxies when the broker next checks the transaction.
 *
 * <p><b>Unended.</b> A transaction nobody ends is asked about by the broker (after about 6 s, then
 * every check interval, up to 15 times by default), and a producer built with a
 * {@link TransactionChecker} answers for it. Without a checker, the broker eventually gives the
 * message up; it is never delivered.
 *
 * <p>The handle expires after the proxies' {@code transactionHandleTtlSeconds} (an hour by
 * default): ending it later throws {@link TransactionHandleExpiredException}. Instances are
 * immutable and thread-safe; ending uses the producer that made them, which must be open.
 */
public final class Transaction {
    private final String topic;
    private final String handle;
    private final SendReceipt receipt;
    private final BiFunction<Transaction, TransactionResolution, CompletableFuture<Void>> ender;

    Transaction(String topic, String handle, SendReceipt receipt,
        BiFunction<Transaction, TransactionResolution, CompletableFuture<Void>> ender) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.handle = Objects.requireNonNull(handle, "handle");
        this.receipt = receipt;
        this.ender = ender;
    }

    /**
     * Returns the topic of the half message.
     *
     * @return the topic
     */
    public String topic() {
        return topic;
    }

    /**
     * Returns the transaction handle: opaque, URL-safe, valid on every proxy of the cluster. Hand it
     * to another process to end the transaction there.
     *
     * @return the handle
     */
    public String handle() {
        return handle;
    }

    /**
     * Returns where the broker stored the half message.
     *
     * @return the receipt of {@link HttpProducer#sendHalf(Message)}; empty for a transaction made from
     *     a handle
     */
    public Optional<SendReceipt> receipt() {
        return Optional.ofNullable(receipt);
    }

    /**
     * Commits the transaction and waits until the message is stored for consumers.
     *
     * @throws ConflictException if the transaction was already ended
     * @throws TransactionHandleExpiredException if the handle expired
     * @throws HttpProxyClientException the subclass of any other failure
     * @throws IllegalStateException if the producer is closed
     */
    public void commit() {
        Futures.await(commitAsync());
    }

    /**
     * Commits the transaction without blocking.
     *
     * @return a future that fails with the exceptions {@link #commit()} throws
     */
    public CompletableFuture<Void> commitAsync() {
        return ender.apply(this, TransactionResolution.COMMIT);
    }

    /**
     * Rolls the transaction back: the message is never delivered.
     *
     * @throws ConflictException if the transaction was already ended
     * @throws TransactionHandleExpiredException if the handle expired
     * @throws HttpProxyClientException the subclass of any other failure
     * @throws IllegalStateException if the producer is closed
     */
    public void rollback() {
        Futures.await(rollbackAsync());
    }

    /**
     * Rolls the transaction back without blocking.
     *
     * @return a future that fails with the exceptions {@link #rollback()} throws
     */
    public CompletableFuture<Void> rollbackAsync() {
        return ender.apply(this, TransactionResolution.ROLLBACK);
    }

    @Override
    public String toString() {
        return "Transaction{topic=" + topic + ", receipt=" + receipt + '}';
    }
}
