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
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain-socket HTTP/1.1 server for transport tests: reads each request (head and Content-Length body) and writes
 * back the raw bytes the test's script gives for it, so answers can be shaped byte by byte.
 */
final class ScriptedHttpServer implements Closeable {
    /** The raw answer to one request. */
    interface Script {
        /**
         * @param head the request line and headers
         * @param body the request body (empty when none)
         * @return the raw bytes to answer with, or {@link #NO_ANSWER}
         */
        Answer answer(String head, byte[] body) throws Exception;
    }

    /** Raw bytes to write, and whether to close the connection after them. */
    static final class Answer {
        final byte[] bytes;
        final boolean close;

        Answer(String raw, boolean close) {
            this.bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
            this.close = close;
        }

        static Answer keep(String raw) {
            return new Answer(raw, false);
        }

        static Answer thenClose(String raw) {
            return new Answer(raw, true);
        }
    }

    /** Close the connection without answering. */
    static final Answer NO_ANSWER = null;

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    /** The head of every request, in order. */
    final BlockingQueue<String> heads = new LinkedBlockingQueue<>();
    /** One entry each time a connection ended on the server's side, with the number of requests it carried. */
    final BlockingQueue<Integer> ended = new LinkedBlockingQueue<>();
    private volatile Script script = (head, body) -> Answer.keep("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");

    ScriptedHttpServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        acceptor = new Thread(this::accept, "scripted-http-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    ScriptedHttpServer script(Script script) {
        this.script = script;
        return this;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** How many connections were accepted so far. */
    int connections() {
        return connections.get();
    }

    /** The next connection end on the server's side: the number of requests it carried. */
    int awaitEnd() throws InterruptedException {
        Integer requests = ended.poll(30, TimeUnit.SECONDS);
        if (requests == null) {
            throw new AssertionError("no connection ended within 30 s");
        }
        return requests;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                sockets.add(socket);
                Thread t = new Thread(() -> serve(socket), "scripted-http-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        int requests = 0;
        try (Socket s = socket) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                requests++;
                heads.add(head);
                byte[] body = in.readNBytes(contentLength(head));
                Answer answer = script.answer(head, body);
                if (answer == NO_ANSWER) {
                    return;
                }
                out.write(answer.bytes);
                out.flush();
                if (answer.close) {
                    return;
                }
            }
        } catch (Exception e) {
            // the client went away, or the test closed the server
        } finally {
            sockets.remove(socket);
            ended.add(requests);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
