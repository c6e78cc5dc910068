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
package org.apache.rocketmq.http.namesrv.protocol;

import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

public class HttpProxyInfoTest {
    private static HttpProxyInfo valid() {
        return new HttpProxyInfo("HttpProxy-1a2b", "DefaultCluster", "http://10.0.0.5:8181", "zone-a", "1.0.0-SNAPSHOT", 1, 2);
    }

    @Test
    public void aValidRecordHasNoProblemAndSurvivesTheWireFormat() {
        HttpProxyInfo info = valid();
        assertNull(info.problem());
        HttpProxyInfo decoded = HttpProxyInfo.decode(info.encode(), HttpProxyInfo.class);
        assertEquals(info.toString(), decoded.toString());
        assertNull(decoded.problem());
    }

    @Test
    public void everyFieldIsChecked() {
        HttpProxyInfo info = valid();
        info.setId("has space");
        assertNotNull(info.problem());
        info = valid();
        info.setCluster("");
        assertNotNull(info.problem());
        info = valid();
        info.setZone("zone\nb");
        assertNotNull(info.problem());
        info = valid();
        info.setVersion("1.0 beta");
        assertNotNull(info.problem());
        info = valid();
        info.setStartTime(-1);
        assertNotNull(info.problem());
        info = valid();
        info.setZone(null);
        info.setVersion(null);
        assertNull(info.problem());
    }

    @Test
    public void onlyPlainHttpUrlsAreAccepted() {
        assertNull(HttpProxyInfo.urlProblem("https://proxy.example.com/rocketmq"));
        assertNull(HttpProxyInfo.urlProblem("http://[::1]:8181"));
        assertNotNull(HttpProxyInfo.urlProblem("javascript:alert(1)"));
        assertNotNull(HttpProxyInfo.urlProblem("ftp://host/"));
        assertNotNull(HttpProxyInfo.urlProblem("http://user:pw@host:8181"));
        assertNotNull(HttpProxyInfo.urlProblem("http://host:8181/?x=1"));
        assertNotNull(HttpProxyInfo.urlProblem("http:///path"));
        assertNotNull(HttpProxyInfo.urlProblem("http://host/" + "a".repeat(HttpProxyInfo.MAX_URL_LENGTH)));
        assertNotNull(HttpProxyInfo.urlProblem(null));
    }
}
