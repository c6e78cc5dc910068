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
package org.apache.rocketmq.http.proxy.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.AckResult;
import org.apache.rocketmq.client.consumer.AckStatus;
import org.apache.rocketmq.client.consumer.PopResult;
import org.apache.rocketmq.client.consumer.PopStatus;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.constant.ConsumeInitMode;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.common.filter.ExpressionType;
import org.apache.rocketmq.common.consumer.ReceiptHandle;
import org.apache.rocketmq.common.message.MessageClientIDSetter;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.ErrorMapper;
import org.apache.rocketmq.http.proxy.common.Futures;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;
import org.apache.rocketmq.http.proxy.common.MessageProperties;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.http.proxy.service.fault.BrokerSelector;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.header.AckMessageRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.ChangeInvisibleTimeRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.ConsumerSendMsgBackRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.PopMessageRequestHeader;
import org.apache.rocketmq.remoting.protocol.heartbeat.SubscriptionData;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stateless consumption with RocketMQ 5's POP: the broker keeps each message invisible while a client
 * holds its lease, so the proxy keeps no consumer state and any instance serves any request. Long
 * polls wait on the broker, not on a proxy thread: a waiting receive is a pending future and nothing
 * else.
 */
public class ConsumerService {
    private static final Logger log = LoggerFactory.getLogger(ConsumerService.class);
    private static final int MAX_EARLY_RETURNS = 3;
    private static final long MIN_REPOLL_MILLIS = 500;
    /** How long after its wait a receive is answered at the latest, whatever its brokers do. */
    private static final long LATE_ANSWER_GRACE_MILLIS = 1000;

    private final HttpProxyConfig config;
    private final ClusterService cluster;
    private final ProxyMetrics metrics;
    private final ReceiptHandleCodec handles;
    private final BrokerSelector selector;
    private final Set<CompletableFuture<List<ConsumedMessage>>> waiting = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> superseded = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    public ConsumerService(HttpProxyConfig config, ClusterService cluster, ProxyMetrics metrics,
        ReceiptHandleCodec handles) {
        this.config = config;
        this.cluster = cluster;
        this.metrics = metrics;
        this.handles = handles;
        this.selector = new BrokerSelector(cluster.faults());
    }

    public void start() {
        metrics.gauge("rocketmq_http_long_polls_waiting", "Receives waiting for messages.", waiting::size);
    }

    /**
     * Answers every waiting long poll at once with what it has (nothing), so a stopping proxy holds no
     * client; messages a broker hands out afterwards are put back at once.
     */
    public void releaseWaiting() {
        stopping = true;
        for (CompletableFuture<List<ConsumedMessage>> f : waiting) {
            f.complete(Collections.emptyList());
        }
    }

    /**
     * A receive request, already validated.
     */
    public static final class ReceiveRequest {
        final String topic;
        final String group;
        final int maxMessages;
        final long waitMillis;
        final long invisibleMillis;
        final String expressionType;
        final String expression;
        final Boolean order;
        /** One queue of each broker, or -1 for all of them. */
        final int queueId;
        /** Whether what it receives counts as messages handed to HTTP consumers. */
        final boolean forClient;

        /**
         * @param order true/false as asked, or null to follow the group (orderly groups receive in order)
         */
        public ReceiveRequest(String topic, String group, int maxMessages, long waitMillis, long invisibleMillis,
            String expressionType, String expression, Boolean order) {
            this(topic, group, maxMessages, waitMillis, invisibleMillis, expressionType, expression, order, -1, true);
        }

        private ReceiveRequest(String topic, String group, int maxMessages, long waitMillis, long invisibleMillis,
            String expressionType, String expression, Boolean order, int queueId, boolean forClient) {
            this.topic = topic;
            this.group = group;
            this.maxMessages = maxMessages;
            this.waitMillis = waitMillis;
            this.invisibleMillis = invisibleMillis;
            this.expressionType = expressionType;
            this.expression = expression;
            this.order = order;
            this.queueId = queueId;
            this.forClient = forClient;
        }

        /**
         * A receive of the proxy's own: every message of the given queue of each broker, not in order.
         */
        public static ReceiveRequest internal(String topic, String group, int queueId, int maxMessages, long waitMillis,
            long invisibleMillis) {
            return new ReceiveRequest(topic, group, maxMessages, waitMillis, invisibleMillis, ExpressionType.TAG,
                SubscriptionData.SUB_ALL, false, queueId, false);
        }
    }

    public CompletableFuture<List<ConsumedMessage>> receive(ReceiveRequest request) {
        CompletableFuture<List<ConsumedMessage>> result = new CompletableFuture<>();
        if (stopping) {
            result.completeExceptionally(new HttpProxyException(ErrorCode.BROKER_UNAVAILABLE, "the proxy is shutting down"));
            return result;
        }
        waiting.add(result);
        result.whenComplete((m, t) -> waiting.remove(result));
        long deadline = System.currentTimeMillis() + request.waitMillis;
        cluster.route(request.topic)
            .thenCompose(route -> {
                List<BrokerData> brokers = readableBrokers(route, request.topic);
                return cluster.group(brokers, request.group).thenCompose(group -> {
                    boolean order = request.order != null ? request.order : group.isConsumeMessageOrderly();
                    if (order && !group.isConsumeMessageOrderly()) {
                        throw new HttpProxyException(ErrorCode.ILLEGAL_GROUP, "group [" + request.group
                            + "] is not configured for orderly consumption; order=true needs consumeMessageOrderly");
                    }
                    // A broker that dies without its connections breaking answers nothing until the pop times
                    // out (popTimeoutMarginMillis after the wait); the client is answered at its deadline anyway.
                    // Messages such a late answer still brings are given back (below).
                    result.completeOnTimeout(Collections.emptyList(),
                        Math.max(0, deadline - System.currentTimeMillis()) + LATE_ANSWER_GRACE_MILLIS, TimeUnit.MILLISECONDS);
                    return new Receive(request, group, order, brokers, deadline).poll();
                });
            })
            .whenComplete((messages, t) -> {
                if (t != null) {
                    result.completeExceptionally(t);
                } else if (!result.complete(messages)) {
                    // answered already (shutdown, or a broker answered too late): give the leases back rather
                    // than keep them hidden
                    for (ConsumedMessage m : messages) {
                        changeInvisibility(request.topic, request.group, m.receiptHandle(), 0);
                    }
                } else if (request.forClient) {
                    long bytes = 0;
                    for (ConsumedMessage m : messages) {
                        bytes += m.body().length;
                    }
                    metrics.received(request.topic, messages.size(), bytes);
                }
            });
        return result;
    }

    /**
     * One receive. Each round pops every broker once without waiting, from a start that rotates across
     * receives, so messages on any broker are found before the long poll settles on one broker that
     * answered. A broker that fails (it cannot be reached or does not answer) is dropped for the rest of
     * this receive, backs off for all receives, and the receive goes on with the others within its own
     * wait: it fails only when no broker of the topic can be asked. The steps run one after the other,
     * so the state needs no locking.
     */
    private final class Receive {
        private final ReceiveRequest request;
        private final SubscriptionGroupConfig group;
        private final boolean order;
        private final List<BrokerData> brokers;
        private final long deadline;
        private final Set<String> failed = new HashSet<>();
        private int earlyReturns;

        Receive(ReceiveRequest request, SubscriptionGroupConfig group, boolean order, List<BrokerData> brokers,
            long deadline) {
            this.request = request;
            this.group = group;
            this.order = order;
            this.brokers = brokers;
            this.deadline = deadline;
        }

        CompletableFuture<List<ConsumedMessage>> poll() {
            List<BrokerData> rotation = selector.rotation(brokers);
            List<BrokerData> answered = new ArrayList<>();
            CompletableFuture<List<ConsumedMessage>> sweep = brokers.size() > 1
                ? sweep(rotation, 0, answered) : CompletableFuture.completedFuture(Collections.emptyList());
            return sweep.thenCompose(found -> {
                long remaining = deadline - System.currentTimeMillis();
                if (!found.isEmpty() || stopping || brokers.size() > 1 && remaining <= 0 && !answered.isEmpty()) {
                    return CompletableFuture.completedFuture(found);
                }
                BrokerSelector.Choice target = selector.next(brokers.size() > 1 ? answered : rotation, 0, failed);
                if (target == null) {
                    throw new HttpProxyException(ErrorCode.BROKER_UNAVAILABLE, "no broker of topic [" + request.topic
                        + "] answers; retry later");
                }
                // a probe asks without waiting, so the broker does not stay half-known for a whole long poll
                long pollMillis = target.probe() ? 0 : Math.max(remaining, 0);
                return ask(target, pollMillis).thenCompose(messages -> {
                    if (messages == null) {
                        return poll();
                    }
                    boolean timeLeft = deadline - System.currentTimeMillis() >= MIN_REPOLL_MILLIS;
                    if (!messages.isEmpty() || stopping || !timeLeft) {
                        return CompletableFuture.completedFuture(messages);
                    }
                    if (target.probe()) {
                        return poll();
                    }
                    return earlyReturns++ < MAX_EARLY_RETURNS ? poll() : CompletableFuture.completedFuture(messages);
                });
            });
        }

        /**
         * Pops each broker of the rotation once without waiting; those that answer are added to
         * {@code answered}.
         */
        private CompletableFuture<List<ConsumedMessage>> sweep(List<BrokerData> rotation, int from, List<BrokerData> answered) {
            BrokerSelector.Choice choice = selector.next(rotation, from, failed);
            if (choice == null) {
                return CompletableFuture.completedFuture(Collections.emptyList());
            }
            return ask(choice, 0).thenCompose(messages -> {
                if (messages == null) {
                    return sweep(rotation, choice.index() + 1, answered);
                }
                answered.add(choice.broker());
                return messages.isEmpty() ? sweep(rotation, choice.index() + 1, answered)
                    : CompletableFuture.completedFuture(messages);
            });
        }

        /**
         * @return the messages the broker handed out, or {@code null} when it could not be reached or did
         *     not answer: it is then dropped for this receive
         */
        private CompletableFuture<List<ConsumedMessage>> ask(BrokerSelector.Choice choice, long pollMillis) {
            return cluster.tracked(choice.addr(), choice.probe(),
                    () -> popOnce(request, group, order, choice.broker().getBrokerName(), choice.addr(), pollMillis))
                .handle((messages, t) -> {
                    if (t == null) {
                        return messages;
                    }
                    if (!ErrorMapper.isBrokerUnreachable(t)) {
                        throw t instanceof CompletionException ? (CompletionException) t : new CompletionException(t);
                    }
                    failed.add(choice.addr());
                    log.debug("receive of {} for {}: broker {} failed ({}), going on with the others", request.topic,
                        request.group, choice.broker().getBrokerName(), t.toString());
                    return null;
                });
        }
    }

    private CompletableFuture<List<ConsumedMessage>> popOnce(ReceiveRequest request, SubscriptionGroupConfig group,
        boolean order, String brokerName, String addr, long pollMillis) {
        PopMessageRequestHeader header = new PopMessageRequestHeader();
        header.setConsumerGroup(request.group);
        header.setTopic(request.topic);
        header.setQueueId(request.queueId);
        header.setMaxMsgNums(request.maxMessages);
        header.setInvisibleTime(request.invisibleMillis);
        header.setPollTime(pollMillis);
        header.setBornTime(System.currentTimeMillis());
        header.setInitMode(ConsumeInitMode.MAX);
        header.setExpType(request.expressionType);
        header.setExp(request.expression);
        header.setOrder(order);
        long start = System.nanoTime();
        return timed(ProxyMetrics.BrokerCall.POP, start, cluster.client().popMessageAsync(addr, brokerName, header,
                pollMillis + config.getRocketmq().getPopTimeoutMarginMillis()))
            .thenApply(pop -> toConsumed(request, group, addr, pop));
    }

    private List<ConsumedMessage> toConsumed(ReceiveRequest request, SubscriptionGroupConfig group, String brokerAddr,
        PopResult pop) {
        if (pop.getPopStatus() == PopStatus.POLLING_FULL) {
            throw new HttpProxyException(ErrorCode.TOO_MANY_REQUESTS, "the broker holds too many long polls, retry later");
        }
        if (pop.getPopStatus() != PopStatus.FOUND || pop.getMsgFoundList() == null) {
            return Collections.emptyList();
        }
        List<ConsumedMessage> messages = new ArrayList<>(pop.getMsgFoundList().size());
        for (MessageExt msg : pop.getMsgFoundList()) {
            String checkpoint = msg.getProperty(MessageConst.PROPERTY_POP_CK) + MessageConst.KEY_SEPARATOR
                + msg.getCommitLogOffset();
            ReceiptHandle handle = ReceiptHandle.decode(checkpoint);
            int attempt = msg.getReconsumeTimes() + 1;
            if (attempt > maxDeliveries(group)) {
                deadLetter(request, brokerAddr, msg, handle);
                continue;
            }
            messages.add(toConsumed(request.topic, msg, attempt, handle.getBrokerName(),
                handles.encode(request.group, request.topic, checkpoint),
                handle.getRetrieveTime() + handle.getInvisibleTime()));
        }
        return messages;
    }

    /**
     * As in RocketMQ, the group's {@code retryMaxTimes} counts retries: a message is delivered once and
     * then retried up to that many times (the 5.x proxy's {@code maxAttempts = retryMaxTimes + 1}).
     */
    static int maxDeliveries(SubscriptionGroupConfig group) {
        return group.getRetryMaxTimes() + 1;
    }

    static ConsumedMessage toConsumed(String topic, MessageExt msg, int attempt, String brokerName, String receiptHandle,
        long invisibleUntil) {
        String id = MessageClientIDSetter.getUniqID(msg);
        String keys = msg.getKeys();
        List<String> keyList = keys == null || keys.isEmpty() ? Collections.emptyList()
            : Arrays.asList(keys.split(MessageConst.KEY_SEPARATOR));
        return new ConsumedMessage(id != null ? id : msg.getMsgId(), topic, msg.getTags(), keyList,
            MessageProperties.userProperties(msg.getProperties()), msg.getBody(), msg.getBornTimestamp(),
            msg.getStoreTimestamp(), attempt, msg.getProperty(MessageConst.PROPERTY_SHARDING_KEY), brokerName,
            msg.getQueueId(), msg.getQueueOffset(), receiptHandle, invisibleUntil);
    }

    /**
     * Moves a message that used up its attempts to the group's dead-letter topic ({@code %DLQ%group}),
     * then acks it. Should either step fail, the message simply comes back after its invisibility and
     * is tried again.
     */
    private void deadLetter(ReceiveRequest request, String brokerAddr, MessageExt msg, ReceiptHandle handle) {
        ConsumerSendMsgBackRequestHeader header = new ConsumerSendMsgBackRequestHeader();
        header.setOffset(msg.getCommitLogOffset());
        header.setGroup(request.group);
        header.setDelayLevel(-1);
        header.setOriginMsgId(MessageClientIDSetter.getUniqID(msg) != null ? MessageClientIDSetter.getUniqID(msg) : msg.getMsgId());
        header.setOriginTopic(handle.getRealTopic(request.topic, request.group));
        header.setMaxReconsumeTimes(0);
        cluster.client().sendMessageBackAsync(brokerAddr, header, config.getRocketmq().getAdminTimeoutMillis())
            .thenCompose(response -> {
                if (response.getCode() != ResponseCode.SUCCESS) {
                    throw new IllegalStateException("broker answered " + response.getCode() + " " + response.getRemark());
                }
                return ack(brokerAddr, request.topic, request.group, handle);
            })
            .whenComplete((r, t) -> {
                if (t != null) {
                    log.warn("moving a message of {} to %DLQ%{} failed; it will come back and be tried again",
                        request.topic, request.group, t);
                } else {
                    log.info("message of {} moved to %DLQ%{} after {} deliveries", request.topic, request.group,
                        msg.getReconsumeTimes());
                }
            });
    }

    /**
     * Acks messages. Each element of the result is {@code null} for an ack the broker took, or the
     * {@link Throwable} that handle failed with, in input order.
     */
    public CompletableFuture<List<Throwable>> ack(String topic, String group, List<String> receiptHandles) {
        return ack(topic, group, receiptHandles, true);
    }

    /**
     * Acks messages of the proxy's own receives, which do not count as acked by HTTP consumers.
     */
    public CompletableFuture<List<Throwable>> ackInternal(String topic, String group, List<String> receiptHandles) {
        return ack(topic, group, receiptHandles, false);
    }

    private CompletableFuture<List<Throwable>> ack(String topic, String group, List<String> receiptHandles,
        boolean forClient) {
        return routeOfExistingGroup(topic, group).thenCompose(route -> {
                List<CompletableFuture<Throwable>> acks = new ArrayList<>(receiptHandles.size());
                for (String encoded : receiptHandles) {
                    CompletableFuture<Throwable> f;
                    try {
                        ReceiptHandle handle = usableHandle(encoded, group, topic);
                        f = cluster.callBroker(route, handle.getBrokerName(), addr -> ack(addr, topic, group, handle))
                            .handle((r, t) -> t);
                    } catch (Throwable t) {
                        f = CompletableFuture.completedFuture(t);
                    }
                    acks.add(f);
                }
                return Futures.allAsList(acks).thenApply(results -> {
                    if (forClient) {
                        metrics.acked(topic, (int) results.stream().filter(t -> t == null).count());
                    }
                    return results;
                });
            });
    }

    private CompletableFuture<Void> ack(String brokerAddr, String topic, String group, ReceiptHandle handle) {
        AckMessageRequestHeader header = new AckMessageRequestHeader();
        header.setConsumerGroup(group);
        header.setTopic(handle.getRealTopic(topic, group));
        header.setQueueId(handle.getQueueId());
        header.setExtraInfo(handle.getReceiptHandle());
        header.setOffset(handle.getOffset());
        return timed(ProxyMetrics.BrokerCall.ACK, System.nanoTime(),
                cluster.client().ackMessageAsync(brokerAddr, header, config.getRocketmq().getAdminTimeoutMillis()))
            .thenAccept(result -> requireOk(result, "ack"));
    }

    /**
     * The outcome of a lease change: the handle that now holds the message, and until when.
     */
    public static final class Lease {
        private final String receiptHandle;
        private final long invisibleUntil;

        Lease(String receiptHandle, long invisibleUntil) {
            this.receiptHandle = receiptHandle;
            this.invisibleUntil = invisibleUntil;
        }

        public String getReceiptHandle() {
            return receiptHandle;
        }

        public long getInvisibleUntil() {
            return invisibleUntil;
        }
    }

    /**
     * Changes how long a received message stays invisible; 0 gives it back for redelivery (nack). The
     * old handle is replaced: the broker keeps no link between the two, so this proxy remembers the
     * old one until it would have expired and refuses it.
     */
    public CompletableFuture<Lease> changeInvisibility(String topic, String group, String encoded, long invisibleMillis) {
        return routeOfExistingGroup(topic, group).thenCompose(route -> {
                ReceiptHandle handle = usableHandle(encoded, group, topic);
                ChangeInvisibleTimeRequestHeader header = new ChangeInvisibleTimeRequestHeader();
                header.setConsumerGroup(group);
                header.setTopic(handle.getRealTopic(topic, group));
                header.setQueueId(handle.getQueueId());
                header.setExtraInfo(handle.getReceiptHandle());
                header.setOffset(handle.getOffset());
                header.setInvisibleTime(invisibleMillis);
                return cluster.callBroker(route, handle.getBrokerName(), addr -> timed(ProxyMetrics.BrokerCall.CHANGE_INVISIBLE,
                    System.nanoTime(), cluster.client().changeInvisibleTimeAsync(addr, handle.getBrokerName(), header,
                    config.getRocketmq().getAdminTimeoutMillis()))).thenApply(result -> {
                        requireOk(result, "lease change");
                        supersede(encoded, handle.getNextVisibleTime());
                        String checkpoint = result.getExtraInfo() + MessageConst.KEY_SEPARATOR + handle.getCommitLogOffset();
                        return new Lease(handles.encode(group, topic, checkpoint),
                            result.getPopTime() + invisibleMillis);
                    });
            });
    }

    /**
     * @return the topic's route, once the group is known to exist on the topic's brokers
     */
    private CompletableFuture<TopicRouteData> routeOfExistingGroup(String topic, String group) {
        return cluster.route(topic).thenCompose(route -> cluster.group(readableBrokers(route, topic), group)
            .thenApply(g -> route));
    }

    private ReceiptHandle usableHandle(String encoded, String group, String topic) {
        ReceiptHandle handle = handles.decode(encoded, group, topic);
        if (superseded.containsKey(encoded)) {
            throw new HttpProxyException(ErrorCode.RECEIPT_HANDLE_EXPIRED,
                "receipt handle was replaced by a lease change; use the handle that change returned");
        }
        if (handle.isExpired()) {
            throw new HttpProxyException(ErrorCode.RECEIPT_HANDLE_EXPIRED,
                "receipt handle expired: the message became visible again and may be delivered to another consumer");
        }
        return handle;
    }

    private void supersede(String encoded, long until) {
        if (superseded.size() >= config.getRocketmq().getMaxSupersededHandles()) {
            long now = System.currentTimeMillis();
            superseded.values().removeIf(expiry -> expiry <= now);
            if (superseded.size() >= config.getRocketmq().getMaxSupersededHandles()) {
                log.warn("{} replaced receipt handles remembered; not remembering more", superseded.size());
                return;
            }
        }
        superseded.put(encoded, until);
    }

    private <T> CompletableFuture<T> timed(ProxyMetrics.BrokerCall call, long startNanos, CompletableFuture<T> future) {
        return future.whenComplete((r, t) -> metrics.brokerCall(call, System.nanoTime() - startNanos, t == null));
    }

    private static void requireOk(AckResult result, String what) {
        if (result == null || result.getStatus() != AckStatus.OK) {
            throw new HttpProxyException(ErrorCode.RECEIPT_HANDLE_EXPIRED, what + " refused by the broker: the message's "
                + "lease is gone");
        }
    }

    static List<BrokerData> readableBrokers(TopicRouteData route, String topic) {
        List<BrokerData> brokers = new ArrayList<>();
        for (QueueData qd : route.getQueueDatas()) {
            if (!PermName.isReadable(qd.getPerm()) || qd.getReadQueueNums() <= 0) {
                continue;
            }
            for (BrokerData bd : route.getBrokerDatas()) {
                if (bd.getBrokerName().equals(qd.getBrokerName()) && bd.getBrokerAddrs().get(MixAll.MASTER_ID) != null) {
                    brokers.add(bd);
                }
            }
        }
        if (brokers.isEmpty()) {
            throw new HttpProxyException(ErrorCode.BROKER_UNAVAILABLE, "no broker serves reads of topic [" + topic + "]");
        }
        return brokers;
    }
}
