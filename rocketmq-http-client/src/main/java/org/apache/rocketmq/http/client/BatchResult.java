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

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a batch request, one {@link Entry} per item of the request, in request order.
 * Some entries may have failed while others succeeded (the proxy then answers HTTP 207); the batch
 * call itself throws only when the request as a whole failed.
 *
 * <pre>{@code
 * BatchResult<SendReceipt> result = producer.sendBatch(messages);
 * for (BatchResult.Entry<SendReceipt> entry : result.entries()) {
 *     if (!entry.isSuccess()) {
 *         log.warn("message {} failed: {}", entry.index(), entry.error().error());
 *     }
 * }
 * }</pre>
 *
 * <p>Items that failed are not retried by the SDK. Immutable and thread-safe.
 *
 * @param <T> the value of a successful entry: a {@link SendReceipt} for sends, the receipt handle
 *     for acks
 */
public final class BatchResult<T> {
    private final List<Entry<T>> entries;

    /**
     * Creates a result; the SDK does this from the proxy's answer, tests may do it for fakes.
     *
     * @param entries the entries in request order, each with the index of its position
     * @throws IllegalArgumentException if an entry's index is not its position
     */
    public BatchResult(List<Entry<T>> entries) {
        List<Entry<T>> copy = new ArrayList<>(Objects.requireNonNull(entries, "entries"));
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i).index() != i) {
                throw new IllegalArgumentException("entry " + i + " has index " + copy.get(i).index());
            }
        }
        this.entries = Collections.unmodifiableList(copy);
    }

    /**
     * Returns all entries in request order.
     *
     * @return an unmodifiable list, as long as the request
     */
    public List<Entry<T>> entries() {
        return entries;
    }

    /**
     * Returns the entry for one item of the request.
     *
     * @param index the position of the item in the request
     * @return its entry
     * @throws IndexOutOfBoundsException if there is no such item
     */
    public Entry<T> get(int index) {
        return entries.get(index);
    }

    /**
     * Returns the number of entries.
     *
     * @return the size of the request
     */
    public int size() {
        return entries.size();
    }

    /**
     * Tells whether every item succeeded.
     *
     * @return {@code true} when no entry failed
     */
    public boolean isAllSucceeded() {
        for (Entry<T> entry : entries) {
            if (!entry.isSuccess()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the failed entries.
     *
     * @return the entries that failed, in request order
     */
    public List<Entry<T>> failures() {
        List<Entry<T>> failures = new ArrayList<>();
        for (Entry<T> entry : entries) {
            if (!entry.isSuccess()) {
                failures.add(entry);
            }
        }
        return failures;
    }

    @Override
    public String toString() {
        return "BatchResult" + entries;
    }

    /**
     * The outcome of one item of a batch: a value or an error. Immutable and thread-safe.
     *
     * @param <T> the type of the value
     */
    public static final class Entry<T> {
        private final int index;
        private final T value;
        private final HttpProxyClientException error;

        private Entry(int index, T value, HttpProxyClientException error) {
            if (index < 0) {
                throw new IllegalArgumentException("index must not be negative: " + index);
            }
            this.index = index;
            this.value = value;
            this.error = error;
        }

        /**
         * Creates a successful entry.
         *
         * @param index the position of the item in the request
         * @param value the value
         * @param <T> the type of the value
         * @return the entry
         */
        public static <T> Entry<T> success(int index, T value) {
            return new Entry<>(index, Objects.requireNonNull(value, "value"), null);
        }

        /**
         * Creates a failed entry.
         *
         * @param index the position of the item in the request
         * @param error why the item failed
         * @param <T> the type of the value
         * @return the entry
         */
        public static <T> Entry<T> failure(int index, HttpProxyClientException error) {
            return new Entry<>(index, null, Objects.requireNonNull(error, "error"));
        }

        /**
         * Returns the position of the item in the request.
         *
         * @return the index, from 0
         */
        public int index() {
            return index;
        }

        /**
         * Tells whether the item succeeded.
         *
         * @return {@code true} when {@link #value()} is available
         */
        public boolean isSuccess() {
            return error == null;
        }

        /**
         * Returns the value of a successful item.
         *
         * @return the value
         * @throws HttpProxyClientException the item's {@link #error()} if it failed
         */
        public T value() {
            if (error != null) {
                throw error;
            }
            return value;
        }

        /**
         * Returns why the item failed: the exception the proxy's error entry maps to (for example a
         * {@link ReceiptHandleExpiredException} for code 41000).
         *
         * @return the error, or {@code null} if the item succeeded
         */
        public HttpProxyClientException error() {
            return error;
        }

        @Override
        public String toString() {
            return isSuccess() ? index + ":" + value : index + ":" + error.getMessage();
        }
    }
}
