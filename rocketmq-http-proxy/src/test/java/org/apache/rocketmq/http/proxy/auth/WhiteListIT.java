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
package org.apache.rocketmq.http.proxy.auth;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.test.AclTestCluster;
import org.apache.rocketmq.http.proxy.test.RawHttpConnection;
import org.apache.rocketmq.http.proxy.test.RequestSigner;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import static org.junit.Assert.assertEquals;

/**
 * White-listed addresses are accepted without credentials, as on brokers: an address of the global
 * list may do everything, an account's address is that account with its permissions. The address is
 * the TCP peer's (clients here connect from other loopback addresses); a forwarded-for header is never
 * trusted.
 */
public class WhiteListIT {
    private static final String PUBLISHER_ADDRESS = "127.0.0.2";
    private static final String TRUSTED_ADDRESS = "127.0.0.3";
    private static String topic;
    private static String group;
    private static HttpProxyController proxy;

    @BeforeClass
    public static void start() {
        topic = AclTestCluster.newTopic("WhiteTopic");
        group = AclTestCluster.newGroup("GID_white");
        Path acl = AclTestCluster.writeProxyAcl(String.join("\n",
            "globalWhiteRemoteAddresses:",
            "  - " + TRUSTED_ADDRESS,
            "accounts:",
            "  - accessKey: whitePublisher",
            "    secretKey: whitePublisherSecret",
            "    whiteRemoteAddress: 127.0.0.{2,20}",
            "    defaultTopicPerm: PUB",
            "    defaultGroupPerm: DENY",
            ""));
        proxy = AclTestCluster.startProxy(acl, c -> { });
    }

    @AfterClass
    public static void stop() {
        if (proxy != null) {
            proxy.shutdown();
        }
    }

    private static RawHttpConnection.Response request(String from, String method, String path, Map<String, String> headers,
        String body) throws Exception {
        try (RawHttpConnection c = new RawHttpConnection(proxy.port(), from)) {
            return c.exchange(method, path, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static RawHttpConnection.Response produce(String from, Map<String, String> headers) throws Exception {
        return request(from, "POST", "/v1/topics/" + topic + "/messages", headers, "{\"body\":\"from " + from + "\"}");
    }

    private static RawHttpConnection.Response receive(String from) throws Exception {
        return request(from, "GET", "/v1/topics/" + topic + "/messages?group=" + group + "&waitSeconds=0", Map.of(), null);
    }

    @Test
    public void anAccountsAddressActsAsThatAccountWithItsPermissions() throws Exception {
        long before = AclTestCluster.storedMessages(topic);
        RawHttpConnection.Response r = produce(PUBLISHER_ADDRESS, Map.of("Content-Type", "application/json"));
        assertEquals(r.toString(), 200, r.status);
        assertEquals(before + 1, AclTestCluster.storedMessages(topic));
        assertEquals("its account may not consume", 403, receive(PUBLISHER_ADDRESS).status);
    }

    @Test
    public void aGloballyWhiteListedAddressMayDoEverything() throws Exception {
        assertEquals(200, produce(TRUSTED_ADDRESS, Map.of("Content-Type", "application/json")).status);
        RawHttpConnection.Response r = receive(TRUSTED_ADDRESS);
        assertEquals(r.toString(), 200, r.status);
    }

    @Test
    public void otherAddressesNeedCredentialsWhateverTheyClaim() throws Exception {
        assertEquals(401, produce("127.0.0.1", Map.of("Content-Type", "application/json")).status);
        assertEquals(401, produce("127.0.0.1", Map.of("Content-Type", "application/json",
            "X-Forwarded-For", TRUSTED_ADDRESS, "X-Real-IP", TRUSTED_ADDRESS, "Forwarded", "for=" + TRUSTED_ADDRESS)).status);
        assertEquals(401, receive("127.0.0.4").status);
    }

    @Test
    public void credentialsSentFromAWhiteListedAddressAreStillChecked() throws Exception {
        String body = "{\"body\":\"from " + TRUSTED_ADDRESS + "\"}";
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Content-Type", "application/json"));
        headers.putAll(new RequestSigner("whitePublisher", "wrongSecret").sign("POST", "/v1/topics/" + topic + "/messages",
            "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of()));
        assertEquals(401, produce(TRUSTED_ADDRESS, headers).status);
    }
}
