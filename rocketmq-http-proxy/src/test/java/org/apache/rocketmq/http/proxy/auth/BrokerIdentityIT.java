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

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.http.proxy.HttpProxyController;
import org.apache.rocketmq.http.proxy.test.AclTestCluster;
import org.apache.rocketmq.http.proxy.test.HttpTestClient;
import org.apache.rocketmq.http.proxy.test.HttpTestClient.Response;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * A broker that refuses the proxy's own identity is the proxy's misconfiguration: the caller gets a
 * 500 that names no broker internals (never a 403, which would blame the caller), {@code /ready} says
 * why, and the caller's correct credentials change nothing.
 */
public class BrokerIdentityIT {
    private static void assertNoBrokerInternals(Response r) {
        String text = r.text();
        for (String leak : List.of("AclException", "org.apache", ".java", "No acl config", "accessKey is configured",
            "wrongIdentity")) {
            assertFalse(leak + " in " + text, text.contains(leak));
        }
    }

    private static void assertRefusedIdentity(String brokerAccessKey, String brokerSecretKey) {
        String topic = AclTestCluster.newTopic("IdentityTopic");
        String group = AclTestCluster.newGroup("GID_identity");
        Path acl = AclTestCluster.writeProxyAcl(String.join("\n", "accounts:",
            "  - accessKey: callerKey01", "    secretKey: callerSecret", "    admin: true", ""));
        HttpProxyController proxy = AclTestCluster.startProxy(acl, c -> {
            c.getAuth().setBrokerAccessKey(brokerAccessKey);
            c.getAuth().setBrokerSecretKey(brokerSecretKey);
        });
        try {
            HttpTestClient http = new HttpTestClient(proxy.port()).signedAs("callerKey01", "callerSecret");
            Response produced = http.postJson("/v1/topics/" + topic + "/messages", Map.of("body", "x"));
            assertEquals(produced.toString(), 500, produced.status);
            assertEquals(50000, produced.json().get("code").asInt());
            assertTrue(produced.toString(), produced.json().get("message").asText().contains("proxy's own credentials"));
            assertNoBrokerInternals(produced);
            assertEquals(0, AclTestCluster.storedMessages(topic));

            Response received = http.get("/v1/topics/" + topic + "/messages?group=" + group + "&waitSeconds=0");
            assertEquals(received.toString(), 500, received.status);
            assertNoBrokerInternals(received);

            Response ready = http.get("/ready");
            assertEquals(ready.toString(), 503, ready.status);
            assertTrue(ready.toString(), ready.json().get("message").asText().contains("brokerAccessKey"));
        } finally {
            proxy.shutdown();
        }
    }

    @Test
    public void anUnknownBrokerIdentityIsAProxyError() {
        assertRefusedIdentity("wrongIdentity", "wrongIdentitySecret");
    }

    @Test
    public void aWrongBrokerSecretIsAProxyError() {
        assertRefusedIdentity(AclTestCluster.PROXY_ACCESS_KEY, "notTheProxysSecret");
    }

    @Test
    public void noBrokerIdentityAtAllIsAProxyError() {
        assertRefusedIdentity("", "");
    }
}
