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

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.apache.rocketmq.http.proxy.service.SendReceipt;

/**
 * Where the broker stored a half message, and the handle that ends its transaction. Serialized as the
 * API's answer to a half message: the fields of a send receipt, then {@code transactionHandle}.
 */
@JsonPropertyOrder({"receipt", "transactionHandle"})
public final class HalfMessageReceipt {
    private final SendReceipt receipt;
    private final String transactionHandle;

    HalfMessageReceipt(SendReceipt receipt, String transactionHandle) {
        this.receipt = receipt;
        this.transactionHandle = transactionHandle;
    }

    @JsonUnwrapped
    public SendReceipt getReceipt() {
        return receipt;
    }

    public String getTransactionHandle() {
        return transactionHandle;
    }
}
