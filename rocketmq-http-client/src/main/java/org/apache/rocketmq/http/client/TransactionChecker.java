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
 * Decides about transactions the broker asks about: half messages that were neither committed nor
 * rolled back in time (the application crashed between sending and ending, or an end failed). Like
 * RocketMQ's {@code TransactionChecker} / {@code TransactionListener#checkLocalTransaction}: look the
 * outcome of the local transaction up, typically by a key or property of the message, and answer it.
 *
 * <p>A producer built with a checker polls the checks of its transactional topics in the background
 * and ends each transaction with the checker's answer. The checker runs on the producer's checker
 * threads, may block (a database lookup), and must be thread-safe. It may be asked about the same
 * transaction more than once (the broker asks again while the transaction is open, and several
 * producers of a group share the questions), so it must answer consistently. A thrown exception or
 * {@code null} counts as {@link TransactionResolution#UNKNOWN}.
 */
@FunctionalInterface
public interface TransactionChecker {
    /**
     * Answers one question.
     *
     * @param check the half message the broker asks about
     * @return {@link TransactionResolution#COMMIT}, {@link TransactionResolution#ROLLBACK}, or
     *     {@link TransactionResolution#UNKNOWN} to be asked again later
     */
    TransactionResolution check(TransactionCheck check);
}
