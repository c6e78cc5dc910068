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
package org.apache.rocketmq.http.proxy.transaction;

import org.apache.rocketmq.common.sysflag.MessageSysFlag;

/**
 * How a transaction ends, with the status the API answers and the broker's flag for it.
 */
public enum TransactionAction {
    COMMIT("COMMITTED", MessageSysFlag.TRANSACTION_COMMIT_TYPE),
    ROLLBACK("ROLLED_BACK", MessageSysFlag.TRANSACTION_ROLLBACK_TYPE);

    private final String status;
    private final int brokerFlag;

    TransactionAction(String status, int brokerFlag) {
        this.status = status;
        this.brokerFlag = brokerFlag;
    }

    /**
     * @return {@code COMMITTED} or {@code ROLLED_BACK}
     */
    public String status() {
        return status;
    }

    int brokerFlag() {
        return brokerFlag;
    }

    /**
     * @return the action of that name, or null when there is none
     */
    public static TransactionAction parse(String name) {
        for (TransactionAction a : values()) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        return null;
    }
}
