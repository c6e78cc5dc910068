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

import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.RequestCode;
import org.apache.rocketmq.remoting.protocol.SerializeType;
import org.apache.rocketmq.remoting.protocol.header.namesrv.GetRouteInfoRequestHeader;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class RemotingHeaderHookTest {
    private static RemotingCommand request() {
        GetRouteInfoRequestHeader header = new GetRouteInfoRequestHeader();
        header.setTopic("t");
        return RemotingCommand.createRequestCommand(RequestCode.GET_ROUTEINFO_BY_TOPIC, header);
    }

    @Test
    public void theBinaryFormIsTheDefaultAndJsonCanBeChosenInAnyCase() {
        HttpProxyConfig config = new HttpProxyConfig();
        assertEquals(SerializeType.ROCKETMQ, RemotingHeaderHook.of(config).type());
        config.getRocketmq().setRemotingSerializeType(" json ");
        assertEquals(SerializeType.JSON, RemotingHeaderHook.of(config).type());
        config.getRocketmq().setRemotingSerializeType("RocketMQ");
        assertEquals(SerializeType.ROCKETMQ, RemotingHeaderHook.of(config).type());
    }

    @Test
    public void anyOtherFormIsRefusedByName() {
        for (String value : new String[] {"", "XML", "rocketmq2", null}) {
            HttpProxyConfig config = new HttpProxyConfig();
            config.getRocketmq().setRemotingSerializeType(value);
            try {
                RemotingHeaderHook.of(config);
                fail("accepted [" + value + "]");
            } catch (IllegalArgumentException e) {
                assertEquals("remotingSerializeType must be ROCKETMQ or JSON, got [" + value + "]", e.getMessage());
            }
        }
    }

    @Test
    public void eachRequestGetsTheFormWhateverTheJvmDefault() {
        RemotingCommand toBinary = request();
        toBinary.setSerializeTypeCurrentRPC(SerializeType.JSON);
        new RemotingHeaderHook(SerializeType.ROCKETMQ, null).doBeforeRequest("127.0.0.1:10911", toBinary);
        assertEquals(SerializeType.ROCKETMQ, toBinary.getSerializeTypeCurrentRPC());

        RemotingCommand toJson = request();
        toJson.setSerializeTypeCurrentRPC(SerializeType.ROCKETMQ);
        new RemotingHeaderHook(SerializeType.JSON, null).doBeforeRequest("127.0.0.1:10911", toJson);
        assertEquals(SerializeType.JSON, toJson.getSerializeTypeCurrentRPC());
    }

    @Test
    public void requestsWhoseCodeTheBinaryFormCannotCarryStayJson() {
        RemotingHeaderHook hook = new RemotingHeaderHook(SerializeType.ROCKETMQ, null);
        for (int code : new int[] {RequestCode.POP_MESSAGE, RequestCode.ACK_MESSAGE, RequestCode.CHANGE_MESSAGE_INVISIBLETIME,
            RequestCode.BATCH_ACK_MESSAGE, Short.MAX_VALUE + 1}) {
            RemotingCommand request = RemotingCommand.createRequestCommand(code, null);
            hook.doBeforeRequest("127.0.0.1:10911", request);
            assertEquals("code " + code, SerializeType.JSON, request.getSerializeTypeCurrentRPC());
        }
        for (int code : new int[] {RequestCode.SEND_MESSAGE_V2, RequestCode.SEND_BATCH_MESSAGE, RequestCode.END_TRANSACTION,
            Short.MAX_VALUE}) {
            RemotingCommand request = RemotingCommand.createRequestCommand(code, null);
            hook.doBeforeRequest("127.0.0.1:10911", request);
            assertEquals("code " + code, SerializeType.ROCKETMQ, request.getSerializeTypeCurrentRPC());
        }
    }

    @Test
    public void withBrokerCredentialsTheRequestIsAlsoSignedAndWithoutThemNot() {
        HttpProxyConfig config = new HttpProxyConfig();
        RemotingCommand unsigned = request();
        RemotingHeaderHook.of(config).doBeforeRequest("127.0.0.1:10911", unsigned);
        assertTrue(unsigned.getExtFields() == null || !unsigned.getExtFields().containsKey(SessionCredentials.SIGNATURE));

        config.getAuth().setBrokerAccessKey("proxyAK");
        config.getAuth().setBrokerSecretKey("proxySecret");
        RemotingCommand signed = request();
        RemotingHeaderHook.of(config).doBeforeRequest("127.0.0.1:10911", signed);
        assertEquals(SerializeType.ROCKETMQ, signed.getSerializeTypeCurrentRPC());
        assertEquals("proxyAK", signed.getExtFields().get(SessionCredentials.ACCESS_KEY));
        assertNotNull(signed.getExtFields().get(SessionCredentials.SIGNATURE));
        assertNull(signed.getExtFields().get(SessionCredentials.SECURITY_TOKEN));
    }
}
