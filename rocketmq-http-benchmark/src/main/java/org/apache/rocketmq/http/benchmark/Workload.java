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
package org.apache.rocketmq.http.benchmark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The workloads of a round, in the order they run.
 */
public enum Workload {
    PRODUCE_C1("produce-c1", "produce, 1 in flight", "produce", 1),
    PRODUCE_C16("produce-c16", "produce, 16 in flight", "produce", 16),
    PRODUCE_C64("produce-c64", "produce, 64 in flight", "produce", 64),
    BATCH16_C16("batch16-c16", "batch of 16 per request, 16 in flight", "batch", 16),
    OPEN_LOOP_HALF("open-loop-half", "fixed rate at half the HTTP proxy's peak", "open-loop", 64),
    CONSUME("consume", "receive + ack from a backlog", "consume", 4),
    E2E("e2e", "send to receive, fixed rate", "e2e", 4);

    public static final List<Workload> PRODUCE = List.of(PRODUCE_C1, PRODUCE_C16, PRODUCE_C64);

    private final String id;
    private final String title;
    private final String kind;
    private final int concurrency;

    Workload(String id, String title, String kind, int concurrency) {
        this.id = id;
        this.title = title;
        this.kind = kind;
        this.concurrency = concurrency;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public String kind() {
        return kind;
    }

    public int concurrency() {
        return concurrency;
    }

    /**
     * @return the ids of all workloads, in the order they run
     */
    public static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (Workload w : values()) {
            ids.add(w.id);
        }
        return Collections.unmodifiableList(ids);
    }

    /**
     * Whether the system can run this workload: wrk only sends (it has no consumer, and a closed loop only).
     */
    public boolean runsOn(String system) {
        return !"proxy-wrk".equals(system) || "produce".equals(kind) || "batch".equals(kind);
    }

    public static Workload byId(String id) {
        for (Workload w : values()) {
            if (w.id.equals(id)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload " + id);
    }
}
