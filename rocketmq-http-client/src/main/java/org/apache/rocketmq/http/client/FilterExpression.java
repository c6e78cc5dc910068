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

import java.util.Objects;

/**
 * Which messages of a topic a consumer receives: by tag ({@code TagA||TagB}, or {@code *} for all)
 * or by a SQL92 expression over the message properties (the broker must have
 * {@code enablePropertyFilter=true}). Immutable and thread-safe.
 */
public final class FilterExpression {
    private static final FilterExpression ALL = new FilterExpression(Type.TAG, "*");

    /**
     * The kind of a filter expression.
     */
    public enum Type {
        /** Tags separated by {@code ||}, or {@code *}; sent as the {@code tag} query parameter. */
        TAG,
        /** A SQL92 expression over properties; sent as the {@code sql} query parameter. */
        SQL92
    }

    private final Type type;
    private final String expression;

    private FilterExpression(Type type, String expression) {
        this.type = type;
        this.expression = expression;
    }

    /**
     * Selects every message of the topic.
     *
     * @return the tag expression {@code *}
     */
    public static FilterExpression all() {
        return ALL;
    }

    /**
     * Selects messages by tag.
     *
     * @param expression one tag, several joined by {@code ||} (e.g. {@code TagA||TagB}), or {@code *}
     * @return the filter
     * @throws IllegalArgumentException if blank
     */
    public static FilterExpression tag(String expression) {
        return new FilterExpression(Type.TAG, checked(expression));
    }

    /**
     * Selects messages by a SQL92 expression over their properties, e.g. {@code region = 'eu'}.
     *
     * @param expression the expression
     * @return the filter
     * @throws IllegalArgumentException if blank
     */
    public static FilterExpression sql(String expression) {
        return new FilterExpression(Type.SQL92, checked(expression));
    }

    private static String checked(String expression) {
        Objects.requireNonNull(expression, "expression");
        if (expression.trim().isEmpty()) {
            throw new IllegalArgumentException("filter expression must not be blank");
        }
        return expression.trim();
    }

    /**
     * Returns the kind of the expression.
     *
     * @return {@link Type#TAG} or {@link Type#SQL92}
     */
    public Type type() {
        return type;
    }

    /**
     * Returns the expression text.
     *
     * @return the expression
     */
    public String expression() {
        return expression;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FilterExpression)) {
            return false;
        }
        FilterExpression other = (FilterExpression) o;
        return type == other.type && expression.equals(other.expression);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, expression);
    }

    @Override
    public String toString() {
        return type + ":" + expression;
    }
}
