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

import java.io.IOException;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * The keep-alive connections of one client, per proxy endpoint: a request takes the connection used last (so
 * the others age out), or opens one when none is idle; after a complete answer the connection goes back. A
 * connection idle for a while is checked without waiting before it is used again, and one idle for longer than
 * {@link #MAX_IDLE_NANOS} is closed. Thread-safe.
 */
final class ConnectionPool implements AutoCloseable {
    /** Idle connections older than this are closed, well before proxies (120 s) and most load balancers close them. */
    static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(50);
    /** Connections idle for less than this were answered a moment ago and are used without a check. */
    static final long CHECK_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** Idle connections kept per endpoint at most; more are closed when they come back. */
    private static final int MAX_IDLE_PER_ENDPOINT = 256;

    private final SSLContext configuredTls;
    private final long connectTimeoutMillis;
    private final Map<String, Deque<Http1Connection>> idle = new ConcurrentHashMap<>();
    private final Set<Http1Connection> open = ConcurrentHashMap.newKeySet();
    private volatile SSLContext defaultTls;
    private volatile boolean closed;

    /**
     * @param tls the TLS context for https endpoints, or null for the JDK's default
     */
    ConnectionPool(SSLContext tls, long connectTimeoutMillis) {
        this.configuredTls = tls;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /**
     * An idle connection to the endpoint that is still open, else a new one.
     */
    Http1Connection acquire(URI endpoint) throws IOException {
        String scheme = endpoint.getScheme().toLowerCase(Locale.ROOT);
        boolean https = scheme.equals("https");
        int port = endpoint.getPort() >= 0 ? endpoint.getPort() : https ? 443 : 80;
        String key = scheme + "://" + endpoint.getHost() + ":" + port;
        Deque<Http1Connection> connections = idle.get(key);
        if (connections != null) {
            Http1Connection c;
            while ((c = poll(connections)) != null) {
                long idleNanos = System.nanoTime() - c.idleSinceNanos();
                if (idleNanos < CHECK_AFTER_NANOS || idleNanos < MAX_IDLE_NANOS && !c.isStale()) {
                    return c;
                }
                discard(c);
            }
        }
        if (closed) {
            throw new IOException("the client is closed");
        }
        Http1Connection c = Http1Connection.open(key, endpoint.getHost(), port, https ? tls() : null, connectTimeoutMillis);
        open.add(c);
        if (closed) {
            discard(c);
            throw new IOException("the client is closed");
        }
        return c;
    }

    /** Takes a connection back after a request: kept when it can carry another one, else closed. */
    void release(Http1Connection c) {
        if (!c.isReusable() || closed) {
            discard(c);
            return;
        }
        Deque<Http1Connection> connections = idle.computeIfAbsent(c.key(), k -> new ArrayDeque<>());
        Http1Connection expired;
        synchronized (connections) {
            connections.offerFirst(c);
            // the oldest idle connection is at the end: close it when past its time or beyond the bound
            Http1Connection oldest = connections.peekLast();
            expired = System.nanoTime() - oldest.idleSinceNanos() > MAX_IDLE_NANOS || connections.size() > MAX_IDLE_PER_ENDPOINT
                ? connections.pollLast() : null;
        }
        if (expired != null) {
            discard(expired);
        }
        if (closed) {
            close();
        }
    }

    private static Http1Connection poll(Deque<Http1Connection> connections) {
        synchronized (connections) {
            return connections.pollFirst();
        }
    }

    private void discard(Http1Connection c) {
        open.remove(c);
        c.close();
    }

    private SSLContext tls() throws IOException {
        if (configuredTls != null) {
            return configuredTls;
        }
        SSLContext context = defaultTls;
        if (context == null) {
            try {
                context = SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                throw new IOException("the JDK has no default TLS context", e);
            }
            defaultTls = context;
        }
        return context;
    }

    /** Closes every connection, idle or in use (a request in progress on one fails). */
    @Override
    public void close() {
        closed = true;
        for (Http1Connection c : open) {
            discard(c);
        }
        for (Deque<Http1Connection> connections : idle.values()) {
            synchronized (connections) {
                connections.clear();
            }
        }
    }
}
