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
package org.apache.rocketmq.http.proxy.discovery;

import java.net.InetAddress;
import org.apache.rocketmq.http.namesrv.protocol.HttpProxyInfo;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

public class AdvertisedUrlTest {
    @Test
    public void aBoundAddressIsAdvertisedAsIs() {
        assertEquals("http://127.0.0.1:8181", AdvertisedUrl.defaultUrl("http", "127.0.0.1", 8181));
        assertEquals("https://10.1.2.3:443", AdvertisedUrl.defaultUrl("https", "10.1.2.3", 443));
        assertEquals("http://[::1]:8181", AdvertisedUrl.defaultUrl("http", "::1", 8181));
    }

    @Test
    public void aWildcardBindAdvertisesANonLoopbackAddressWhenThereIsOne() throws Exception {
        assertTrue(AdvertisedUrl.isWildcard("0.0.0.0"));
        assertTrue(AdvertisedUrl.isWildcard("::"));
        assertTrue(AdvertisedUrl.isWildcard(""));
        assertFalse(AdvertisedUrl.isWildcard("127.0.0.1"));
        String url = AdvertisedUrl.defaultUrl("http", "0.0.0.0", 8181);
        assertNull(url, HttpProxyInfo.urlProblem(url));
        String host = AdvertisedUrl.firstNonLoopbackAddress();
        InetAddress address = InetAddress.getByName(host);
        // only a host without any other address falls back to loopback
        assertTrue(host, !address.isLoopbackAddress() || host.equals("127.0.0.1"));
        assertFalse(host, address.isLinkLocalAddress() || address.isAnyLocalAddress());
    }
}
