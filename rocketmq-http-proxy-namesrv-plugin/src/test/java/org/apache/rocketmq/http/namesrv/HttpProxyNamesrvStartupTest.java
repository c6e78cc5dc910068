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
package org.apache.rocketmq.http.namesrv;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

public class HttpProxyNamesrvStartupTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void helpPrintsTheOptionsAndExitsZero() {
        assertEquals(0, HttpProxyNamesrvStartup.run(new String[] {"-h"}, out));
        assertTrue(output(), output().contains("mqhttpnamesrv") && output().contains("-c") && output().contains("-p"));
    }

    @Test
    public void anUnknownOptionIsAUsageError() {
        assertEquals(1, HttpProxyNamesrvStartup.run(new String[] {"--nope"}, out));
    }

    @Test
    public void printShowsStockAndPluginKeysWithTheirDefaults() {
        assertEquals(0, HttpProxyNamesrvStartup.run(new String[] {"-p"}, out));
        String printed = output();
        assertTrue(printed, printed.contains("listenPort=9876"));
        assertTrue(printed, printed.contains("kvConfigPath="));
        assertTrue(printed, printed.contains("httpListenPort=9880"));
        assertTrue(printed, printed.contains("proxyTtlSeconds=30"));
        assertTrue(printed, printed.contains("maxProxies=1024"));
    }

    @Test
    public void printShowsTheValuesOfTheConfigFile() throws Exception {
        Path file = Files.createTempFile("namesrv", ".conf");
        try {
            Files.writeString(file, "listenPort=19876\nhttpListenPort=19880\nproxyTtlSeconds=12\n");
            assertEquals(0, HttpProxyNamesrvStartup.run(new String[] {"-c", file.toString(), "-p"}, out));
            String printed = output();
            assertTrue(printed, printed.contains("listenPort=19876"));
            assertTrue(printed, printed.contains("httpListenPort=19880"));
            assertTrue(printed, printed.contains("proxyTtlSeconds=12"));
            assertTrue(printed, printed.contains("configStorePath=" + file));
        } finally {
            Files.delete(file);
        }
    }

    @Test
    public void aMissingConfigFileIsAUsageError() {
        assertEquals(1, HttpProxyNamesrvStartup.run(new String[] {"-c", "/nonexistent/namesrv.conf", "-p"}, out));
    }
}
