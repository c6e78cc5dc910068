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
 * The request conflicts with what already happened: a transaction was already ended
 * ({@code TRANSACTION_ALREADY_ENDED}, 40900), on this or another proxy, so this end did nothing;
 * {@link #proxyMessage()} ends with how it was ended, {@code COMMITTED} or {@code ROLLED_BACK}. A
 * transaction is never ended twice, so a committed message is not delivered again.
 *
 * <p>HTTP status 409; {@link #code()} is {@code 40900} unless the proxy names a finer code.
 * {@link #isRetryable()} is {@code false}.
 */
public final class ConflictException extends HttpProxyClientException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception from the fields of the proxy's error body.
     *
     * @param code the contract's numeric code; 0 or less means {@code 40900}
     * @param error the contract's symbolic name; {@code null} means {@code CONFLICT}
     * @param message the proxy's message, may be {@code null}
     * @param requestId the id of the request, may be {@code null}
     */
    public ConflictException(int code, String error, String message, String requestId) {
        super(409, code, error != null ? error : "CONFLICT", message, requestId, false, null);
    }
}
