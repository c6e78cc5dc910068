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
package org.apache.rocketmq.http.proxy.transaction;

import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.producer.MessageQueueSelector;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.http.proxy.service.ProducerService;

/**
 * The durable memory of which transactions have ended, kept in RocketMQ itself so that every proxy
 * shares it and none keeps state: before a proxy ends a transaction it writes an end record (keyed by
 * the transaction id) to the end topic on the transaction's own broker, and reads the records of that
 * transaction back through the broker's message index.
 *
 * <p>The earliest record (in commit log order) decides, and only its writer ends the transaction. The
 * broker dispatches its commit log to the index in order, so once a writer sees its own record every
 * earlier record is visible too: two proxies racing to end one transaction both see the earlier
 * record, and exactly one of them goes on. This rests on the broker's defaults
 * ({@code messageIndexEnable=true}, and index building in commit log order, i.e.
 * {@code enableBuildConsumeQueueConcurrently=false}); without an index a writer never sees its record
 * and refuses to end anything.
 */
final class EndLog {
    /** Records are written after the half message; its send time on another proxy may be this far off. */
    private static final long CLOCK_SLACK_MILLIS = TimeUnit.MINUTES.toMillis(10);
    private static final long FIRST_LOOKUP_DELAY_MILLIS = 5;
    private static final long MAX_LOOKUP_DELAY_MILLIS = 200;

    private final HttpProxyConfig config;
    private final ProducerService producers;
    private final TransactionBroker broker;
    private final TransactionCodec codec;

    EndLog(HttpProxyConfig config, ProducerService producers, TransactionBroker broker, TransactionCodec codec) {
        this.config = config;
        this.producers = producers;
        this.broker = broker;
        this.codec = codec;
    }

    /**
     * The decision about a transaction: the earliest valid end record.
     */
    static final class Decision {
        final TransactionAction action;
        /** The copy of the half message that record's writer ended. */
        final TransactionHandle copy;
        /** Where the record is in the broker's commit log: the order of records. */
        final long recordOffset;
        /** When the broker stored the record. */
        final long recordedAt;

        Decision(TransactionAction action, TransactionHandle copy, long recordOffset, long recordedAt) {
            this.action = action;
            this.copy = copy;
            this.recordOffset = recordOffset;
            this.recordedAt = recordedAt;
        }
    }

    /**
     * The outcome of recording an end: the decision, and whether this record is the one that made it.
     */
    static final class Claim {
        final Decision decision;
        final boolean won;
        /** When the broker had stored this record (proxy clock). */
        final long writtenAt;

        Claim(Decision decision, boolean won, long writtenAt) {
            this.decision = decision;
            this.won = won;
            this.writtenAt = writtenAt;
        }
    }

    /**
     * @return the decision recorded for the transaction, or null when no end record is visible
     */
    CompletableFuture<Decision> decision(String brokerAddr, TransactionHandle handle) {
        return broker.query(brokerAddr, config.getTransaction().getTransactionEndTopic(), handle.transactionId, false,
            handle.bornTimestamp - CLOCK_SLACK_MILLIS).thenApply(records -> earliest(records, handle));
    }

    private Decision earliest(List<MessageExt> records, TransactionHandle handle) {
        Decision first = null;
        for (MessageExt m : records) {
            TransactionCodec.EndRecord r = codec.openEndRecord(m.getBody());
            // another transaction's record can only share the key by a forgery: the sealed content says whose it is
            if (r == null || !r.handle.transactionId.equals(handle.transactionId) || !r.handle.topic.equals(handle.topic)
                || !r.handle.producerGroup.equals(handle.producerGroup) || !r.handle.brokerName.equals(handle.brokerName)) {
                continue;
            }
            if (first == null || m.getCommitLogOffset() < first.recordOffset) {
                first = new Decision(r.action, r.handle, m.getCommitLogOffset(), m.getStoreTimestamp());
            }
        }
        return first;
    }

    /**
     * Records an end of the transaction and tells which record decides: this one, or an earlier one.
     * Completes once this record is visible in the index, so that the answer is final.
     */
    CompletableFuture<Claim> record(String brokerAddr, TransactionHandle handle, TransactionAction action) {
        Message msg = new Message(config.getTransaction().getTransactionEndTopic(), action.name(), handle.transactionId,
            codec.endRecord(action, handle));
        long deadline = System.currentTimeMillis() + config.getRocketmq().getAdminTimeoutMillis();
        return producers.sendInternal(handle.producerGroup, msg, ON_BROKER, handle.brokerName)
            .thenCompose(result -> {
                long own;
                try {
                    own = MessageDecoder.decodeMessageId(result.getOffsetMsgId()).getOffset();
                } catch (UnknownHostException | RuntimeException e) {
                    throw new HttpProxyException(ErrorCode.INTERNAL_ERROR, "cannot read where the end record was stored", e);
                }
                long writtenAt = System.currentTimeMillis();
                return awaitOwn(brokerAddr, handle, own, deadline, FIRST_LOOKUP_DELAY_MILLIS)
                    .thenApply(first -> new Claim(first, first.recordOffset == own, writtenAt));
            });
    }

    private CompletableFuture<Decision> awaitOwn(String brokerAddr, TransactionHandle handle, long own, long deadline,
        long delay) {
        return broker.query(brokerAddr, config.getTransaction().getTransactionEndTopic(), handle.transactionId, false,
            handle.bornTimestamp - CLOCK_SLACK_MILLIS).thenCompose(records -> {
                Decision first = earliest(records, handle);
                for (MessageExt m : records) {
                    if (m.getCommitLogOffset() == own) {
                        return CompletableFuture.completedFuture(first);
                    }
                }
                if (System.currentTimeMillis() + delay > deadline) {
                    throw new HttpProxyException(ErrorCode.BROKER_UNAVAILABLE, "the end of the transaction is recorded, but "
                        + "the broker's message index does not show it yet; it completes on the broker's next check");
                }
                return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS))
                    .thenCompose(v -> awaitOwn(brokerAddr, handle, own, deadline, Math.min(delay * 2, MAX_LOOKUP_DELAY_MILLIS)));
            });
    }

    /**
     * All records of a transaction go to its own broker, where its half message is: one commit log
     * orders them. The queue within the broker does not matter.
     */
    private static final MessageQueueSelector ON_BROKER = (queues, msg, brokerName) -> {
        MessageQueue chosen = null;
        int seen = 0;
        for (MessageQueue q : queues) {
            if (q.getBrokerName().equals(brokerName) && ThreadLocalRandom.current().nextInt(++seen) == 0) {
                chosen = q;
            }
        }
        if (chosen == null) {
            throw new HttpProxyException(ErrorCode.INTERNAL_ERROR, "transactions are not set up on broker [" + brokerName
                + "]: the end topic has no queue there");
        }
        return chosen;
    };
}
