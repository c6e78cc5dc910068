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

/**
 * A lightweight Java client for the RocketMQ HTTP proxy: its own HTTP/1.1 keep-alive connections on the JDK's
 * sockets and TLS, and Jackson.
 *
 * <p>Start with a {@link org.apache.rocketmq.http.client.ClientConfig}, then create the clients you
 * need: {@link org.apache.rocketmq.http.client.HttpProducer} to send,
 * {@link org.apache.rocketmq.http.client.HttpSimpleConsumer} to receive and ack under your control,
 * or {@link org.apache.rocketmq.http.client.HttpPushConsumer} to have a
 * {@link org.apache.rocketmq.http.client.MessageListener} called for each message. All clients are
 * thread-safe, meant to be shared, and must be closed.
 *
 * <p>Failures are unchecked {@link org.apache.rocketmq.http.client.HttpProxyClientException}s, one
 * subclass per HTTP status. Delivery is at least once; the SDK never repeats a send whose outcome
 * is unknown unless {@link org.apache.rocketmq.http.client.RetryPolicy.Builder#retryAmbiguousSends(boolean)}
 * says so.
 */
package org.apache.rocketmq.http.client;
