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
package org.apache.rocketmq.http.benchmark.process;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Heap, threads and CPU time of the JVM it runs in, as the benchmark reads them from a server JVM.
 * The peak heap is the highest heap use seen since the last reset: sampled every 50 ms and taken
 * from every GC's "before" usage, so the peak just before a collection is not missed.
 */
final class JvmStats {
    private static final AtomicLong PEAK = new AtomicLong();
    private static final Set<String> HEAP_POOLS = new HashSet<>();

    private JvmStats() {
    }

    static void start() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                HEAP_POOLS.add(pool.getName());
            }
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter) {
                ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        GarbageCollectionNotificationInfo info =
                            GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                        long before = 0;
                        for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
                            if (HEAP_POOLS.contains(pool.getKey())) {
                                before += pool.getValue().getUsed();
                            }
                        }
                        raisePeak(before);
                    }
                }, null, null);
            }
        }
        Thread sampler = new Thread(() -> {
            while (true) {
                raisePeak(heapUsed());
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private static void raisePeak(long used) {
        PEAK.accumulateAndGet(used, Math::max);
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static void resetPeak() {
        PEAK.set(heapUsed());
    }

    /**
     * @param gcFirst run a full collection first, so that the heap figure is live data only
     */
    static Map<String, Object> snapshot(boolean gcFirst) {
        if (gcFirst) {
            System.gc();
        }
        long used = heapUsed();
        raisePeak(used);
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("heapUsed", used);
        stats.put("peakHeapUsed", PEAK.get());
        stats.put("heapCommitted", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted());
        stats.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
        stats.put("cpuNanos", processCpuNanos());
        stats.put("uptimeMillis", ManagementFactory.getRuntimeMXBean().getUptime());
        return stats;
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return -1;
    }
}
