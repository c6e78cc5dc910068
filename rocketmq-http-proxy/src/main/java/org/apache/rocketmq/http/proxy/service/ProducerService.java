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
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.rocketmq.client.Validators;
import org.apache.rocketmq.client.impl.factory.MQClientInstance;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.MessageQueueSelector;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.Pair;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageClientIDSetter;
import org.apache.rocketmq.common.message.MessageAccessor;
import org.apache.rocketmq.common.message.MessageBatch;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.common.utils.ThreadUtils;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.Futures;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.remoting.RemotingClient;
import org.apache.rocketmq.remoting.netty.NettyRequestProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces messages through one shared RocketMQ producer per producer group (RIP-17's group proxy),
 * created on first use and closed on shutdown. Sends are asynchronous end to end: the returned
 * future completes from the RocketMQ client's callback, and only for SEND_OK.
 */
public class ProducerService {
    private static final Logger log = LoggerFactory.getLogger(ProducerService.class);

    /**
     * A topic that never exists. RocketMQ producers fall back to the route of their "create topic key"
     * when a topic has none, and brokers with auto-creation enabled then create the topic; pointing the
     * key at nothing makes such a send fail instead.
     */
    static final String NO_AUTO_CREATE_KEY = "HTTP_PROXY_NEVER_AUTO_CREATE";

    /** Bodies packed into one RocketMQ batch at most; well under the broker's 4 MiB message limit. */
    static final int MAX_BATCH_BYTES = 1024 * 1024;
    /** A generous estimate of a message's encoding overhead in a batch (header, topic, properties). */
    private static final int MESSAGE_OVERHEAD_BYTES = 512;

    private static final MessageQueueSelector BY_MESSAGE_GROUP =
        (queues, msg, arg) -> queues.get(Math.floorMod(arg.hashCode(), queues.size()));

    private final HttpProxyConfig config;
    private final ClusterService cluster;
    private final ProxyMetrics metrics;
    private final String instanceName;
    private final Map<String, CompletableFuture<DefaultMQProducer>> producers = new ConcurrentHashMap<>();
    private final Map<Integer, Pair<NettyRequestProcessor, ExecutorService>> brokerRequestHandlers = new HashMap<>();
    /** The client instances that have the handlers above; every producer of this proxy shares one. */
    private final Set<RemotingClient> clientsWithHandlers = Collections.newSetFromMap(new IdentityHashMap<>());
    private ExecutorService startExecutor;
    private volatile boolean shutdown;

    public ProducerService(HttpProxyConfig config, ClusterService cluster, ProxyMetrics metrics, String instanceName) {
        this.config = config;
        this.cluster = cluster;
        this.metrics = metrics;
        this.instanceName = instanceName;
    }

    public void start() {
        startExecutor = Executors.newSingleThreadExecutor(ThreadUtils.newGenericThreadFactory("HttpProxyProducerStart", true));
        metrics.gauge("rocketmq_http_producer_groups", "Producer groups with a started RocketMQ producer.", producers::size);
        cluster.onBrokersChanged(this::refreshRoutes);
    }

    /**
     * A broker left or joined: the producers' routes are reloaded now rather than at their next poll of
     * the nameserver (every 30 s), so sends stop going to a dead broker and use one that came back.
     */
    private void refreshRoutes() {
        Set<MQClientInstance> clients = new HashSet<>();
        for (CompletableFuture<DefaultMQProducer> f : producers.values()) {
            if (f.isDone() && !f.isCompletedExceptionally()) {
                clients.add(f.join().getDefaultMQProducerImpl().getMqClientFactory());
            }
        }
        clients.forEach(MQClientInstance::updateTopicRouteInfoFromNameServer);
    }

    public void shutdown() {
        shutdown = true;
        for (CompletableFuture<DefaultMQProducer> f : producers.values()) {
            if (f.isDone() && !f.isCompletedExceptionally()) {
                f.join().shutdown();
            }
        }
        producers.clear();
        if (startExecutor != null) {
            startExecutor.shutdownNow();
        }
    }

    /**
     * Sends one message to an existing topic.
     */
    public CompletableFuture<SendReceipt> send(String producerGroup, String topic, OutgoingMessage message) {
        return cluster.writableRoute(topic)
            .thenCompose(route -> producer(producerGroup))
            .thenCompose(producer -> sendOne(producer, topic, message));
    }

    /**
     * Sends several messages to one topic. Each element of the result is a {@link SendReceipt} or the
     * {@link Throwable} that message failed with, in input order. Plain messages travel together as
     * RocketMQ batches (one broker request per batch, all stored in one queue); messages of one
     * message group are sent one after the other in input order, and a message whose predecessor of
     * the same group failed is not sent, so the group's order in the queue never has a gap; scheduled
     * messages go one by one.
     */
    public CompletableFuture<List<Object>> sendBatch(String producerGroup, String topic, List<OutgoingMessage> messages) {
        return cluster.writableRoute(topic)
            .thenCompose(route -> producer(producerGroup))
            .thenCompose(producer -> {
                List<CompletableFuture<SendReceipt>> sends = new ArrayList<>(Collections.nCopies(messages.size(), null));
                Map<String, CompletableFuture<SendReceipt>> groupTails = new HashMap<>();
                List<Integer> plain = new ArrayList<>();
                for (int i = 0; i < messages.size(); i++) {
                    OutgoingMessage m = messages.get(i);
                    if (m.messageGroup() != null) {
                        CompletableFuture<SendReceipt> tail = groupTails.get(m.messageGroup());
                        CompletableFuture<SendReceipt> f = tail == null ? sendOne(producer, topic, m) : tail.handle((r, t) -> t)
                            .thenCompose(previousFailure -> previousFailure == null ? sendOne(producer, topic, m)
                                : CompletableFuture.failedFuture(new HttpProxyException(ErrorCode.BROKER_UNAVAILABLE,
                                "not sent: an earlier message of message group [" + m.messageGroup()
                                    + "] in this batch failed")));
                        groupTails.put(m.messageGroup(), f);
                        sends.set(i, f);
                    } else if (m.deliveryTimestamp() > System.currentTimeMillis()) {
                        sends.set(i, sendOne(producer, topic, m));
                    } else {
                        plain.add(i);
                    }
                }
                sendPlainInBatches(producer, topic, messages, plain, sends);
                List<CompletableFuture<Object>> outcomes = new ArrayList<>(sends.size());
                for (CompletableFuture<SendReceipt> f : sends) {
                    outcomes.add(f.handle((r, t) -> t == null ? r : t));
                }
                return Futures.allAsList(outcomes);
            });
    }

    /**
     * Packs plain messages into RocketMQ batches of at most {@link #MAX_BATCH_BYTES}; a message too
     * large to share a batch goes alone.
     */
    private void sendPlainInBatches(DefaultMQProducer producer, String topic, List<OutgoingMessage> messages,
        List<Integer> plain, List<CompletableFuture<SendReceipt>> sends) {
        List<Integer> chunk = new ArrayList<>();
        int chunkBytes = 0;
        for (int index : plain) {
            int size = messages.get(index).body().length + MESSAGE_OVERHEAD_BYTES;
            if (!chunk.isEmpty() && chunkBytes + size > MAX_BATCH_BYTES) {
                sendChunk(producer, topic, messages, chunk, sends);
                chunk = new ArrayList<>();
                chunkBytes = 0;
            }
            chunk.add(index);
            chunkBytes += size;
        }
        if (!chunk.isEmpty()) {
            sendChunk(producer, topic, messages, chunk, sends);
        }
    }

    private void sendChunk(DefaultMQProducer producer, String topic, List<OutgoingMessage> messages, List<Integer> chunk,
        List<CompletableFuture<SendReceipt>> sends) {
        if (chunk.size() == 1) {
            sends.set(chunk.get(0), sendOne(producer, topic, messages.get(chunk.get(0))));
            return;
        }
        List<Message> batch = new ArrayList<>(chunk.size());
        List<CompletableFuture<SendReceipt>> futures = new ArrayList<>(chunk.size());
        for (int index : chunk) {
            batch.add(toMessage(topic, messages.get(index)));
            CompletableFuture<SendReceipt> f = new CompletableFuture<>();
            futures.add(f);
            sends.set(index, f);
        }
        long bodyBytes = 0;
        for (Message m : batch) {
            bodyBytes += m.getBody().length;
        }
        long batchBytes = bodyBytes;
        long start = System.nanoTime();
        SendCallback callback = new SendCallback() {
            @Override
            public void onSuccess(SendResult result) {
                if (result.getSendStatus() != SendStatus.SEND_OK) {
                    onException(new HttpProxyException(ErrorCode.BROKER_UNAVAILABLE, "broker answered "
                        + result.getSendStatus()));
                    return;
                }
                metrics.brokerCall(ProxyMetrics.BrokerCall.SEND, System.nanoTime() - start, true);
                metrics.produced(topic, batch.size(), batchBytes);
                MessageQueue queue = result.getMessageQueue();
                for (int i = 0; i < batch.size(); i++) {
                    // the broker stores a batch contiguously in one queue, in order
                    futures.get(i).complete(new SendReceipt(MessageClientIDSetter.getUniqID(batch.get(i)), topic,
                        queue.getBrokerName(), queue.getQueueId(), result.getQueueOffset() + i));
                }
            }

            @Override
            public void onException(Throwable e) {
                metrics.brokerCall(ProxyMetrics.BrokerCall.SEND, System.nanoTime() - start, false);
                metrics.produceFailed(topic, batch.size());
                futures.forEach(f -> f.completeExceptionally(e));
            }
        };
        try {
            MessageBatch messageBatch = MessageBatch.generateFromList(batch);
            for (Message m : messageBatch) {
                Validators.checkMessage(m, producer);
                MessageClientIDSetter.setUniqID(m);
            }
            // unlike DefaultMQProducer#send(Collection), give the batch itself no UNIQ_KEY: the broker appends
            // the batch's properties to every message, and that one id would replace all of theirs
            messageBatch.setBody(messageBatch.encode());
            producer.getDefaultMQProducerImpl().send(messageBatch, callback, config.getRocketmq().getSendTimeoutMillis());
        } catch (Throwable t) {
            callback.onException(t);
        }
    }

    CompletableFuture<DefaultMQProducer> producer(String group) {
        CompletableFuture<DefaultMQProducer> existing = producers.get(group);
        if (existing != null) {
            return existing;
        }
        if (shutdown) {
            return CompletableFuture.failedFuture(new HttpProxyException(ErrorCode.BROKER_UNAVAILABLE,
                "the proxy is shutting down"));
        }
        if (producers.size() >= config.getRocketmq().getMaxProducerGroups()) {
            return CompletableFuture.failedFuture(new HttpProxyException(ErrorCode.TOO_MANY_REQUESTS,
                "the proxy serves at most " + config.getRocketmq().getMaxProducerGroups() + " producer groups"));
        }
        return producers.computeIfAbsent(group, g -> {
            CompletableFuture<DefaultMQProducer> f = CompletableFuture.supplyAsync(() -> startProducer(g), startExecutor);
            f.whenComplete((p, t) -> {
                if (t != null) {
                    producers.remove(g, f);
                }
            });
            return f;
        });
    }

    private DefaultMQProducer startProducer(String group) {
        DefaultMQProducer producer = new DefaultMQProducer(group, cluster.brokerHook());
        producer.setNamesrvAddr(config.getNamesrvAddr());
        producer.setInstanceName(instanceName);
        producer.setVipChannelEnabled(false);
        producer.setSendMsgTimeout(config.getRocketmq().getSendTimeoutMillis());
        // a broker that failed a send is avoided for a while instead of being tried by every next send
        producer.setSendLatencyFaultEnable(true);
        producer.setRetryTimesWhenSendAsyncFailed(config.getRocketmq().getSendRetryTimes());
        producer.setRetryTimesWhenSendFailed(config.getRocketmq().getSendRetryTimes());
        producer.setMaxMessageSize(config.getLimits().getMaxBodyBytes());
        producer.setCreateTopicKey(NO_AUTO_CREATE_KEY);
        try {
            producer.start();
        } catch (Exception e) {
            throw new HttpProxyException(ErrorCode.BROKER_UNAVAILABLE, "cannot start producer of group [" + group + "]", e);
        }
        registerBrokerRequestHandlers(producer);
        log.info("started producer of group {}", group);
        return producer;
    }

    private CompletableFuture<SendReceipt> sendOne(DefaultMQProducer producer, String topic, OutgoingMessage m) {
        Message msg = toMessage(topic, m);
        MessageQueueSelector selector = m.messageGroup() != null ? BY_MESSAGE_GROUP : null;
        return sendMessage(producer, msg, selector, m.messageGroup())
            .whenComplete((result, t) -> {
                if (t != null) {
                    metrics.produceFailed(topic, 1);
                } else {
                    metrics.produced(topic, 1, m.body().length);
                }
            })
            .thenApply(result -> new SendReceipt(result.getMsgId(), topic, result.getMessageQueue().getBrokerName(),
                result.getMessageQueue().getQueueId(), result.getQueueOffset()));
    }

    /**
     * Sends one message, to the queue the selector picks when there is one; completes only for SEND_OK.
     */
    private CompletableFuture<SendResult> sendMessage(DefaultMQProducer producer, Message msg, MessageQueueSelector selector,
        Object arg) {
        CompletableFuture<SendResult> future = new CompletableFuture<>();
        long start = System.nanoTime();
        SendCallback callback = new SendCallback() {
            @Override
            public void onSuccess(SendResult result) {
                boolean ok = result.getSendStatus() == SendStatus.SEND_OK;
                metrics.brokerCall(ProxyMetrics.BrokerCall.SEND, System.nanoTime() - start, ok);
                if (!ok) {
                    future.completeExceptionally(new HttpProxyException(ErrorCode.BROKER_UNAVAILABLE,
                        "broker answered " + result.getSendStatus()));
                    return;
                }
                future.complete(result);
            }

            @Override
            public void onException(Throwable e) {
                metrics.brokerCall(ProxyMetrics.BrokerCall.SEND, System.nanoTime() - start, false);
                future.completeExceptionally(e);
            }
        };
        try {
            if (selector != null) {
                producer.send(msg, selector, arg, callback, config.getRocketmq().getSendTimeoutMillis());
            } else {
                producer.send(msg, callback, config.getRocketmq().getSendTimeoutMillis());
            }
        } catch (Throwable t) {
            future.completeExceptionally(t);
        }
        return future;
    }

    /**
     * Sends the half message of a transaction: the broker stores it where consumers cannot see it until
     * the transaction is committed. The result carries what ending it needs (queue offset, offset
     * message id, broker).
     */
    public CompletableFuture<SendResult> sendHalf(String producerGroup, String topic, OutgoingMessage message) {
        Message msg = toMessage(topic, message);
        MessageAccessor.putProperty(msg, MessageConst.PROPERTY_TRANSACTION_PREPARED, "true");
        MessageAccessor.putProperty(msg, MessageConst.PROPERTY_PRODUCER_GROUP, producerGroup);
        return cluster.writableRoute(topic)
            .thenCompose(route -> producer(producerGroup))
            .thenCompose(producer -> sendMessage(producer, msg, null, null));
    }

    /**
     * Sends one of the proxy's own messages (not counted as produced) through the group's producer, to
     * the queue the selector picks.
     */
    public CompletableFuture<SendResult> sendInternal(String producerGroup, Message msg, MessageQueueSelector selector,
        Object arg) {
        return producer(producerGroup).thenCompose(producer -> sendMessage(producer, msg, selector, arg));
    }

    /**
     * Makes sure this proxy holds a producer of the group, so that brokers count it among the group's
     * producers (and send it the group's transaction checks).
     */
    public CompletableFuture<Void> holdProducer(String group) {
        return producer(group).thenApply(p -> null);
    }

    /**
     * Has requests brokers send to this proxy's producers (e.g. transaction checks) handled by the
     * given processor on the given executor, instead of by the RocketMQ client's own handling.
     */
    public synchronized void handleBrokerRequest(int requestCode, NettyRequestProcessor processor, ExecutorService executor) {
        brokerRequestHandlers.put(requestCode, new Pair<>(processor, executor));
        clientsWithHandlers.clear();
        for (CompletableFuture<DefaultMQProducer> f : producers.values()) {
            if (f.isDone() && !f.isCompletedExceptionally()) {
                registerBrokerRequestHandlers(f.join());
            }
        }
    }

    private synchronized void registerBrokerRequestHandlers(DefaultMQProducer producer) {
        RemotingClient client = producer.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl()
            .getRemotingClient();
        if (clientsWithHandlers.add(client)) {
            brokerRequestHandlers.forEach((code, handler) -> client.registerProcessor(code, handler.getObject1(),
                handler.getObject2()));
        }
    }

    static Message toMessage(String topic, OutgoingMessage m) {
        Message msg = new Message(topic, m.body());
        if (m.tag() != null) {
            msg.setTags(m.tag());
        }
        if (m.keys() != null && !m.keys().isEmpty()) {
            msg.setKeys(m.keys());
        }
        if (m.properties() != null) {
            for (Map.Entry<String, String> e : m.properties().entrySet()) {
                msg.putUserProperty(e.getKey(), e.getValue());
            }
        }
        if (m.messageGroup() != null) {
            MessageAccessor.putProperty(msg, MessageConst.PROPERTY_SHARDING_KEY, m.messageGroup());
        }
        if (m.deliveryTimestamp() > System.currentTimeMillis()) {
            msg.setDeliverTimeMs(m.deliveryTimestamp());
        }
        return msg;
    }
}
