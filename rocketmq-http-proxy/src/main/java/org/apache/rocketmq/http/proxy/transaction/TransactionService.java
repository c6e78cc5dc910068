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
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.attribute.TopicMessageType;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.utils.ThreadUtils;
import org.apache.rocketmq.http.proxy.common.HandleSealer;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.ErrorMapper;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics.TransactionEvent;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.http.proxy.config.TransactionConfig;
import org.apache.rocketmq.http.proxy.service.ClusterService;
import org.apache.rocketmq.http.proxy.service.ConsumerService;
import org.apache.rocketmq.http.proxy.service.OutgoingMessage;
import org.apache.rocketmq.http.proxy.service.ProducerService;
import org.apache.rocketmq.http.proxy.service.SendReceipt;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transactional messages over HTTP, with no state in any proxy: a half message's handle carries
 * everything its end needs, so any proxy ends any transaction; which transactions have ended is
 * recorded in RocketMQ ({@link EndLog}), so a second end, on any proxy, is refused instead of
 * delivering the message again; the brokers' check-back questions are kept in RocketMQ too
 * ({@link TransactionChecks}), so they survive the proxy that received them.
 */
public class TransactionService {
    private static final Logger log = LoggerFactory.getLogger(TransactionService.class);

    private final HttpProxyConfig config;
    private final TransactionConfig tx;
    private final ClusterService cluster;
    private final ProducerService producers;
    private final ProxyMetrics metrics;
    private final TransactionBroker broker;
    private final TransactionCodec codec;
    private final EndLog endLog;
    private final TransactionChecks checks;
    private final Set<String> reportedMissing = ConcurrentHashMap.newKeySet();
    private ThreadPoolExecutor checkExecutor;

    /**
     * @throws IllegalArgumentException when {@code transactionHandleSecret} holds a key that is too short
     */
    public TransactionService(HttpProxyConfig config, ClusterService cluster, ProducerService producers,
        ConsumerService consumers, ProxyMetrics metrics) {
        this.config = config;
        this.tx = config.getTransaction();
        this.cluster = cluster;
        this.producers = producers;
        this.metrics = metrics;
        HandleSealer sealer = HandleSealer.fromKeys(tx.getTransactionHandleSecret());
        if (sealer.isRandom()) {
            log.warn("transactionHandleSecret is not set: transaction handles of this proxy work on this proxy only, "
                + "and only until it restarts; set the same secret on every proxy of the cluster");
        }
        this.broker = new TransactionBroker(cluster, config);
        this.codec = new TransactionCodec(sealer);
        this.endLog = new EndLog(config, producers, broker, codec);
        this.checks = new TransactionChecks(config, cluster, producers, consumers, metrics, broker, codec, endLog);
    }

    /**
     * Starts answering the brokers' transaction checks; call before the first producer starts.
     */
    public void start() {
        // the work of a check is asynchronous; the threads only decode it and start that work
        checkExecutor = new ThreadPoolExecutor(1, 2, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000),
            ThreadUtils.newGenericThreadFactory("HttpProxyTransactionCheck", true), new ThreadPoolExecutor.DiscardPolicy());
        producers.handleBrokerRequest(RequestCode.CHECK_TRANSACTION_STATE, checks.processor(), checkExecutor);
    }

    /**
     * Answers waiting check polls at once, as a stopping proxy should.
     */
    public void stopPolling() {
        checks.stop();
    }

    public void shutdown() {
        if (checkExecutor != null) {
            checkExecutor.shutdownNow();
        }
    }

    /**
     * Sends the half message of a new transaction to a topic of message type TRANSACTION.
     */
    public CompletableFuture<HalfMessageReceipt> sendHalf(String producerGroup, String topic, OutgoingMessage message) {
        return requireTransactionTopic(topic)
            .thenCompose(route -> requireSetUp(route, topic))
            .thenCompose(v -> producers.sendHalf(producerGroup, topic, message))
            .thenApply(result -> {
                metrics.transaction(TransactionEvent.HALF_MESSAGE, topic);
                return receipt(producerGroup, topic, result);
            });
    }

    private HalfMessageReceipt receipt(String producerGroup, String topic, SendResult result) {
        long commitLogOffset;
        try {
            commitLogOffset = MessageDecoder.decodeMessageId(result.getOffsetMsgId()).getOffset();
        } catch (UnknownHostException | RuntimeException e) {
            throw new HttpProxyException(ErrorCode.INTERNAL_ERROR, "the broker's answer to the half message has no offset", e);
        }
        long now = System.currentTimeMillis();
        TransactionHandle handle = new TransactionHandle(topic, producerGroup, result.getMessageQueue().getBrokerName(),
            commitLogOffset, result.getQueueOffset(), result.getMsgId(), now,
            now + TimeUnit.SECONDS.toMillis(tx.getTransactionHandleTtlSeconds()), false);
        return new HalfMessageReceipt(new SendReceipt(result.getMsgId(), topic, handle.brokerName,
            result.getMessageQueue().getQueueId(), result.getQueueOffset()), codec.encodeHandle(handle));
    }

    /**
     * Ends a transaction through its handle, once: the end is recorded before it is sent to the
     * broker, and a transaction with a record is not ended again.
     *
     * @return the action taken
     */
    public CompletableFuture<TransactionAction> end(String topic, String producerGroup, String encodedHandle,
        TransactionAction action) {
        TransactionHandle handle = codec.decodeHandle(encodedHandle);
        if (!handle.topic.equals(topic) || !handle.producerGroup.equals(producerGroup)) {
            throw new HttpProxyException(ErrorCode.ILLEGAL_TRANSACTION_HANDLE, "the transaction handle belongs to another "
                + "topic or producer group");
        }
        if (System.currentTimeMillis() > handle.expiresAt) {
            throw new HttpProxyException(ErrorCode.TRANSACTION_HANDLE_EXPIRED, "the transaction handle expired");
        }
        return broker.masterAddr(topic, handle.brokerName).thenCompose(addr -> endLog.decision(addr, handle)
            .thenCompose(earlier -> {
                if (earlier != null) {
                    throw alreadyEnded(handle, earlier);
                }
                return endLog.record(addr, handle, action);
            })
            .thenCompose(claim -> {
                if (!claim.won) {
                    throw alreadyEnded(handle, claim.decision);
                }
                long sinceRecord = System.currentTimeMillis() - claim.writtenAt;
                if (sinceRecord > TimeUnit.SECONDS.toMillis(tx.getTransactionEndGraceSeconds()) / 2) {
                    // too late to end it here without racing a check that completes it: leave it to that check
                    throw new HttpProxyException(ErrorCode.BROKER_UNAVAILABLE, "the end of the transaction is recorded "
                        + "and completes on the broker's next check");
                }
                return broker.end(addr, handle, action);
            })
            .thenApply(v -> {
                metrics.transaction(action == TransactionAction.COMMIT ? TransactionEvent.COMMIT : TransactionEvent.ROLLBACK,
                    topic);
                if (handle.fromCheck) {
                    metrics.transaction(TransactionEvent.CHECK_ANSWERED, topic);
                }
                return action;
            }));
    }

    private static HttpProxyException alreadyEnded(TransactionHandle handle, EndLog.Decision decision) {
        return new HttpProxyException(ErrorCode.TRANSACTION_ALREADY_ENDED, "transaction [" + handle.transactionId
            + "] was already ended: " + decision.action.status());
    }

    /**
     * Long-polls the check-back questions about open transactions of the topic and producer group.
     * Asking makes this proxy a producer of the group, so that the brokers send it the group's checks.
     */
    public CompletableFuture<List<TransactionCheck>> checks(String topic, String producerGroup, long waitMillis) {
        return producers.holdProducer(producerGroup)
            .thenCompose(v -> requireTransactionTopic(topic))
            .thenCompose(route -> checks.poll(topic, producerGroup, waitMillis))
            .exceptionally(t -> {
                throw setUpError(t, tx.getTransactionCheckGroup());
            });
    }

    private CompletableFuture<TopicRouteData> requireTransactionTopic(String topic) {
        return cluster.messageType(topic).thenCompose(type -> {
            if (type != TopicMessageType.TRANSACTION) {
                throw new HttpProxyException(ErrorCode.ILLEGAL_MESSAGE, "topic [" + topic + "] is not a TRANSACTION topic "
                    + "(message.type=" + type + ")");
            }
            return cluster.route(topic);
        });
    }

    /**
     * The proxy's own topics must exist, the end topic on every broker of the transaction's topic: a
     * transaction whose end cannot be recorded must not begin.
     */
    private CompletableFuture<Void> requireSetUp(TopicRouteData route, String topic) {
        CompletableFuture<TopicRouteData> ends = cluster.route(tx.getTransactionEndTopic());
        CompletableFuture<TopicRouteData> questions = cluster.route(tx.getTransactionCheckTopic());
        return ends.thenCombine(questions, (endRoute, checkRoute) -> {
            for (QueueData qd : route.getQueueDatas()) {
                if (PermName.isWriteable(qd.getPerm()) && !writableOn(endRoute, qd.getBrokerName())) {
                    throw notSetUp("the end topic [" + tx.getTransactionEndTopic() + "] has no writable queue on broker ["
                        + qd.getBrokerName() + "], which serves topic [" + topic + "]", tx.getTransactionEndTopic());
                }
            }
            return (Void) null;
        }).exceptionally(t -> {
            throw setUpError(t, null);
        });
    }

    private static boolean writableOn(TopicRouteData route, String brokerName) {
        for (QueueData qd : route.getQueueDatas()) {
            if (qd.getBrokerName().equals(brokerName) && PermName.isWriteable(qd.getPerm()) && qd.getWriteQueueNums() > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * A missing topic or group of the proxy's own is the operator's to fix, not the caller's: a 500
     * that says what is missing, logged once per name.
     */
    private RuntimeException setUpError(Throwable failure, String group) {
        Throwable t = ErrorMapper.unwrap(failure);
        if (t instanceof HttpProxyException) {
            HttpProxyException e = (HttpProxyException) t;
            String message = e.getMessage();
            if (e.getErrorCode() == ErrorCode.TOPIC_NOT_FOUND) {
                for (String internal : List.of(tx.getTransactionEndTopic(), tx.getTransactionCheckTopic())) {
                    if (message.contains("[" + internal + "]")) {
                        return notSetUp("topic [" + internal + "] does not exist", internal);
                    }
                }
            }
            if (e.getErrorCode() == ErrorCode.GROUP_NOT_FOUND && group != null && message.contains("[" + group + "]")) {
                return notSetUp("consumer group [" + group + "] does not exist", group);
            }
            return e;
        }
        return t instanceof RuntimeException ? (RuntimeException) t : new HttpProxyException(ErrorCode.INTERNAL_ERROR,
            "internal error", t);
    }

    private HttpProxyException notSetUp(String what, String name) {
        if (reportedMissing.add(name)) {
            log.error("transactional messages are not set up on this cluster: {}; create the proxy's topics and group "
                + "as the README says (Transactions)", what);
        }
        return new HttpProxyException(ErrorCode.INTERNAL_ERROR, "transactional messages are not set up on this cluster: "
            + what);
    }
}
