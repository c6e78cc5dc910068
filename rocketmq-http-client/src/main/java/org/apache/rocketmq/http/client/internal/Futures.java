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
package org.apache.rocketmq.http.client.internal;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** Sync calls over async ones, and mapping that keeps the SDK's exceptions unwrapped. */
public final class Futures {
    private Futures() {
    }

    /** Waits for the future and throws its failure as it is, not wrapped. */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (RuntimeException e) {
            Throwable cause = ErrorMapper.unwrap(e);
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw e;
        }
    }

    /**
     * Like {@code thenApply}, but the result fails with the original exception rather than a
     * {@code CompletionException} around it, so callers' {@code exceptionally} sees the SDK's type.
     */
    public static <T, R> CompletableFuture<R> map(CompletableFuture<T> source, Function<? super T, ? extends R> function) {
        CompletableFuture<R> result = new CompletableFuture<>();
        source.whenComplete((value, failure) -> {
            if (failure != null) {
                result.completeExceptionally(ErrorMapper.unwrap(failure));
                return;
            }
            try {
                result.complete(function.apply(value));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    public static <T> CompletableFuture<T> failed(Throwable failure) {
        CompletableFuture<T> future = new CompletableFuture<>();
        future.completeExceptionally(failure);
        return future;
    }
}
