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
package org.apache.rocketmq.http.benchmark.load;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 keep-alive connection on a blocking socket, as lean as a load generator can be: the
 * request head is written as given, the response read by Content-Length. Not thread-safe: one
 * request at a time.
 */
final class RawHttpConnection implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private boolean used;
    private boolean closeRequested;

    /**
     * @param tls the factory of TLS sockets for an https endpoint, or null for plain HTTP
     */
    RawHttpConnection(String host, int port, int readTimeoutMillis, SSLSocketFactory tls) throws IOException {
        Socket plain = new Socket();
        plain.setTcpNoDelay(true);
        plain.connect(new InetSocketAddress(host, port), 5_000);
        plain.setSoTimeout(readTimeoutMillis);
        if (tls != null) {
            SSLSocket secure = (SSLSocket) tls.createSocket(plain, host, port, true);
            secure.startHandshake();
            socket = secure;
        } else {
            socket = plain;
        }
        out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }

    /**
     * A response: status and body.
     */
    static final class Response {
        final int status;
        final byte[] body;

        Response(int status, byte[] body) {
            this.status = status;
            this.body = body;
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * @return whether a request went over this connection already (a stale keep-alive connection
     *     fails its next request; a fresh one does not)
     */
    boolean wasUsed() {
        return used;
    }

    boolean isReusable() {
        return !closeRequested && !socket.isClosed();
    }

    /**
     * @param head the request line and headers, ending with the empty line
     * @param body may be null
     */
    Response exchange(byte[] head, byte[] body) throws IOException {
        used = true;
        out.write(head);
        if (body != null) {
            out.write(body);
        }
        out.flush();
        String statusLine = readLine();
        if (statusLine == null) {
            throw new EOFException("connection closed before the response");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        int contentLength = 0;
        String line;
        while ((line = readLine()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if ("content-length".equals(name)) {
                contentLength = Integer.parseInt(value);
            } else if ("connection".equals(name) && "close".equalsIgnoreCase(value)) {
                closeRequested = true;
            }
        }
        byte[] responseBody = in.readNBytes(contentLength);
        if (responseBody.length < contentLength) {
            throw new EOFException("connection closed in the response body");
        }
        return new Response(status, responseBody);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
