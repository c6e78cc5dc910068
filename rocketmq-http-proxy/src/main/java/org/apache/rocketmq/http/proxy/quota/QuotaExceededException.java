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
package org.apache.rocketmq.http.proxy.quota;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.http.proxy.common.ErrorCode;
import org.apache.rocketmq.http.proxy.common.HttpProxyException;

/**
 * A request refused by flow control (429). It carries what the caller needs to come back in time:
 * {@code Retry-After} (whole seconds, at least 1: when the tokens are there) and the
 * {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset} of the rule that
 * refused it.
 */
public final class QuotaExceededException extends HttpProxyException {
    private final long retryAfterSeconds;
    private final long limit;
    private final long remaining;

    /**
     * @param limit what the rule allows at once (a full bucket, or the long polls allowed)
     * @param remaining what is left now
     */
    QuotaExceededException(String message, long retryAfterSeconds, long limit, long remaining) {
        super(ErrorCode.TOO_MANY_REQUESTS, message);
        this.retryAfterSeconds = retryAfterSeconds;
        this.limit = limit;
        this.remaining = Math.max(0, remaining);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /**
     * @return the headers of the answer, in the order they are written
     */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>(4);
        headers.put("Retry-After", Long.toString(retryAfterSeconds));
        headers.put("RateLimit-Limit", Long.toString(limit));
        headers.put("RateLimit-Remaining", Long.toString(remaining));
        headers.put("RateLimit-Reset", Long.toString(retryAfterSeconds));
        return headers;
    }

    /**
     * @return the wait rounded up to whole seconds, at least 1
     */
    static long seconds(long nanos) {
        if (nanos <= 0) {
            return 1;
        }
        return Math.max(1, (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
    }
}
