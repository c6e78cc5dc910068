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

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 keep-alive connection to a proxy on a blocking socket (TLS when the endpoint is https), one
 * request at a time: the caller's thread writes the request and reads the answer itself, so a call costs no
 * hand-over between threads. Reads answers with a Content-Length, chunked ones and ones that end with the
 * connection. Not thread-safe; {@link #close()} may come from any thread and fails a request in progress.
 */
final class Http1Connection implements AutoCloseable {
    private static final int BUFFER_BYTES = 8 * 1024;
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int MAX_HEADERS = 200;
    /**
     * Bodies larger than this may fill the socket's buffers when the proxy stops reading; their write is bounded by
     * the request's deadline too.
     */
    private static final int GUARDED_WRITE_BYTES = 64 * 1024;

    private final String key;
    private final SocketChannel channel;
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private int limit;
    private boolean reusable = true;
    private long idleSince;
    private volatile boolean closed;

    private Http1Connection(String key, SocketChannel channel, Socket socket) throws IOException {
        this.key = key;
        this.channel = channel;
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    /**
     * Connects, and for TLS completes the handshake (checking the proxy's name against its certificate), within
     * the connect timeout.
     *
     * @param tls the TLS context for an https endpoint, null for plain HTTP
     * @throws HttpConnectTimeoutException when the connect timeout passed first
     */
    static Http1Connection open(String key, String host, int port, SSLContext tls, long connectTimeoutMillis)
        throws IOException {
        SocketChannel channel = SocketChannel.open();
        boolean done = false;
        try {
            Socket plain = channel.socket();
            plain.setTcpNoDelay(true);
            plain.setKeepAlive(true);
            int timeout = (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeoutMillis));
            try {
                plain.connect(new InetSocketAddress(host, port), timeout);
            } catch (SocketTimeoutException e) {
                throw connectTimeout(host, port, e);
            }
            Socket socket = plain;
            if (tls != null) {
                SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
                SSLParameters parameters = secure.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                secure.setSSLParameters(parameters);
                secure.setSoTimeout(timeout);
                try {
                    secure.startHandshake();
                } catch (SocketTimeoutException e) {
                    throw connectTimeout(host, port, e);
                }
                socket = secure;
            }
            Http1Connection connection = new Http1Connection(key, channel, socket);
            done = true;
            return connection;
        } finally {
            if (!done) {
                channel.close();
            }
        }
    }

    private static HttpConnectTimeoutException connectTimeout(String host, int port, SocketTimeoutException cause) {
        HttpConnectTimeoutException e = new HttpConnectTimeoutException("connect to " + host + ":" + port + " timed out");
        e.initCause(cause);
        return e;
    }

    /** The pool's name of the endpoint this connection goes to. */
    String key() {
        return key;
    }

    /**
     * Sends one request and reads its answer.
     *
     * @param head the request line and headers, ending with the empty line
     * @param body the body, or null
     * @param deadlineNanos when the answer must have arrived, on {@link System#nanoTime()}'s clock
     * @throws HttpTimeoutException when the deadline passed first; the connection is closed then
     */
    Http1Response exchange(byte[] head, byte[] body, long deadlineNanos) throws IOException {
        reusable = false;
        try {
            if (body != null && head.length + body.length <= BUFFER_BYTES) {
                // one write, so head and body leave in one segment
                byte[] request = Arrays.copyOf(head, head.length + body.length);
                System.arraycopy(body, 0, request, head.length, body.length);
                out.write(request);
            } else if (body != null && body.length > GUARDED_WRITE_BYTES) {
                writeBefore(head, body, deadlineNanos);
            } else {
                out.write(head);
                if (body != null) {
                    out.write(body);
                }
            }
            out.flush();
            Http1Response response = readResponse(deadlineNanos);
            reusable = response.keepAlive();
            return response;
        } catch (SocketTimeoutException e) {
            close();
            HttpTimeoutException timeout = new HttpTimeoutException("request timed out");
            timeout.initCause(e);
            throw timeout;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        } finally {
            idleSince = System.nanoTime();
        }
    }

    /**
     * A blocking write has no timeout of its own: a proxy that stops reading would hold it forever, so the connection
     * is closed when the deadline passes first.
     */
    private void writeBefore(byte[] head, byte[] body, long deadlineNanos) throws IOException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        AtomicBoolean written = new AtomicBoolean();
        AtomicBoolean expired = new AtomicBoolean();
        CompletableFuture.delayedExecutor(left, TimeUnit.NANOSECONDS).execute(() -> {
            if (!written.get() && expired.compareAndSet(false, true)) {
                close();
            }
        });
        try {
            out.write(head);
            out.write(body);
        } catch (IOException e) {
            if (expired.get()) {
                SocketTimeoutException timeout = new SocketTimeoutException("the request could not be written before its deadline");
                timeout.initCause(e);
                throw timeout;
            }
            throw e;
        } finally {
            written.set(true);
        }
    }

    /** Whether the connection can take another request: the answer was read whole and neither side closes it. */
    boolean isReusable() {
        return reusable && !closed;
    }

    long idleSinceNanos() {
        return idleSince;
    }

    /**
     * Whether the proxy closed this idle connection (or sent something unasked, which leaves it unusable too),
     * found without waiting: the socket is read once without blocking. For TLS this reads underneath the TLS
     * layer; whatever it finds condemns the connection, so no record is taken from a connection still used.
     */
    boolean isStale() {
        if (closed || position < limit) {
            return true;
        }
        try {
            channel.configureBlocking(false);
            int read;
            try {
                read = channel.read(ByteBuffer.allocate(1));
            } finally {
                channel.configureBlocking(true);
            }
            return read != 0;
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    private Http1Response readResponse(long deadlineNanos) throws IOException {
        while (true) {
            String statusLine = readLine(deadlineNanos);
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
                throw new ProtocolException("not an HTTP/1.x status line: " + printable(statusLine));
            }
            int status = parseStatus(statusLine);
            boolean http10 = statusLine.charAt(7) == '0';
            ResponseHeaders.Builder headers = ResponseHeaders.builder();
            long contentLength = -1;
            boolean chunked = false;
            Boolean connectionKeepAlive = null;
            int count = 0;
            String line;
            while (!(line = readLine(deadlineNanos)).isEmpty()) {
                if (++count > MAX_HEADERS) {
                    throw new ProtocolException("more than " + MAX_HEADERS + " response headers");
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new ProtocolException("malformed response header: " + printable(line));
                }
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                headers.add(name, value);
                if (name.equalsIgnoreCase("Content-Length")) {
                    contentLength = parseLength(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
                } else if (name.equalsIgnoreCase("Connection")) {
                    String v = value.toLowerCase(Locale.ROOT);
                    if (v.contains("close")) {
                        connectionKeepAlive = false;
                    } else if (v.contains("keep-alive")) {
                        connectionKeepAlive = true;
                    }
                }
            }
            if (status >= 100 && status < 200 && status != 101) {
                // an interim answer (100 Continue, 103 Early Hints): the real one follows
                continue;
            }
            boolean keepAlive = connectionKeepAlive != null ? connectionKeepAlive : !http10;
            byte[] body;
            if (status == 204 || status == 304 || status == 101) {
                body = new byte[0];
            } else if (chunked) {
                body = readChunked(deadlineNanos);
            } else if (contentLength >= 0) {
                body = readFixed((int) contentLength, deadlineNanos);
            } else {
                body = readToEnd(deadlineNanos);
                keepAlive = false;
            }
            return new Http1Response(status, headers.build(), body, keepAlive && status != 101);
        }
    }

    private static int parseStatus(String statusLine) throws ProtocolException {
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char c = statusLine.charAt(i);
            if (c < '0' || c > '9') {
                throw new ProtocolException("malformed status line: " + printable(statusLine));
            }
            status = status * 10 + (c - '0');
        }
        return status;
    }

    private static long parseLength(String value) throws ProtocolException {
        try {
            long length = Long.parseLong(value);
            if (length < 0 || length > Integer.MAX_VALUE - 16) {
                throw new ProtocolException("unusable Content-Length: " + value);
            }
            return length;
        } catch (NumberFormatException e) {
            throw new ProtocolException("malformed Content-Length: " + printable(value));
        }
    }

    private byte[] readFixed(int length, long deadlineNanos) throws IOException {
        byte[] body = new byte[length];
        int filled = 0;
        while (filled < length) {
            if (position == limit && length - filled >= BUFFER_BYTES) {
                // large bodies go straight into place
                setTimeout(deadlineNanos);
                int n = in.read(body, filled, length - filled);
                if (n < 0) {
                    throw new EOFException("the connection closed in the middle of an answer");
                }
                filled += n;
                continue;
            }
            fill(deadlineNanos);
            int n = Math.min(limit - position, length - filled);
            System.arraycopy(buffer, position, body, filled, n);
            position += n;
            filled += n;
        }
        return body;
    }

    private byte[] readChunked(long deadlineNanos) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(deadlineNanos);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new ProtocolException("malformed chunk size: " + printable(sizeLine));
            }
            if (size < 0 || body.size() + (long) size > Integer.MAX_VALUE - 16) {
                throw new ProtocolException("chunk too large: " + printable(sizeLine));
            }
            if (size == 0) {
                // trailers, if any, end with an empty line
                while (!readLine(deadlineNanos).isEmpty()) {
                    continue;
                }
                return body.toByteArray();
            }
            body.write(readFixed(size, deadlineNanos));
            if (!readLine(deadlineNanos).isEmpty()) {
                throw new ProtocolException("a chunk does not end with CRLF");
            }
        }
    }

    private byte[] readToEnd(long deadlineNanos) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            if (position == limit && !fillOrEnd(deadlineNanos)) {
                return body.toByteArray();
            }
            body.write(buffer, position, limit - position);
            position = limit;
        }
    }

    /**
     * A line of the answer's head without its CRLF (a bare LF is accepted too), as ISO-8859-1 text.
     */
    private String readLine(long deadlineNanos) throws IOException {
        int start = position;
        ByteArrayOutputStream spill = null;
        while (true) {
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    int end = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
                    String line;
                    if (spill == null) {
                        line = new String(buffer, start, end - start, StandardCharsets.ISO_8859_1);
                    } else {
                        spill.write(buffer, start, i - start);
                        checkLineLength(spill);
                        byte[] bytes = spill.toByteArray();
                        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                        line = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
                    }
                    position = i + 1;
                    return line;
                }
            }
            if (spill == null) {
                spill = new ByteArrayOutputStream(128);
            }
            spill.write(buffer, start, limit - start);
            checkLineLength(spill);
            position = limit;
            fill(deadlineNanos);
            start = position;
        }
    }

    private static void checkLineLength(ByteArrayOutputStream line) throws ProtocolException {
        if (line.size() > MAX_HEAD_BYTES) {
            throw new ProtocolException("a line of the answer's head is longer than " + MAX_HEAD_BYTES + " bytes");
        }
    }

    private void fill(long deadlineNanos) throws IOException {
        if (position < limit) {
            return;
        }
        if (!fillOrEnd(deadlineNanos)) {
            throw new EOFException("the connection closed before the answer was complete");
        }
    }

    /** Reads more into the empty buffer; false at the end of the stream. */
    private boolean fillOrEnd(long deadlineNanos) throws IOException {
        setTimeout(deadlineNanos);
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    private void setTimeout(long deadlineNanos) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /**
     * Closes the socket underneath first, which ends at once a read or write in progress on another thread (a TLS
     * socket closed alone may wait to say goodbye to a proxy that no longer reads), then the TLS layer.
     */
    @Override
    public void close() {
        closed = true;
        reusable = false;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        if (socket != channel.socket()) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // the socket underneath is closed already
            }
        }
    }
}
