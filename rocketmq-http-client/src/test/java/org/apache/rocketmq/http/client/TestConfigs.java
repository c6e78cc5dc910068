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

import java.time.Duration;

/** Configurations with short timeouts and backoffs, so that tests of failures stay fast. */
final class TestConfigs {
    private TestConfigs() {
    }

    static ClientConfig.Builder fast(String... endpoints) {
        return ClientConfig.builder()
            .endpoints(endpoints)
            .connectTimeout(Duration.ofSeconds(2))
            .requestTimeout(Duration.ofSeconds(5))
            .retryPolicy(RetryPolicy.builder().maxAttempts(3).fixedBackoff(Duration.ofMillis(10)).build());
    }
}
