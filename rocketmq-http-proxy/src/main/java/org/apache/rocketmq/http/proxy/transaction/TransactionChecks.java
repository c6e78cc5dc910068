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

import io.netty.channel.ChannelHandlerContext;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.producer.MessageQueueSelector;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageClientIDSetter;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.ErrorMapper;
import org.apache.rocketmq.http.proxy.common.Futures;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;
import org.apache.rocketmq.http.proxy.common.MessageProperties;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics.TransactionEvent;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.http.proxy.config.TransactionConfig;
import org.apache.rocketmq.http.proxy.service.ClusterService;
import org.apache.rocketmq.http.proxy.service.ConsumedMessage;
import org.apache.rocketmq.http.proxy.service.ConsumerService;
import org.apache.rocketmq.http.proxy.service.ProducerService;
import org.apache.rocketmq.remoting.netty.NettyRequestProcessor;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.header.CheckTransactionStateRequestHeader;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Check-back questions, kept in RocketMQ rather than in a proxy. A broker asks one producer of a
 * group about a half message left open ({@code CHECK_TRANSACTION_STATE}); the proxy that gets the
 * question writes it to the check topic and answers the broker nothing, as a producer that does not
 * know yet (the broker asks again on its schedule). HTTP producers take questions with a long poll
 * on any proxy, which receives them from the check topic with POP under the proxies' check group.
 *
 * <p>One consumer group serves every producer group without filters (a filtered POP would consume
 * the questions it skips for the whole group): a question goes to a queue chosen by its topic and
 * producer group, and polls of that pair read that queue of each broker; a question of another pair
 * that shares the queue is handed back at once. A question is acknowledged when it is handed to an
 * HTTP producer: unanswered, it is asked again by the broker, not by the proxy.
 *
 * <p>A question about a transaction that has ended already (an end record exists) is never shown:
 * the proxy closes it itself, without a second delivery. RocketMQ's checks re-write the half message
 * with new offsets each time, so ending the transaction through one copy leaves the later copy open
 * and asked about; that copy is rolled back, which only removes it. A commit that was recorded but
 * whose end never reached the broker (its proxy died in between) is delivered through the copy
 * instead, once {@code transactionEndGraceSeconds} have passed without the committed message
 * appearing in the topic.
 */
final class TransactionChecks {
    private static final Logger log = LoggerFactory.getLogger(TransactionChecks.class);
    /** How long a polled question stays invisible while the proxy decides about it. */
    private static final long LEASE_MILLIS = 30_000;
    private static final int MAX_QUESTIONS = 16;
    private static final long MIN_REPOLL_MILLIS = 500;
    private static final long CLOCK_SLACK_MILLIS = TimeUnit.MINUTES.toMillis(10);

    private final TransactionConfig tx;
    private final ClusterService cluster;
    private final ProducerService producers;
    private final ConsumerService consumers;
    private final ProxyMetrics metrics;
    private final TransactionBroker broker;
    private final TransactionCodec codec;
    private final EndLog endLog;
    private volatile boolean stopping;

    TransactionChecks(HttpProxyConfig config, ClusterService cluster, ProducerService producers, ConsumerService consumers,
        ProxyMetrics metrics, TransactionBroker broker, TransactionCodec codec, EndLog endLog) {
        this.tx = config.getTransaction();
        this.cluster = cluster;
        this.producers = producers;
        this.consumers = consumers;
        this.metrics = metrics;
        this.broker = broker;
        this.codec = codec;
        this.endLog = endLog;
    }

    void stop() {
        stopping = true;
    }

    /**
     * Takes the brokers' {@code CHECK_TRANSACTION_STATE} requests for every producer group of this
     * proxy, in place of the RocketMQ client's own handling (which needs a local transaction listener).
     */
    NettyRequestProcessor processor() {
        return new NettyRequestProcessor() {
            @Override
            public RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request) throws Exception {
                CheckTransactionStateRequestHeader header = (CheckTransactionStateRequestHeader) request
                    .decodeCommandCustomHeader(CheckTransactionStateRequestHeader.class);
                MessageExt msg = request.getBody() == null ? null : MessageDecoder.decode(ByteBuffer.wrap(request.getBody()));
                if (msg != null) {
                    onCheck(header, msg);
                }
                // the check is one way: nothing goes back, as from a producer that cannot tell yet
                return null;
            }

            @Override
            public boolean rejectRequest() {
                return false;
            }
        };
    }

    void onCheck(CheckTransactionStateRequestHeader header, MessageExt msg) {
        String topic = msg.getTopic();
        String group = msg.getProperty(MessageConst.PROPERTY_PRODUCER_GROUP);
        String transactionId = header.getTransactionId() != null ? header.getTransactionId()
            : MessageClientIDSetter.getUniqID(msg);
        if (topic == null || group == null || transactionId == null || header.getBrokerName() == null) {
            log.warn("a transaction check without topic, producer group, transaction id or broker was ignored");
            return;
        }
        TransactionHandle copy = new TransactionHandle(topic, group, header.getBrokerName(), header.getCommitLogOffset(),
            header.getTranStateTableOffset(), transactionId, msg.getBornTimestamp(), 0, true);
        int checkTimes = parseInt(msg.getProperty(MessageConst.PROPERTY_TRANSACTION_CHECK_TIMES), 1);
        metrics.transaction(TransactionEvent.CHECK_RECEIVED, topic);
        broker.masterAddr(topic, copy.brokerName)
            .thenCompose(addr -> endLog.decision(addr, copy).thenCompose(d -> d == null
                ? CompletableFuture.completedFuture(Boolean.FALSE)
                : settle(addr, copy, d).thenApply(later -> later == 0)))
            .handle((closed, t) -> {
                if (t != null) {
                    log.debug("could not look {} up, keeping the question", copy, t);
                }
                return t == null && closed;
            })
            .thenCompose(closed -> closed ? CompletableFuture.completedFuture(null) : store(copy, checkTimes))
            .whenComplete((v, t) -> {
                if (t != null) {
                    log.warn("a check of {} was not stored; the broker asks again on its schedule: {}", copy,
                        ErrorMapper.unwrap(t).toString());
                }
            });
    }

    private CompletableFuture<Void> store(TransactionHandle copy, int checkTimes) {
        return cluster.route(tx.getTransactionCheckTopic()).thenCompose(route -> {
            int home = homeQueue(copy.topic, copy.producerGroup, route);
            Message question = new Message(tx.getTransactionCheckTopic(), codec.question(copy, checkTimes));
            return producers.sendInternal(copy.producerGroup, question, ON_QUEUE, home).thenApply(r -> null);
        });
    }

    /**
     * @return milliseconds after which to look again, or 0 when the copy is closed
     */
    CompletableFuture<Long> settle(String addr, TransactionHandle copy, EndLog.Decision decision) {
        CompletableFuture<Long> closing;
        if (decision.action == TransactionAction.ROLLBACK) {
            closing = broker.end(addr, copy, TransactionAction.ROLLBACK).thenApply(v -> 0L);
        } else {
            closing = broker.query(addr, copy.topic, copy.transactionId, true, copy.bornTimestamp - CLOCK_SLACK_MILLIS)
                .thenCompose(committed -> {
                    if (!committed.isEmpty()) {
                        // delivered once already: removing this copy is all that is left to do
                        return broker.end(addr, copy, TransactionAction.ROLLBACK).thenApply(v -> 0L);
                    }
                    long waited = System.currentTimeMillis() - decision.recordedAt;
                    long grace = TimeUnit.SECONDS.toMillis(tx.getTransactionEndGraceSeconds());
                    if (waited < grace) {
                        return CompletableFuture.completedFuture(grace - waited);
                    }
                    log.info("{}: a commit was recorded {} s ago but never delivered; delivering it now", copy,
                        waited / 1000);
                    return broker.end(addr, copy, TransactionAction.COMMIT).thenApply(v -> 0L);
                });
        }
        return closing.handle((later, t) -> {
            Throwable cause = t == null ? null : ErrorMapper.unwrap(t);
            if (cause instanceof HttpProxyException
                && ((HttpProxyException) cause).getErrorCode() == ErrorCode.TRANSACTION_HANDLE_EXPIRED) {
                // the broker no longer holds that copy: nothing is left to close
                return 0L;
            }
            if (cause != null) {
                throw new HttpProxyException(ErrorCode.BROKER_UNAVAILABLE, "cannot close " + copy, cause);
            }
            if (later == 0) {
                metrics.transaction(TransactionEvent.CHECK_CLOSED, copy.topic);
            }
            return later;
        });
    }

    /**
     * Long-polls the questions about transactions of the topic and producer group. Questions about
     * ended transactions are closed on the way, questions of other pairs handed back.
     */
    CompletableFuture<List<TransactionCheck>> poll(String topic, String group, long waitMillis) {
        long deadline = System.currentTimeMillis() + waitMillis;
        return cluster.route(tx.getTransactionCheckTopic())
            .thenCompose(route -> poll(topic, group, homeQueue(topic, group, route), deadline));
    }

    private CompletableFuture<List<TransactionCheck>> poll(String topic, String group, int home, long deadline) {
        long remaining = Math.max(0, deadline - System.currentTimeMillis());
        ConsumerService.ReceiveRequest receive = ConsumerService.ReceiveRequest.internal(tx.getTransactionCheckTopic(),
            tx.getTransactionCheckGroup(), home, MAX_QUESTIONS, remaining, LEASE_MILLIS);
        return consumers.receive(receive).thenCompose(questions -> {
            List<CompletableFuture<TransactionCheck>> handled = new ArrayList<>(questions.size());
            for (ConsumedMessage q : questions) {
                handled.add(handle(topic, group, q).exceptionally(t -> {
                    log.debug("a question was left for later", t);
                    return null;
                }));
            }
            return Futures.allAsList(handled);
        }).thenCompose(handled -> {
            List<TransactionCheck> checks = newestPerTransaction(handled);
            if (!checks.isEmpty() || stopping || deadline - System.currentTimeMillis() < MIN_REPOLL_MILLIS) {
                return CompletableFuture.completedFuture(checks);
            }
            return poll(topic, group, home, deadline);
        });
    }

    /**
     * @return the check to show, or null for a question closed, handed back or left for later
     */
    private CompletableFuture<TransactionCheck> handle(String topic, String group, ConsumedMessage q) {
        TransactionCodec.Question question = codec.openQuestion(q.body());
        if (question == null) {
            log.warn("a message of {} that is no question sealed by this proxy cluster was dropped",
                tx.getTransactionCheckTopic());
            return ack(q).thenApply(v -> null);
        }
        TransactionHandle copy = question.copy;
        boolean ours = copy.topic.equals(topic) && copy.producerGroup.equals(group);
        return broker.masterAddr(copy.topic, copy.brokerName).thenCompose(addr -> endLog.decision(addr, copy)
            .thenCompose(decision -> {
                if (decision != null) {
                    return settle(addr, copy, decision).thenCompose(later -> later == 0 ? ack(q) : handBack(q, later))
                        .thenApply(v -> null);
                }
                if (!ours) {
                    return handBack(q, 0).thenApply(v -> null);
                }
                return broker.view(addr, copy.commitLogOffset).thenCompose(half -> {
                    if (!isCopyOf(half, copy)) {
                        log.info("{}: the broker no longer holds the copy a question is about; dropped", copy);
                        return ack(q).thenApply(v -> null);
                    }
                    TransactionCheck check = toCheck(copy, question.checkTimes, half);
                    return ack(q).thenApply(v -> {
                        metrics.transaction(TransactionEvent.CHECK_DELIVERED, topic);
                        return check;
                    });
                });
            }));
    }

    private TransactionCheck toCheck(TransactionHandle copy, int checkTimes, MessageExt half) {
        long expiresAt = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(tx.getTransactionHandleTtlSeconds());
        String handle = codec.encodeHandle(copy.forCopy(copy.commitLogOffset, copy.queueOffset, expiresAt, true));
        String keys = half.getKeys();
        List<String> keyList = keys == null || keys.isEmpty() ? Collections.emptyList()
            : Arrays.asList(keys.split(MessageConst.KEY_SEPARATOR));
        return new TransactionCheck(handle, copy.transactionId, checkTimes, half.getTags(), keyList,
            MessageProperties.userProperties(half.getProperties()), half.getBody());
    }

    private static boolean isCopyOf(MessageExt half, TransactionHandle copy) {
        return half != null && copy.transactionId.equals(MessageClientIDSetter.getUniqID(half))
            && copy.producerGroup.equals(half.getProperty(MessageConst.PROPERTY_PRODUCER_GROUP))
            && copy.topic.equals(half.getProperty(MessageConst.PROPERTY_REAL_TOPIC));
    }

    /**
     * Several copies of one transaction can be asked about before anyone answers; one question each is
     * enough.
     */
    private static List<TransactionCheck> newestPerTransaction(List<TransactionCheck> handled) {
        Map<String, TransactionCheck> newest = new LinkedHashMap<>();
        for (TransactionCheck c : handled) {
            if (c != null) {
                newest.merge(c.messageId(), c, (a, b) -> b.checkAttempt() > a.checkAttempt() ? b : a);
            }
        }
        return new ArrayList<>(newest.values());
    }

    private CompletableFuture<Void> ack(ConsumedMessage q) {
        return consumers.ackInternal(tx.getTransactionCheckTopic(), tx.getTransactionCheckGroup(),
            Collections.singletonList(q.receiptHandle())).thenAccept(results -> {
                if (results.get(0) != null) {
                    log.debug("a question was not acked and comes back: {}", results.get(0).toString());
                }
            });
    }

    private CompletableFuture<Void> handBack(ConsumedMessage q, long afterMillis) {
        return consumers.changeInvisibility(tx.getTransactionCheckTopic(), tx.getTransactionCheckGroup(), q.receiptHandle(),
            afterMillis).thenApply(lease -> null);
    }

    /**
     * The queue of the check topic that holds the questions of one topic and producer group: the same
     * queue id on every broker, below the smallest queue count of any of them.
     */
    static int homeQueue(String topic, String group, TopicRouteData route) {
        int queues = Integer.MAX_VALUE;
        for (QueueData qd : route.getQueueDatas()) {
            if (PermName.isReadable(qd.getPerm()) && PermName.isWriteable(qd.getPerm())) {
                queues = Math.min(queues, Math.min(qd.getReadQueueNums(), qd.getWriteQueueNums()));
            }
        }
        if (queues == Integer.MAX_VALUE || queues <= 0) {
            throw new HttpProxyException(ErrorCode.INTERNAL_ERROR, "transactions are not set up: the check topic has no "
                + "readable and writable queue");
        }
        return Math.floorMod((topic + '/' + group).hashCode(), queues);
    }

    /**
     * Picks the given queue id on a broker chosen at random among those that have it.
     */
    private static final MessageQueueSelector ON_QUEUE = (queues, msg, home) -> {
        List<MessageQueue> candidates = new ArrayList<>();
        for (MessageQueue q : queues) {
            if (q.getQueueId() == (Integer) home) {
                candidates.add(q);
            }
        }
        if (candidates.isEmpty()) {
            return queues.get(Math.floorMod((Integer) home, queues.size()));
        }
        return candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
    };

    private static int parseInt(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
