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
package org.apache.rocketmq.http.tools.command;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Options;
import org.apache.rocketmq.http.client.ClientConfig;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

public class CredentialsOptionsTest {
    private static CommandLine parse(String... args) throws Exception {
        Options options = new Options();
        ToolContext.addCommonOptions(options);
        return new DefaultParser().parse(options, args);
    }

    private static ClientConfig config(String... args) throws Exception {
        return ToolContext.withCredentials(ClientConfig.builder().endpoints("http://127.0.0.1:8181"), parse(args)).build();
    }

    @Test
    public void accessAndSecretKeyGoIntoTheSdkConfiguration() throws Exception {
        ClientConfig config = config("-a", "app-frontend", "-s", "secret-12345");
        assertEquals("app-frontend", config.accessKey().orElseThrow());
        assertEquals("secret-12345", config.secretKey().orElseThrow());
        assertFalse(config("-u", "http://x").accessKey().isPresent());
    }

    @Test
    public void aCredentialsFileAsRocketmqToolsYmlIsRead() throws Exception {
        Path file = Files.createTempFile("tools", ".yml");
        try {
            Files.writeString(file, "# credentials of mqhttpadmin\naccessKey: RocketMQ\nsecretKey: \"12345678\"\n");
            ClientConfig config = config("--credentialsFile", file.toString());
            assertEquals("RocketMQ", config.accessKey().orElseThrow());
            assertEquals("12345678", config.secretKey().orElseThrow());
            assertEquals("the options win over the file", "other",
                config("--credentialsFile", file.toString(), "-a", "other", "-s", "other-secret").accessKey().orElseThrow());
        } finally {
            Files.delete(file);
        }
    }

    @Test
    public void incompleteCredentialsAreUsageErrorsThatNeverShowTheSecret() throws Exception {
        assertThrows(UsageException.class, () -> config("-a", "ak-only"));
        UsageException e = assertThrows(UsageException.class, () -> config("-s", "the-secret"));
        assertFalse(e.getMessage().contains("the-secret"));
        Path file = Files.createTempFile("tools", ".yml");
        try {
            Files.writeString(file, "accessKey: RocketMQ\n");
            assertThrows(UsageException.class, () -> config("--credentialsFile", file.toString()));
        } finally {
            Files.delete(file);
        }
        UsageException missing = assertThrows(UsageException.class, () -> config("--credentialsFile", "/nonexistent/tools.yml"));
        assertTrue(missing.getMessage(), missing.getMessage().contains("cannot read"));
    }
}
