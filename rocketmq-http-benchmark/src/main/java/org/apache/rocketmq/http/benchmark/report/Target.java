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
 * A performance target of the HTTP proxy and where the run puts it.
 */
public final class Target {
    public String name;
    public String goal;
    public String measured;
    /** {@code met}, {@code not met}, or {@code n/a} when the run lacks a system or workload it needs. */
    public String status;

    static Target of(String name, String goal, String measured, Boolean met) {
        Target t = new Target();
        t.name = name;
        t.goal = goal;
        t.measured = measured;
        t.status = met == null ? "n/a" : met ? "met" : "not met";
        return t;
    }
}
