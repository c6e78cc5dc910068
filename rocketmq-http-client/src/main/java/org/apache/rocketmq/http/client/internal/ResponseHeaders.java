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

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The headers of an answer, in the order they came; names compare without case. Immutable. */
public final class ResponseHeaders {
    private static final ResponseHeaders NONE = new ResponseHeaders(new String[0]);

    /** Names at even, values at odd indexes. */
    private final String[] namesAndValues;

    private ResponseHeaders(String[] namesAndValues) {
        this.namesAndValues = namesAndValues;
    }

    /**
     * @param namesAndValues a name, its value, the next name, ...
     */
    public static ResponseHeaders of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        return namesAndValues.length == 0 ? NONE : new ResponseHeaders(namesAndValues.clone());
    }

    static Builder builder() {
        return new Builder();
    }

    /** The first value of the header, if it came. */
    public Optional<String> firstValue(String name) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i].equalsIgnoreCase(name)) {
                return Optional.of(namesAndValues[i + 1]);
            }
        }
        return Optional.empty();
    }

    /** Collects headers as they are read. */
    static final class Builder {
        private final List<String> namesAndValues = new ArrayList<>(12);

        Builder add(String name, String value) {
            namesAndValues.add(name);
            namesAndValues.add(value);
            return this;
        }

        ResponseHeaders build() {
            return namesAndValues.isEmpty() ? NONE : new ResponseHeaders(namesAndValues.toArray(new String[0]));
        }
    }
}
