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

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.impl.mqclient.MQClientAPIExt;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.ErrorMapper;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.http.proxy.test.Routes;
import org.apache.rocketmq.remoting.exception.RemotingConnectException;
import org.apache.rocketmq.remoting.exception.RemotingTimeoutException;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig;
import org.junit.After;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Consumer group lookups over the brokers of a topic, one of which does not answer, and routes that
 * follow the brokers registered at the nameserver.
 */
public class ClusterServiceTest {
    private static final String A = "10.0.0.1:10911";
    private static final String B = "10.0.0.2:10911";

    private final MQClientAPIExt client = mock(MQClientAPIExt.class);
    private final ClusterService cluster = new ClusterService(new HttpProxyConfig(), "test", new ProxyMetrics(), client);
    private final List<BrokerData> brokers = Arrays.asList(Routes.broker("broker-a", A), Routes.broker("broker-b", B));

    @After
    public void tearDown() {
        cluster.shutdown();
    }

    private static SubscriptionGroupConfig group(String name) {
        SubscriptionGroupConfig config = new SubscriptionGroupConfig();
        config.setGroupName(name);
        return config;
    }

    @Test
    public void brokerThatLeavesTheNameserversViewLeavesTheCachedRoutesAtOnce() throws Exception {
        TopicRouteData both = Routes.route(Routes.broker("broker-a", A), Routes.broker("broker-b", B));
        TopicRouteData onlyA = Routes.route(Routes.broker("broker-a", A));
        when(client.getTopicRouteInfoFromNameServer(eq("orders"), anyLong(), eq(false))).thenReturn(both, onlyA);
        when(client.getBrokerClusterInfo(anyLong())).thenReturn(
            Routes.clusterInfo(Routes.broker("broker-a", A), Routes.broker("broker-b", B)),
            Routes.clusterInfo(Routes.broker("broker-a", A)));
        assertEquals(2, cluster.route("orders").get(5, TimeUnit.SECONDS).getBrokerDatas().size());

        cluster.start();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (cluster.route("orders").get(5, TimeUnit.SECONDS).getBrokerDatas().size() != 1) {
            assertTrue("the route still names broker-b", System.nanoTime() < deadline);
            Thread.sleep(20);
        }
        assertEquals(Collections.singletonList("broker-b"), cluster.departedBrokers("orders"));
    }

    @Test
    public void brokenConnectionFailsTheRequestsStillWaitingOnThatBrokerAtOnce() throws Exception {
        CompletableFuture<String> neverAnswered = new CompletableFuture<>();
        CompletableFuture<String> waitingOnA = cluster.tracked(A, false, () -> neverAnswered);
        CompletableFuture<String> waitingOnB = cluster.tracked(B, false, CompletableFuture::new);

        CompletableFuture<String> refused = cluster.tracked(A, false,
            () -> CompletableFuture.failedFuture(new RemotingConnectException(A)));

        assertTrue(refused.isCompletedExceptionally());
        try {
            waitingOnA.get(1, TimeUnit.SECONDS);
            fail("a request waiting on a broker whose connection broke was not failed");
        } catch (ExecutionException e) {
            assertTrue(String.valueOf(e.getCause()), ErrorMapper.isBrokerUnreachable(e.getCause()));
        }
        assertFalse("another broker's requests go on", waitingOnB.isDone());
        assertTrue(cluster.faults().isFaulty(A));

        // the broker's answer after all changes nothing
        neverAnswered.complete("late");
        assertTrue(waitingOnA.isCompletedExceptionally());
    }

    @Test
    public void timeoutFailsOnlyItsOwnRequest() throws Exception {
        CompletableFuture<String> waiting = cluster.tracked(A, false, CompletableFuture::new);
        CompletableFuture<String> timedOut = cluster.tracked(A, false,
            () -> CompletableFuture.failedFuture(new RemotingTimeoutException("no answer")));

        assertTrue(timedOut.isCompletedExceptionally());
        assertFalse("a slow answer is no broken connection", waiting.isDone());
    }

    @Test
    public void groupIsLookedUpOnTheNextBrokerWhenOneCannotBeReached() throws Exception {
        SubscriptionGroupConfig onB = group("GID");
        when(client.getSubscriptionGroupConfig(eq(A), eq("GID"), anyLong())).thenThrow(new RemotingConnectException(A));
        when(client.getSubscriptionGroupConfig(eq(B), eq("GID"), anyLong())).thenReturn(onB);

        assertSame(onB, cluster.group(brokers, "GID").get(5, TimeUnit.SECONDS));
        assertTrue(cluster.faults().isFaulty(A));
    }

    @Test
    public void brokerThatFailedIsAskedLast() throws Exception {
        cluster.faults().onFailure(A);
        SubscriptionGroupConfig onB = group("GID");
        when(client.getSubscriptionGroupConfig(eq(B), eq("GID"), anyLong())).thenReturn(onB);

        assertSame(onB, cluster.group(brokers, "GID").get(5, TimeUnit.SECONDS));
        verify(client, never()).getSubscriptionGroupConfig(eq(A), eq("GID"), anyLong());
    }

    @Test
    public void groupUnknownToTheBrokerThatAnswersIsNotFound() throws Exception {
        when(client.getSubscriptionGroupConfig(eq(A), eq("GID_missing"), anyLong()))
            .thenThrow(new MQBrokerException(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "no such group"));
        try {
            cluster.group(brokers, "GID_missing").get(5, TimeUnit.SECONDS);
            fail("a missing group was found");
        } catch (ExecutionException e) {
            Throwable cause = ErrorMapper.unwrap(e);
            assertTrue(String.valueOf(cause), cause instanceof HttpProxyException);
            assertEquals(ErrorCode.GROUP_NOT_FOUND, ((HttpProxyException) cause).getErrorCode());
        }
        verify(client, never()).getSubscriptionGroupConfig(eq(B), eq("GID_missing"), anyLong());
    }

    @Test
    public void noBrokerAnsweringIsBrokerUnavailable() throws Exception {
        when(client.getSubscriptionGroupConfig(eq(A), eq("GID"), anyLong())).thenThrow(new RemotingConnectException(A));
        when(client.getSubscriptionGroupConfig(eq(B), eq("GID"), anyLong())).thenThrow(new RemotingConnectException(B));
        try {
            cluster.group(brokers, "GID").get(5, TimeUnit.SECONDS);
            fail("a group was found on no broker");
        } catch (ExecutionException e) {
            Throwable cause = ErrorMapper.unwrap(e);
            assertEquals(ErrorCode.BROKER_UNAVAILABLE, ((HttpProxyException) cause).getErrorCode());
        }
    }
}
