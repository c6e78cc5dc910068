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

/**
 * The transaction handle can no longer end its transaction: it is older than the proxies'
 * {@code transactionHandleTtlSeconds}, or the broker no longer holds the half message
 * ({@code TRANSACTION_HANDLE_EXPIRED}, 41001). The transaction stays open until the broker's next
 * check asks about it, with a fresh handle.
 *
 * <p>HTTP status 410 with code 41001 (other 410s are {@link ReceiptHandleExpiredException}).
 * {@link #isRetryable()} is {@code false}.
 */
public final class TransactionHandleExpiredException extends HttpProxyClientException {
    private static final long serialVersionUID = 1L;

    /** The contract's code of an expired transaction handle. */
    public static final int CODE = 41001;

    /**
     * Creates the exception from the fields of the proxy's error body.
     *
     * @param code the contract's numeric code; 0 or less means {@code 41000}
     * @param error the contract's symbolic name; {@code null} means {@code TRANSACTION_HANDLE_EXPIRED}
     * @param message the proxy's message, may be {@code null}
     * @param requestId the id of the request, may be {@code null}
     */
    public TransactionHandleExpiredException(int code, String error, String message, String requestId) {
        super(410, code, error != null ? error : "TRANSACTION_HANDLE_EXPIRED", message, requestId, false, null);
    }
}
