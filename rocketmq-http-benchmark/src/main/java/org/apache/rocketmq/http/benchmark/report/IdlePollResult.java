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
package org.apache.rocketmq.http.benchmark.report;

/**
 * The cost of idle long polls held by the HTTP proxy: live heap (after a full GC) and threads with
 * and without {@link #polls} long polls waiting on an empty topic.
 */
public final class IdlePollResult {
    public int polls;
    public int waitSeconds;
    /** The proxy's own in-flight request gauge while the polls were held. */
    public long inFlightSeen;
    public double heapBeforeMiB;
    public double heapDuringMiB;
    public double heapDeltaMiB;
    public int threadsBefore;
    public int threadsDuring;
    public int threadsDelta;
    /** Polls that were answered before the probe released them (they should all still wait). */
    public int answeredEarly;
}
