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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.AckResult;
import org.apache.rocketmq.client.consumer.AckStatus;
import org.apache.rocketmq.client.consumer.PopResult;
import org.apache.rocketmq.client.consumer.PopStatus;
import org.apache.rocketmq.client.impl.mqclient.MQClientAPIExt;
import org.apache.rocketmq.common.filter.ExpressionType;
import org.apache.rocketmq.common.message.MessageAccessor;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.ErrorMapper;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.http.proxy.test.Routes;
import org.apache.rocketmq.remoting.exception.RemotingConnectException;
import org.apache.rocketmq.remoting.exception.RemotingSendRequestException;
import org.apache.rocketmq.remoting.protocol.header.PopMessageRequestHeader;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Receives, acks and lease changes of a topic on two brokers, one of which stops answering.
 */
public class ConsumerServiceTest {
    private static final String TOPIC = "orders";
    private static final String GROUP = "GID_orders";
    private static final String A = "10.0.0.1:10911";
    private static final String B = "10.0.0.2:10911";
    private static final ReceiptHandleCodec HANDLES = new ReceiptHandleCodec(null);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final MQClientAPIExt client = mock(MQClientAPIExt.class);
    private ClusterService cluster;
    private ConsumerService consumer;

    @Before
    public void setUp() {
        HttpProxyConfig config = new HttpProxyConfig();
        ProxyMetrics metrics = new ProxyMetrics();
        cluster = spy(new ClusterService(config, "test", metrics, client));
        doReturn(CompletableFuture.completedFuture(Routes.route(Routes.broker("broker-a", A), Routes.broker("broker-b", B)))).when(cluster).route(TOPIC);
        SubscriptionGroupConfig group = new SubscriptionGroupConfig();
        group.setGroupName(GROUP);
        doReturn(CompletableFuture.completedFuture(group)).when(cluster).group(anyList(), eq(GROUP));
        consumer = new ConsumerService(config, cluster, metrics, HANDLES);
    }

    @After
    public void tearDown() {
        timer.shutdownNow();
        cluster.shutdown();
    }

    private static ConsumerService.ReceiveRequest receiveRequest(long waitMillis) {
        return new ConsumerService.ReceiveRequest(TOPIC, GROUP, 8, waitMillis, 30_000, ExpressionType.TAG, "*", null);
    }

    private static String checkpoint(String brokerName, long offset) {
        return "0 " + System.currentTimeMillis() + " 60000 0 0 " + brokerName + " 0 " + offset;
    }

    private static PopResult found(String brokerName, long offset) {
        MessageExt msg = new MessageExt();
        msg.setTopic(TOPIC);
        msg.setBody(("message " + offset).getBytes(StandardCharsets.UTF_8));
        msg.setQueueId(0);
        msg.setQueueOffset(offset);
        msg.setCommitLogOffset(1000 + offset);
        msg.setMsgId(brokerName + "-" + offset);
        MessageAccessor.putProperty(msg, MessageConst.PROPERTY_POP_CK, checkpoint(brokerName, offset));
        return new PopResult(PopStatus.FOUND, new ArrayList<>(Collections.singletonList(msg)));
    }

    private static PopResult notFound() {
        return new PopResult(PopStatus.POLLING_NOT_FOUND, null);
    }

    private static PopMessageRequestHeader longPoll() {
        return argThat(h -> h != null && h.getPollTime() > 0);
    }

    private static PopMessageRequestHeader noWait() {
        return argThat(h -> h != null && h.getPollTime() == 0);
    }

    private <T> CompletableFuture<T> later(long millis, Runnable action, CompletableFuture<T> future) {
        timer.schedule(action, millis, TimeUnit.MILLISECONDS);
        return future;
    }

    private CompletableFuture<PopResult> failLater(long millis, Exception e) {
        CompletableFuture<PopResult> f = new CompletableFuture<>();
        return later(millis, () -> f.completeExceptionally(e), f);
    }

    private CompletableFuture<PopResult> notFoundAfterPoll(PopMessageRequestHeader header) {
        CompletableFuture<PopResult> f = new CompletableFuture<>();
        return later(header.getPollTime(), () -> f.complete(notFound()), f);
    }

    private static HttpProxyException proxyException(Throwable t) {
        Throwable cause = ErrorMapper.unwrap(t);
        assertTrue("not an HttpProxyException: " + cause, cause instanceof HttpProxyException);
        return (HttpProxyException) cause;
    }

    @Test
    public void receiveIsServedByTheLiveBrokerWhileTheOtherRefusesConnections() throws Exception {
        when(client.popMessageAsync(eq(A), anyString(), any(), anyLong()))
            .thenAnswer(inv -> CompletableFuture.completedFuture(found("broker-a", 7)));
        when(client.popMessageAsync(eq(B), anyString(), any(), anyLong()))
            .thenAnswer(inv -> CompletableFuture.failedFuture(new RemotingConnectException(B)));

        for (int i = 0; i < 6; i++) {
            List<ConsumedMessage> messages = consumer.receive(receiveRequest(2000)).get(5, TimeUnit.SECONDS);
            assertEquals(1, messages.size());
            assertEquals("broker-a", messages.get(0).brokerName());
        }
        assertTrue(cluster.faults().isFaulty(B));
        verify(client, times(1)).popMessageAsync(eq(B), anyString(), any(), anyLong());
    }

    @Test
    public void longPollWhoseBrokerDiesGoesOnWithTheOtherBrokerUntilItsWaitIsOver() throws Exception {
        when(client.popMessageAsync(eq(A), anyString(), noWait(), anyLong()))
            .thenAnswer(inv -> CompletableFuture.completedFuture(notFound()));
        when(client.popMessageAsync(eq(A), anyString(), longPoll(), anyLong()))
            .thenAnswer(inv -> failLater(300, new RemotingSendRequestException(A)));
        when(client.popMessageAsync(eq(B), anyString(), noWait(), anyLong()))
            .thenAnswer(inv -> CompletableFuture.completedFuture(notFound()));
        when(client.popMessageAsync(eq(B), anyString(), longPoll(), anyLong()))
            .thenAnswer(inv -> notFoundAfterPoll(inv.getArgument(2)));

        long start = System.nanoTime();
        List<ConsumedMessage> messages = consumer.receive(receiveRequest(1500)).get(10, TimeUnit.SECONDS);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(Collections.emptyList(), messages);
        assertTrue("answered after " + tookMillis + " ms, before the wait was over", tookMillis >= 1400);
        verify(client, times(1)).popMessageAsync(eq(A), anyString(), longPoll(), anyLong());
        verify(client, atLeastOnce()).popMessageAsync(eq(B), anyString(), longPoll(), anyLong());
        assertTrue(cluster.faults().isFaulty(A));
    }

    @Test
    public void receiveIsAnsweredAfterItsWaitWhenItsBrokerGoesSilentAndLateMessagesAreGivenBack() throws Exception {
        doReturn(CompletableFuture.completedFuture(Routes.route(Routes.broker("broker-a", A)))).when(cluster).route(TOPIC);
        CompletableFuture<PopResult> silent = new CompletableFuture<>();
        when(client.popMessageAsync(eq(A), anyString(), any(), anyLong())).thenReturn(silent);
        when(client.changeInvisibleTimeAsync(eq(A), anyString(), any(), anyLong())).thenAnswer(inv -> {
            AckResult ok = new AckResult();
            ok.setStatus(AckStatus.OK);
            ok.setExtraInfo(checkpoint("broker-a", 7));
            return CompletableFuture.completedFuture(ok);
        });

        List<ConsumedMessage> messages = consumer.receive(receiveRequest(500)).get(10, TimeUnit.SECONDS);

        assertEquals(Collections.emptyList(), messages);
        assertTrue("answered while the broker still owed its answer", !silent.isDone());
        silent.complete(found("broker-a", 7));
        verify(client, timeout(5000)).changeInvisibleTimeAsync(eq(A), eq("broker-a"),
            argThat(h -> h != null && h.getInvisibleTime() == 0), anyLong());
    }

    @Test
    public void receiveFailsWithBrokerUnavailableOnlyWhenNoBrokerAnswers() throws Exception {
        when(client.popMessageAsync(anyString(), anyString(), any(), anyLong()))
            .thenAnswer(inv -> CompletableFuture.failedFuture(new RemotingConnectException(inv.getArgument(0))));
        for (int i = 0; i < 3; i++) {
            try {
                consumer.receive(receiveRequest(2000)).get(5, TimeUnit.SECONDS);
                fail("a receive without any broker answered");
            } catch (ExecutionException e) {
                HttpProxyException error = proxyException(e);
                assertEquals(ErrorCode.BROKER_UNAVAILABLE, error.getErrorCode());
                assertEquals("no broker of topic [orders] answers; retry later", error.getMessage());
            }
        }
        // the first receive found both brokers dead; the others did not ask them again during the back-off
        verify(client, times(1)).popMessageAsync(eq(A), anyString(), any(), anyLong());
        verify(client, times(1)).popMessageAsync(eq(B), anyString(), any(), anyLong());
    }

    @Test
    public void ackOfAnUnreachableBrokersHandleFailsThatEntryAloneAndRetryableCode() throws Exception {
        when(client.ackMessageAsync(eq(A), any(), anyLong())).thenAnswer(inv -> {
            AckResult ok = new AckResult();
            ok.setStatus(AckStatus.OK);
            return CompletableFuture.completedFuture(ok);
        });
        when(client.ackMessageAsync(eq(B), any(), anyLong()))
            .thenAnswer(inv -> CompletableFuture.failedFuture(new RemotingConnectException(B)));
        String ofA = HANDLES.encode(GROUP, TOPIC, checkpoint("broker-a", 1) + " 1001");
        String ofB = HANDLES.encode(GROUP, TOPIC, checkpoint("broker-b", 2) + " 1002");
        String ofB2 = HANDLES.encode(GROUP, TOPIC, checkpoint("broker-b", 3) + " 1003");

        List<Throwable> results = consumer.ack(TOPIC, GROUP, Arrays.asList(ofA, ofB)).get(5, TimeUnit.SECONDS);
        assertNull(results.get(0));
        HttpProxyException error = proxyException(results.get(1));
        assertEquals(ErrorCode.BROKER_UNAVAILABLE, error.getErrorCode());
        assertEquals("broker [broker-b] is unreachable; retry later", error.getMessage());

        // while it backs off, acks of its handles are answered at once, without a connection attempt
        results = consumer.ack(TOPIC, GROUP, Arrays.asList(ofB2, ofA)).get(5, TimeUnit.SECONDS);
        assertEquals(ErrorCode.BROKER_UNAVAILABLE, proxyException(results.get(0)).getErrorCode());
        assertNull(results.get(1));
        verify(client, times(1)).ackMessageAsync(eq(B), any(), anyLong());
    }

    @Test
    public void ackOfAHandleWhoseBrokerLeftTheRouteFailsWithBrokerUnavailable() throws Exception {
        doReturn(CompletableFuture.completedFuture(Routes.route(Routes.broker("broker-a", A)))).when(cluster).route(TOPIC);
        String ofB = HANDLES.encode(GROUP, TOPIC, checkpoint("broker-b", 2) + " 1002");
        List<Throwable> results = consumer.ack(TOPIC, GROUP, Collections.singletonList(ofB)).get(5, TimeUnit.SECONDS);
        assertEquals("broker [broker-b] is unreachable; retry later", proxyException(results.get(0)).getMessage());
        verify(client, never()).ackMessageAsync(anyString(), any(), anyLong());
    }

    @Test
    public void leaseChangeOfAnUnreachableBrokersHandleFailsWithBrokerUnavailable() throws Exception {
        when(client.changeInvisibleTimeAsync(eq(B), anyString(), any(), anyLong()))
            .thenAnswer(inv -> CompletableFuture.failedFuture(new RemotingConnectException(B)));
        String ofB = HANDLES.encode(GROUP, TOPIC, checkpoint("broker-b", 2) + " 1002");
        try {
            consumer.changeInvisibility(TOPIC, GROUP, ofB, 0).get(5, TimeUnit.SECONDS);
            fail("a lease change on a dead broker succeeded");
        } catch (ExecutionException e) {
            HttpProxyException error = proxyException(e);
            assertEquals(ErrorCode.BROKER_UNAVAILABLE, error.getErrorCode());
            assertEquals("broker [broker-b] is unreachable; retry later", error.getMessage());
        }
    }

    @Test
    public void singleBrokerTopicProbesItsBrokerWithoutWaitingAfterTheBackoff() throws Exception {
        doReturn(CompletableFuture.completedFuture(Routes.route(Routes.broker("broker-a", A)))).when(cluster).route(TOPIC);
        cluster.faults().onFailure(A);
        cluster.faults().retryNow(A);
        when(client.popMessageAsync(eq(A), anyString(), any(), anyLong()))
            .thenAnswer(inv -> CompletableFuture.completedFuture(found("broker-a", 3)));
        List<ConsumedMessage> messages = consumer.receive(receiveRequest(20_000)).get(5, TimeUnit.SECONDS);
        assertEquals(1, messages.size());
        verify(client).popMessageAsync(eq(A), anyString(), noWait(), anyLong());
        assertTrue("the probe answered: healthy again", !cluster.faults().isFaulty(A));
    }
}
