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
package org.apache.rocketmq.http.client;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

public class ClientConfigTest {

    @Test
    public void buildRequiresAnEndpoint() {
        assertThrows(IllegalStateException.class, () -> ClientConfig.builder().build());
    }

    @Test
    public void endpointsMustBeAbsoluteHttpOrHttpsUris() {
        ClientConfig.Builder builder = ClientConfig.builder();
        assertThrows(IllegalArgumentException.class, () -> builder.endpoints("ftp://proxy:8181"));
        assertThrows(IllegalArgumentException.class, () -> builder.endpoints("proxy:8181"));
        assertThrows(IllegalArgumentException.class, () -> builder.endpoints("http:///no-host"));
        assertThrows(IllegalArgumentException.class, () -> builder.endpoints("http://proxy:8181?x=1"));
        assertThrows(IllegalArgumentException.class, () -> builder.endpoints("http://user@proxy:8181"));
        assertThrows(IllegalArgumentException.class, () -> builder.endpoints());
    }

    @Test
    public void endpointsKeepTheirPathPrefixWithoutTrailingSlashAndDropDuplicates() {
        ClientConfig config = ClientConfig.builder()
            .endpoints("http://proxy-1:8181/", "HTTPS://proxy-2/gateway/rocketmq/", "http://proxy-1:8181")
            .build();
        assertEquals(Arrays.asList(URI.create("http://proxy-1:8181"), URI.create("https://proxy-2/gateway/rocketmq")),
            config.endpoints());
    }

    @Test
    public void settersRejectInvalidValuesWhenCalled() {
        ClientConfig.Builder builder = ClientConfig.builder();
        assertThrows(IllegalArgumentException.class, () -> builder.connectTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> builder.requestTimeout(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> builder.markDownDuration(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> builder.producerGroup("bad group"));
        assertThrows(IllegalArgumentException.class, () -> builder.credentials("", "secret"));
        assertThrows(IllegalArgumentException.class, () -> builder.userAgent("agent\n"));
        assertThrows(NullPointerException.class, () -> builder.retryPolicy(null));
    }

    @Test
    public void secretKeyIsStoredButNeverPrinted() {
        ClientConfig config = ClientConfig.builder().endpoints("http://proxy:8181").credentials("ak", "sk-secret").build();
        assertEquals("ak", config.accessKey().orElseThrow());
        assertEquals("sk-secret", config.secretKey().orElseThrow());
        assertFalse(config.toString().contains("sk-secret"));
    }

    @Test
    public void configIsUnaffectedByLaterBuilderChanges() {
        ClientConfig.Builder builder = ClientConfig.builder().endpoints("http://proxy-1:8181").producerGroup("GroupA");
        ClientConfig first = builder.build();
        builder.endpoints("http://proxy-2:8181").producerGroup("GroupB");
        ClientConfig derived = first.toBuilder().requestTimeout(Duration.ofSeconds(9)).build();

        assertEquals(URI.create("http://proxy-1:8181"), first.endpoints().get(0));
        assertEquals("GroupA", first.producerGroup().orElseThrow());
        assertEquals(Duration.ofSeconds(9), derived.requestTimeout());
        assertEquals(first.endpoints(), derived.endpoints());
        assertThrows(UnsupportedOperationException.class, () -> first.endpoints().add(URI.create("http://x")));
    }

    @Test
    public void userAgentNamesTheSdk() {
        assertTrue(ClientConfig.builder().endpoints("http://proxy").build().userAgent().startsWith("rocketmq-http-client-java/"));
    }

    @Test
    public void aDiscoveryUrlAloneIsEnoughAndEndpointsBecomeSeeds() {
        ClientConfig config = ClientConfig.builder().discovery("http://namesrv:9880/").zone("zone-a").build();
        assertEquals(URI.create("http://namesrv:9880"), config.discovery().orElseThrow());
        assertTrue(config.endpoints().isEmpty());
        assertEquals("zone-a", config.zone().orElseThrow());
        assertEquals(Duration.ofSeconds(30), config.discoveryInterval());
        ClientConfig derived = config.toBuilder().endpoints("http://seed:8181").discoveryInterval(Duration.ofSeconds(5)).build();
        assertEquals(config.discovery(), derived.discovery());
        assertEquals(1, derived.endpoints().size());
        assertEquals(Duration.ofSeconds(5), derived.discoveryInterval());
        assertTrue(derived.toString(), derived.toString().contains("discovery=http://namesrv:9880"));
    }

    @Test
    public void discoverySettingsAreChecked() {
        ClientConfig.Builder builder = ClientConfig.builder();
        assertThrows(IllegalArgumentException.class, () -> builder.discovery("namesrv:9876"));
        assertThrows(IllegalArgumentException.class, () -> builder.discovery("http://namesrv:9880/?x=1"));
        assertThrows(IllegalArgumentException.class, () -> builder.zone("zone a"));
        assertThrows(IllegalArgumentException.class, () -> builder.discoveryInterval(Duration.ZERO));
    }
}
