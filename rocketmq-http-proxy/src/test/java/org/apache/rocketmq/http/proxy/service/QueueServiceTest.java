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
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.impl.mqclient.MQClientAPIExt;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.sysflag.PullSysFlag;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.remoting.protocol.header.PullMessageRequestHeader;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.junit.Before;
import org.junit.Test;
import org.mockito.ArgumentCaptor;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

public class QueueServiceTest {
    private final HttpProxyConfig config = new HttpProxyConfig();
    private final ClusterService cluster = mock(ClusterService.class);
    private final MQClientAPIExt client = mock(MQClientAPIExt.class);
    private final QueueService service = new QueueService(config, cluster);
    private final CompletableFuture<PullResult> brokerAnswer = new CompletableFuture<>();

    @Before
    public void route() {
        QueueData queues = new QueueData();
        queues.setBrokerName("broker-a");
        queues.setReadQueueNums(4);
        queues.setWriteQueueNums(4);
        queues.setPerm(PermName.PERM_READ | PermName.PERM_WRITE);
        HashMap<Long, String> addrs = new HashMap<>();
        addrs.put(MixAll.MASTER_ID, "127.0.0.1:10911");
        TopicRouteData route = new TopicRouteData();
        route.setQueueDatas(List.of(queues));
        route.setBrokerDatas(List.of(new BrokerData("c", "broker-a", addrs)));
        when(cluster.route("T")).thenReturn(CompletableFuture.completedFuture(route));
        when(cluster.client()).thenReturn(client);
        when(client.pullMessageAsync(any(), any(), anyLong())).thenReturn(brokerAnswer);
        // the call goes to the broker's master, as ClusterService does for a broker that answers
        doAnswer(call -> call.<Function<String, CompletableFuture<?>>>getArgument(2).apply("127.0.0.1:10911"))
            .when(cluster).callBroker(eq(route), eq("broker-a"), any());
    }

    private PullMessageRequestHeader sentHeader(long[] timeout) {
        ArgumentCaptor<PullMessageRequestHeader> header = ArgumentCaptor.forClass(PullMessageRequestHeader.class);
        ArgumentCaptor<Long> t = ArgumentCaptor.forClass(Long.class);
        verify(client).pullMessageAsync(eq("127.0.0.1:10911"), header.capture(), t.capture());
        timeout[0] = t.getValue();
        return header.getValue();
    }

    @Test
    public void readWithoutWaitIsAPlainPull() {
        service.read("T", "broker-a", 2, 5, 32, "G", 0);
        long[] timeout = new long[1];
        PullMessageRequestHeader header = sentHeader(timeout);
        assertFalse(PullSysFlag.hasSuspendFlag(header.getSysFlag()));
        assertFalse("stores no offset", PullSysFlag.hasCommitOffsetFlag(header.getSysFlag()));
        assertEquals(0L, header.getSuspendTimeoutMillis().longValue());
        assertEquals(config.getRocketmq().getAdminTimeoutMillis(), timeout[0]);
        assertEquals(5L, header.getQueueOffset().longValue());
        assertEquals(2, header.getQueueId().intValue());
    }

    @Test
    public void waitingReadAsksTheBrokerToHoldThePullAndAnswersNothingYetAtItsOwnDeadline() throws Exception {
        CompletableFuture<QueueService.Page> page = service.read("T", "broker-a", 1, 7, 32, "G", 200);
        long[] timeout = new long[1];
        PullMessageRequestHeader header = sentHeader(timeout);
        assertTrue(PullSysFlag.hasSuspendFlag(header.getSysFlag()));
        assertEquals(200L, header.getSuspendTimeoutMillis().longValue());
        assertTrue("the broker may answer a hold up to 5 s late: " + timeout[0], timeout[0] >= 5_200);

        // the broker never answers: the proxy does, when the wait is over
        QueueService.Page nothing = page.get(10, TimeUnit.SECONDS);
        assertTrue(nothing.messages().isEmpty());
        assertEquals(7, nothing.nextOffset());
    }

    @Test
    public void messageArrivingWhileWaitingIsTheAnswer() throws Exception {
        CompletableFuture<QueueService.Page> page = service.read("T", "broker-a", 1, 0, 32, "G", 30_000);
        MessageExt msg = new MessageExt();
        msg.setTopic("T");
        msg.setQueueId(1);
        msg.setQueueOffset(0);
        msg.setBody("just stored".getBytes(StandardCharsets.UTF_8));
        msg.setMsgId("ID0");
        brokerAnswer.complete(new PullResult(PullStatus.FOUND, 1, 0, 1, List.of(msg)));
        QueueService.Page found = page.get(5, TimeUnit.SECONDS);
        assertEquals(1, found.messages().size());
        assertEquals(1, found.nextOffset());
    }

    @Test
    public void stoppingAnswersWaitingReadsAtOnceAndLaterOnesDoNotWait() throws Exception {
        CompletableFuture<QueueService.Page> page = service.read("T", "broker-a", 3, 4, 32, "G", 30_000);
        assertFalse(page.isDone());
        service.releaseWaiting();
        QueueService.Page nothing = page.get(1, TimeUnit.SECONDS);
        assertTrue(nothing.messages().isEmpty());
        assertEquals(4, nothing.nextOffset());

        service.read("T", "broker-a", 3, 4, 32, "G", 30_000);
        ArgumentCaptor<PullMessageRequestHeader> headers = ArgumentCaptor.forClass(PullMessageRequestHeader.class);
        verify(client, times(2)).pullMessageAsync(any(), headers.capture(), anyLong());
        assertFalse(PullSysFlag.hasSuspendFlag(headers.getAllValues().get(1).getSysFlag()));
    }
}
