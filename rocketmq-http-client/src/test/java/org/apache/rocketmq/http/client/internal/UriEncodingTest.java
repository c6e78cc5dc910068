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
package org.apache.rocketmq.http.client.internal;

import java.time.Duration;
import org.junit.Test;

import static org.junit.Assert.assertEquals;

public class UriEncodingTest {

    @Test
    public void everythingButUnreservedCharactersIsPercentEncodedAsUtf8() {
        assertEquals("Topic_A-1.x~", UriEncoding.encode("Topic_A-1.x~"));
        assertEquals("ns%25topic%7CTagA%7C%7CTagB", UriEncoding.encode("ns%topic|TagA||TagB"));
        assertEquals("a%20%3D%20%27%C3%A9%27%2F%3F%26%2B", UriEncoding.encode("a = 'é'/?&+"));
    }

    @Test
    public void queryParametersAreJoinedAndNullOnesLeftOut() {
        ApiRequest request = ApiRequest.get("/v1/x", Duration.ofSeconds(1))
            .query("group", "G 1")
            .query("order", null)
            .query("max", 3);
        assertEquals("/v1/x?group=G%201&max=3", request.pathAndQuery());
    }
}
