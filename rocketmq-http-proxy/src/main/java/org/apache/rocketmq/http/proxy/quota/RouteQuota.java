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
package org.apache.rocketmq.http.proxy.quota;

/**
 * How flow control treats a route. The dispatcher asks the {@link QuotaEnforcer} with it once the
 * route is known; handlers never see quotas.
 */
public enum RouteQuota {
    /** Produce: the messages and bytes of the request are taken up front, all or nothing. */
    PRODUCE(0),
    /** Receive: a long poll; the messages it returns are counted, {@code max} lowered to what is left. */
    RECEIVE(16),
    /** Replay by offset: the messages it returns are counted, {@code max} lowered to what is left. */
    REPLAY(32),
    /** Other API calls (acks, leases, queue listings): the global guards only. */
    REQUEST(0),
    /** Operations endpoints (health, readiness, metrics, the API document): never refused. */
    EXEMPT(0);

    private final int defaultMax;

    RouteQuota(int defaultMax) {
        this.defaultMax = defaultMax;
    }

    /**
     * @return the contract's default of the {@code max} query parameter, 0 when the route has none
     */
    int defaultMax() {
        return defaultMax;
    }
}
