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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.common.compression.CompressorFactory;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.common.filter.ExpressionType;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.sysflag.MessageSysFlag;
import org.apache.rocketmq.common.sysflag.PullSysFlag;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.ErrorMapper;
import org.apache.rocketmq.http.proxy.common.Futures;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.remoting.protocol.header.GetMaxOffsetRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.GetMinOffsetRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.PullMessageRequestHeader;
import org.apache.rocketmq.remoting.protocol.route.QueueData;

/**
 * Reading by offset, with no group state: the queues of a topic with their offsets, and the messages
 * of one queue from an offset on (plain pulls that store no consumer offset; 4.x brokers serve them
 * too). A broker that cannot be reached is named rather than failing the whole topic.
 *
 * <p>A queue's offsets are the broker's consume queue: a stored message gets its offset at once (the
 * send receipt carries it) but becomes readable, and counted in {@code maxOffset}, when the broker has
 * dispatched it to the queue, normally milliseconds later. A read that finds nothing at its offset can
 * wait for that: the broker holds the pull (long polling, no proxy thread) until a message reaches the
 * queue or the wait is over.
 */
public class QueueService {
    /**
     * A broker looks for held pulls whose time is up only every 5 s (a message arriving ends a hold at
     * once); the proxy answers at the asked time itself and allows the broker that much longer.
     */
    private static final long BROKER_HOLD_CHECK_MILLIS = 5_000;

    private final HttpProxyConfig config;
    private final ClusterService cluster;
    private final Map<CompletableFuture<Page>, Long> waiting = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    public QueueService(HttpProxyConfig config, ClusterService cluster) {
        this.config = config;
        this.cluster = cluster;
    }

    /**
     * One queue of a topic and its offset range.
     */
    public static final class QueueInfo {
        private final String brokerName;
        private final int queueId;
        private final long minOffset;
        private final long maxOffset;

        QueueInfo(String brokerName, int queueId, long minOffset, long maxOffset) {
            this.brokerName = brokerName;
            this.queueId = queueId;
            this.minOffset = minOffset;
            this.maxOffset = maxOffset;
        }

        public String getBrokerName() {
            return brokerName;
        }

        public int getQueueId() {
            return queueId;
        }

        public long getMinOffset() {
            return minOffset;
        }

        public long getMaxOffset() {
            return maxOffset;
        }
    }

    /**
     * Messages read from one queue, and the offset to read next.
     */
    public static final class Page {
        private final List<ConsumedMessage> messages;
        private final long nextOffset;

        Page(List<ConsumedMessage> messages, long nextOffset) {
            this.messages = messages;
            this.nextOffset = nextOffset;
        }

        public List<ConsumedMessage> messages() {
            return messages;
        }

        public long nextOffset() {
            return nextOffset;
        }
    }

    /**
     * Answers every waiting read at once with what it has (nothing), so a stopping proxy holds no client.
     */
    public void releaseWaiting() {
        stopping = true;
        waiting.forEach((read, offset) -> read.complete(new Page(Collections.emptyList(), offset)));
    }

    /**
     * The readable queues of a topic, and the brokers of the topic that cannot be asked now.
     */
    public static final class TopicQueues {
        private final List<QueueInfo> queues;
        private final List<String> unavailableBrokers;

        TopicQueues(List<QueueInfo> queues, List<String> unavailableBrokers) {
            this.queues = queues;
            this.unavailableBrokers = unavailableBrokers;
        }

        public List<QueueInfo> getQueues() {
            return queues;
        }

        public List<String> getUnavailableBrokers() {
            return unavailableBrokers;
        }
    }

    /**
     * Lists the queues of the brokers that answer and names the others: those that cannot be reached,
     * and those that left the nameserver's view. Fails with BROKER_UNAVAILABLE only when no broker of
     * the topic answers.
     */
    public CompletableFuture<TopicQueues> queues(String topic) {
        return cluster.route(topic).thenCompose(route -> {
            List<String> brokerNames = new ArrayList<>();
            List<CompletableFuture<List<QueueInfo>>> perBroker = new ArrayList<>();
            for (QueueData qd : route.getQueueDatas()) {
                if (!PermName.isReadable(qd.getPerm())) {
                    continue;
                }
                brokerNames.add(qd.getBrokerName());
                perBroker.add(cluster.callBroker(route, qd.getBrokerName(), addr -> brokerQueues(addr, topic, qd)));
            }
            CompletableFuture<?>[] settled = perBroker.stream().map(f -> f.handle((v, t) -> null)).toArray(CompletableFuture[]::new);
            return CompletableFuture.allOf(settled).thenApply(done -> {
                List<QueueInfo> queues = new ArrayList<>();
                Set<String> unavailable = new TreeSet<>(cluster.departedBrokers(topic));
                for (int i = 0; i < perBroker.size(); i++) {
                    try {
                        queues.addAll(perBroker.get(i).join());
                        unavailable.remove(brokerNames.get(i));
                    } catch (CompletionException e) {
                        if (!isBrokerUnavailable(e)) {
                            throw e;
                        }
                        unavailable.add(brokerNames.get(i));
                    }
                }
                if (queues.isEmpty() && !unavailable.isEmpty()) {
                    throw new HttpProxyException(ErrorCode.BROKER_UNAVAILABLE, "no broker of topic [" + topic
                        + "] answers; retry later");
                }
                return new TopicQueues(queues, new ArrayList<>(unavailable));
            });
        });
    }

    private CompletableFuture<List<QueueInfo>> brokerQueues(String addr, String topic, QueueData qd) {
        List<CompletableFuture<QueueInfo>> infos = new ArrayList<>();
        for (int q = 0; q < qd.getReadQueueNums(); q++) {
            infos.add(queueInfo(addr, topic, qd.getBrokerName(), q));
        }
        return Futures.allAsList(infos);
    }

    private static boolean isBrokerUnavailable(Throwable t) {
        Throwable cause = ErrorMapper.unwrap(t);
        return cause instanceof HttpProxyException && (((HttpProxyException) cause).getErrorCode() == ErrorCode.BROKER_UNAVAILABLE
            || ((HttpProxyException) cause).getErrorCode() == ErrorCode.BROKER_TIMEOUT);
    }

    private CompletableFuture<QueueInfo> queueInfo(String addr, String topic, String brokerName, int queueId) {
        GetMinOffsetRequestHeader min = new GetMinOffsetRequestHeader();
        min.setTopic(topic);
        min.setQueueId(queueId);
        GetMaxOffsetRequestHeader max = new GetMaxOffsetRequestHeader();
        max.setTopic(topic);
        max.setQueueId(queueId);
        return cluster.client().getMinOffset(addr, min, config.getRocketmq().getAdminTimeoutMillis())
            .thenCombine(cluster.client().getMaxOffset(addr, max, config.getRocketmq().getAdminTimeoutMillis()),
                (lo, hi) -> new QueueInfo(brokerName, queueId, lo, hi));
    }

    /**
     * Reads up to {@code max} messages of one queue from {@code offset} on. An offset outside the
     * queue's range reads nothing and answers the nearest valid offset as the next one.
     *
     * @param waitMillis when nothing is readable at {@code offset} yet, how long to wait for a message to
     *     reach the queue; 0 answers at once
     */
    public CompletableFuture<Page> read(String topic, String brokerName, int queueId, long offset, int max, String group,
        long waitMillis) {
        return cluster.route(topic).thenCompose(route -> {
            QueueData queues = null;
            for (QueueData qd : route.getQueueDatas()) {
                if (qd.getBrokerName().equals(brokerName)) {
                    queues = qd;
                }
            }
            if (queues == null && cluster.departedBrokers(topic).contains(brokerName)) {
                throw ClusterService.brokerUnreachable(brokerName, null);
            }
            if (queues == null || queueId >= queues.getReadQueueNums() || !PermName.isReadable(queues.getPerm())) {
                throw new HttpProxyException(ErrorCode.NOT_FOUND, "queue " + brokerName + "/" + queueId
                    + " of topic [" + topic + "] does not exist or is not readable");
            }
            PullMessageRequestHeader header = new PullMessageRequestHeader();
            header.setConsumerGroup(group);
            header.setTopic(topic);
            header.setQueueId(queueId);
            header.setQueueOffset(offset);
            header.setMaxMsgNums(max);
            boolean hold = waitMillis > 0 && !stopping;
            header.setSysFlag(PullSysFlag.buildSysFlag(false, hold, true, false));
            header.setCommitOffset(0L);
            header.setSuspendTimeoutMillis(hold ? waitMillis : 0L);
            header.setSubscription("*");
            header.setSubVersion(0L);
            header.setExpressionType(ExpressionType.TAG);
            long timeout = config.getRocketmq().getAdminTimeoutMillis() + (hold ? waitMillis + BROKER_HOLD_CHECK_MILLIS : 0);
            CompletableFuture<Page> page = cluster.callBroker(route, brokerName,
                    addr -> cluster.client().pullMessageAsync(addr, header, timeout))
                .thenApply(pull -> toPage(topic, brokerName, offset, pull));
            return hold ? waitAtMost(page, offset, waitMillis) : page;
        });
    }

    /**
     * A pull changes nothing on the broker, so a read whose time is up can answer "nothing yet" and
     * leave the broker's late answer unread.
     */
    private CompletableFuture<Page> waitAtMost(CompletableFuture<Page> page, long offset, long waitMillis) {
        page.completeOnTimeout(new Page(Collections.emptyList(), offset), waitMillis, TimeUnit.MILLISECONDS);
        waiting.put(page, offset);
        page.whenComplete((p, t) -> waiting.remove(page));
        if (stopping) {
            page.complete(new Page(Collections.emptyList(), offset));
        }
        return page;
    }

    private static Page toPage(String topic, String brokerName, long offset, PullResult pull) {
        if (pull.getPullStatus() != PullStatus.FOUND || pull.getMsgFoundList() == null) {
            return new Page(Collections.emptyList(), pull.getNextBeginOffset());
        }
        List<ConsumedMessage> messages = new ArrayList<>(pull.getMsgFoundList().size());
        for (MessageExt msg : pull.getMsgFoundList()) {
            if (msg.getQueueOffset() < offset) {
                continue;
            }
            decompress(msg);
            messages.add(ConsumerService.toConsumed(topic, msg, msg.getReconsumeTimes() + 1, brokerName, null, 0));
        }
        return new Page(messages, pull.getNextBeginOffset());
    }

    /**
     * Pulls hand bodies over as stored; producers compress large ones.
     */
    private static void decompress(MessageExt msg) {
        int sysFlag = msg.getSysFlag();
        if ((sysFlag & MessageSysFlag.COMPRESSED_FLAG) == MessageSysFlag.COMPRESSED_FLAG) {
            try {
                msg.setBody(CompressorFactory.getCompressor(MessageSysFlag.getCompressionType(sysFlag))
                    .decompress(msg.getBody()));
                msg.setSysFlag(MessageSysFlag.clearCompressedFlag(sysFlag));
            } catch (Exception e) {
                throw new HttpProxyException(ErrorCode.INTERNAL_ERROR, "cannot decompress a stored message body", e);
            }
        }
    }
}
