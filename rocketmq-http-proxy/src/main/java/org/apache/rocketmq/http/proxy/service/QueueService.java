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
import java.util.concurrent.CompletableFuture;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.common.compression.CompressorFactory;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.common.filter.ExpressionType;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.sysflag.MessageSysFlag;
import org.apache.rocketmq.common.sysflag.PullSysFlag;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.Futures;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.remoting.protocol.header.GetMaxOffsetRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.GetMinOffsetRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.PullMessageRequestHeader;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;

/**
 * Reading by offset, with no group state: the queues of a topic with their offsets, and the messages
 * of one queue from an offset on (plain pulls that store no consumer offset; 4.x brokers serve them
 * too).
 */
public class QueueService {
    private final HttpProxyConfig config;
    private final ClusterService cluster;

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

    public CompletableFuture<List<QueueInfo>> queues(String topic) {
        return cluster.route(topic).thenCompose(route -> {
            List<CompletableFuture<QueueInfo>> infos = new ArrayList<>();
            for (QueueData qd : route.getQueueDatas()) {
                if (!PermName.isReadable(qd.getPerm())) {
                    continue;
                }
                String addr = ConsumerService.masterAddr(broker(route, qd.getBrokerName()));
                for (int q = 0; q < qd.getReadQueueNums(); q++) {
                    infos.add(queueInfo(addr, topic, qd.getBrokerName(), q));
                }
            }
            return Futures.allAsList(infos);
        });
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
     */
    public CompletableFuture<Page> read(String topic, String brokerName, int queueId, long offset, int max, String group) {
        return cluster.route(topic).thenCompose(route -> {
            BrokerData broker = broker(route, brokerName);
            QueueData queues = null;
            for (QueueData qd : route.getQueueDatas()) {
                if (qd.getBrokerName().equals(brokerName)) {
                    queues = qd;
                }
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
            header.setSysFlag(PullSysFlag.buildSysFlag(false, false, true, false));
            header.setCommitOffset(0L);
            header.setSuspendTimeoutMillis(0L);
            header.setSubscription("*");
            header.setSubVersion(0L);
            header.setExpressionType(ExpressionType.TAG);
            String addr = ConsumerService.masterAddr(broker);
            return cluster.client().pullMessageAsync(addr, header, config.getRocketmq().getAdminTimeoutMillis())
                .thenApply(pull -> toPage(topic, brokerName, offset, pull));
        });
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

    private static BrokerData broker(TopicRouteData route, String brokerName) {
        for (BrokerData bd : route.getBrokerDatas()) {
            if (bd.getBrokerName().equals(brokerName)) {
                return bd;
            }
        }
        throw new HttpProxyException(ErrorCode.NOT_FOUND, "broker [" + brokerName + "] does not serve this topic");
    }
}
