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

import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.http.proxy.config.AuthConfig;
import org.apache.rocketmq.remoting.RPCHook;

/**
 * The proxy's own account on ACL-enabled brokers ({@code brokerAccessKey} / {@code brokerSecretKey}):
 * every RocketMQ client the proxy creates signs its requests with it. Callers' credentials never reach
 * a broker. A broker refusing this identity is the proxy's misconfiguration: {@code ErrorMapper} answers
 * it with a 500 and logs it naming these settings.
 */
public final class BrokerIdentity {
    private BrokerIdentity() {
    }

    /**
     * @return the hook that signs requests to brokers, or null when no broker credentials are set
     */
    public static RPCHook rpcHook(AuthConfig config) {
        if (config.getBrokerAccessKey() == null || config.getBrokerAccessKey().isEmpty()) {
            return null;
        }
        return new AclClientRPCHook(new SessionCredentials(config.getBrokerAccessKey(), config.getBrokerSecretKey()));
    }
}
