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

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.message.MessageClientIDSetter;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.http.proxy.service.ClusterService;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.header.EndTransactionRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.QueryMessageRequestHeader;
import org.apache.rocketmq.remoting.protocol.header.ViewMessageRequestHeader;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker calls of transactions, asynchronous end to end: ending a half message (as a request
 * with an answer, where RocketMQ's producers send it one way), looking messages up in the broker's
 * index by key, and reading one message by its commit log offset.
 */
final class TransactionBroker {
    private static final Logger log = LoggerFactory.getLogger(TransactionBroker.class);
    private static final int MAX_QUERY_RESULTS = 32;

    private final ClusterService cluster;
    private final HttpProxyConfig config;

    TransactionBroker(ClusterService cluster, HttpProxyConfig config) {
        this.cluster = cluster;
        this.config = config;
    }

    /**
     * @return the master address of the named broker, as the route of the topic knows it
     */
    CompletableFuture<String> masterAddr(String topic, String brokerName) {
        return cluster.route(topic).thenApply(route -> {
            for (BrokerData bd : route.getBrokerDatas()) {
                if (bd.getBrokerName().equals(brokerName)) {
                    String addr = bd.getBrokerAddrs().get(MixAll.MASTER_ID);
                    if (addr != null) {
                        return addr;
                    }
                }
            }
            throw new HttpProxyException(ErrorCode.BROKER_UNAVAILABLE, "broker [" + brokerName + "] of this transaction has "
                + "no master serving topic [" + topic + "] now");
        });
    }

    /**
     * Ends one copy of a half message. A commit has been stored in the real topic when this completes.
     *
     * @throws HttpProxyException TRANSACTION_HANDLE_EXPIRED when the broker no longer holds the copy
     */
    CompletableFuture<Void> end(String brokerAddr, TransactionHandle copy, TransactionAction action) {
        EndTransactionRequestHeader header = new EndTransactionRequestHeader();
        header.setProducerGroup(copy.producerGroup);
        header.setTranStateTableOffset(copy.queueOffset);
        header.setCommitLogOffset(copy.commitLogOffset);
        header.setCommitOrRollback(action.brokerFlag());
        header.setFromTransactionCheck(copy.fromCheck);
        header.setMsgId(copy.transactionId);
        header.setTransactionId(copy.transactionId);
        header.setBrokerName(copy.brokerName);
        RemotingCommand request = RemotingCommand.createRequestCommand(RequestCode.END_TRANSACTION, header);
        return cluster.client().invoke(brokerAddr, request, config.getRocketmq().getSendTimeoutMillis()).thenApply(response -> {
            if (response.getCode() == ResponseCode.SUCCESS) {
                return null;
            }
            log.warn("broker {} refused to {} {}: {} {}", brokerAddr, action, copy, response.getCode(), response.getRemark());
            if (response.getCode() == ResponseCode.SYSTEM_ERROR && String.valueOf(response.getRemark()).startsWith("Find prepared")) {
                throw new HttpProxyException(ErrorCode.TRANSACTION_HANDLE_EXPIRED, "the broker no longer holds the half "
                    + "message of this transaction");
            }
            if (response.getCode() == ResponseCode.SLAVE_NOT_AVAILABLE || response.getCode() == ResponseCode.SYSTEM_BUSY) {
                throw new HttpProxyException(ErrorCode.BROKER_UNAVAILABLE, "the broker cannot end transactions now");
            }
            throw new HttpProxyException(ErrorCode.INTERNAL_ERROR, "the broker refused to end the transaction (code "
                + response.getCode() + ")");
        });
    }

    /**
     * Looks messages of a topic up by key in the broker's index. With {@code uniqueKey} the key is a
     * message id (UNIQ_KEY), else one of the messages' keys.
     *
     * @param since the earliest store time of interest; the index has a resolution of seconds
     */
    CompletableFuture<List<MessageExt>> query(String brokerAddr, String topic, String key, boolean uniqueKey, long since) {
        QueryMessageRequestHeader header = new QueryMessageRequestHeader();
        header.setTopic(topic);
        header.setKey(key);
        header.setMaxNum(MAX_QUERY_RESULTS);
        header.setBeginTimestamp(since);
        header.setEndTimestamp(Long.MAX_VALUE);
        RemotingCommand request = RemotingCommand.createRequestCommand(RequestCode.QUERY_MESSAGE, header);
        request.addExtField(MixAll.UNIQUE_MSG_QUERY_FLAG, String.valueOf(uniqueKey));
        return cluster.client().invoke(brokerAddr, request, config.getRocketmq().getAdminTimeoutMillis()).thenApply(response -> {
            if (response.getCode() == ResponseCode.QUERY_NOT_FOUND) {
                return Collections.emptyList();
            }
            if (response.getCode() != ResponseCode.SUCCESS || response.getBody() == null) {
                log.warn("broker {} refused a message query: {} {}", brokerAddr, response.getCode(), response.getRemark());
                throw new HttpProxyException(ErrorCode.BROKER_UNAVAILABLE, "the broker's message index does not answer");
            }
            List<MessageExt> found = new ArrayList<>();
            // the index keeps hashes: drop messages of other topics or keys that share one
            for (MessageExt m : MessageDecoder.decodesBatch(ByteBuffer.wrap(response.getBody()), true, true, false)) {
                if (topic.equals(m.getTopic()) && (uniqueKey ? key.equals(MessageClientIDSetter.getUniqID(m)) : hasKey(m, key))) {
                    found.add(m);
                }
            }
            return found;
        });
    }

    private static boolean hasKey(MessageExt m, String key) {
        String keys = m.getKeys();
        if (keys == null) {
            return false;
        }
        for (String k : keys.split(MessageConst.KEY_SEPARATOR)) {
            if (k.equals(key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the message stored at that commit log offset
     */
    CompletableFuture<MessageExt> view(String brokerAddr, long commitLogOffset) {
        ViewMessageRequestHeader header = new ViewMessageRequestHeader();
        header.setOffset(commitLogOffset);
        RemotingCommand request = RemotingCommand.createRequestCommand(RequestCode.VIEW_MESSAGE_BY_ID, header);
        return cluster.client().invoke(brokerAddr, request, config.getRocketmq().getAdminTimeoutMillis()).thenApply(response -> {
            if (response.getCode() != ResponseCode.SUCCESS || response.getBody() == null) {
                log.debug("broker {} has no message at {}: {} {}", brokerAddr, commitLogOffset, response.getCode(),
                    response.getRemark());
                return null;
            }
            return MessageDecoder.clientDecode(ByteBuffer.wrap(response.getBody()), true);
        });
    }
}
