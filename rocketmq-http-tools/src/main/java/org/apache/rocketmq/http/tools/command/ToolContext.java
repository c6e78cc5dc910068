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

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.rocketmq.http.client.ClientConfig;
import org.apache.rocketmq.http.client.HttpAdmin;
import org.apache.rocketmq.http.client.HttpProxyClientException;

/**
 * What every command shares: where the proxies are ({@code -u} proxy URLs, or {@code -n} nameservers
 * whose discovery plugin answers on {@code --httpPort}), the output streams, and the SDK
 * configuration built from them, with the caller's credentials ({@code -a}/{@code -s} or a file).
 */
public final class ToolContext {
    public static final int OK = 0;
    public static final int USAGE = 1;
    public static final int FAILED = 2;

    static final String NAMESRV_ADDR_ENV = "NAMESRV_ADDR";
    static final int DEFAULT_HTTP_PORT = 9880;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public ToolContext(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    /**
     * The options every command has.
     */
    public static void addCommonOptions(Options options) {
        options.addOption(Option.builder("n").longOpt("namesrvAddr").hasArg().argName("ADDR")
            .desc("nameserver address list, e.g. '192.168.0.1:9876;192.168.0.2:9876' (default: NAMESRV_ADDR); the proxies "
                + "are found through the discovery plugin's HTTP port of these hosts").build());
        options.addOption(Option.builder("u").longOpt("proxyUrl").hasArg().argName("URL")
            .desc("a proxy's URL (comma-separated for several), e.g. http://127.0.0.1:8181; instead of -n").build());
        options.addOption(Option.builder().longOpt("httpPort").hasArg().argName("PORT")
            .desc("HTTP port of the nameservers' discovery plugin (default " + DEFAULT_HTTP_PORT + ")").build());
        options.addOption(Option.builder("a").longOpt("accessKey").hasArg().argName("AK")
            .desc("AccessKey of the caller, with -s (or --credentialsFile)").build());
        options.addOption(Option.builder("s").longOpt("secretKey").hasArg().argName("SK").desc("SecretKey of the caller").build());
        options.addOption(Option.builder().longOpt("credentialsFile").hasArg().argName("FILE")
            .desc("file with the lines 'accessKey: AK' and 'secretKey: SK' (as RocketMQ's conf/tools.yml); -a/-s win").build());
        options.addOption(Option.builder("h").longOpt("help").desc("print this command's help").build());
    }

    /**
     * The caller's credentials from {@code -a}/{@code -s} or {@code --credentialsFile}, stored in the
     * SDK configuration, which signs every request with them.
     */
    static ClientConfig.Builder withCredentials(ClientConfig.Builder builder, CommandLine cmd) throws UsageException {
        String accessKey = cmd.getOptionValue('a');
        String secretKey = cmd.getOptionValue('s');
        if ((accessKey == null) != (secretKey == null)) {
            throw new UsageException("-a ACCESS_KEY and -s SECRET_KEY go together");
        }
        if (accessKey == null && cmd.hasOption("credentialsFile")) {
            Properties file = new Properties();
            Path path = Paths.get(cmd.getOptionValue("credentialsFile"));
            try {
                for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                    int sep = line.indexOf(':') >= 0 ? line.indexOf(':') : line.indexOf('=');
                    if (sep > 0 && !line.trim().startsWith("#")) {
                        file.setProperty(line.substring(0, sep).trim(), unquote(line.substring(sep + 1).trim()));
                    }
                }
            } catch (IOException e) {
                throw new UsageException("cannot read --credentialsFile " + path + ": " + e.getMessage());
            }
            accessKey = file.getProperty("accessKey");
            secretKey = file.getProperty("secretKey");
            if (accessKey == null || secretKey == null || accessKey.isEmpty() || secretKey.isEmpty()) {
                throw new UsageException("--credentialsFile " + path + " needs both accessKey and secretKey");
            }
        }
        if (accessKey != null) {
            try {
                builder.credentials(accessKey, secretKey);
            } catch (IllegalArgumentException e) {
                throw new UsageException("invalid credentials: the keys must not be empty or contain control characters");
            }
        }
        return builder;
    }

    private static String unquote(String value) {
        boolean quoted = value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
            || value.startsWith("'") && value.endsWith("'"));
        return quoted ? value.substring(1, value.length() - 1) : value;
    }

    /**
     * @return the discovery URLs of {@code -n} (or NAMESRV_ADDR) on {@code --httpPort}; empty with {@code -u}
     */
    List<URI> discoveryUrls(CommandLine cmd) throws UsageException {
        List<URI> urls = new ArrayList<>();
        if (cmd.hasOption('u')) {
            if (cmd.hasOption('n')) {
                throw new UsageException("give either -n or -u, not both");
            }
            return urls;
        }
        String namesrv = cmd.hasOption('n') ? cmd.getOptionValue('n') : env.get(NAMESRV_ADDR_ENV);
        if (namesrv == null || namesrv.isBlank()) {
            throw new UsageException("where are the proxies? Give -n NAMESRV_ADDR (or set NAMESRV_ADDR) or -u PROXY_URL");
        }
        int port = intOption(cmd, "httpPort", DEFAULT_HTTP_PORT);
        for (String addr : namesrv.split(";")) {
            String a = addr.trim();
            if (a.isEmpty()) {
                continue;
            }
            int colon = a.lastIndexOf(':');
            String host = colon > 0 ? a.substring(0, colon) : a;
            try {
                urls.add(new URI("http", null, host.startsWith("[") ? host.substring(1, host.length() - 1) : host, port, null,
                    null, null));
            } catch (URISyntaxException e) {
                throw new UsageException("not a nameserver address: '" + a + "'");
            }
        }
        if (urls.isEmpty()) {
            throw new UsageException("-n names no nameserver");
        }
        return urls;
    }

    /**
     * The SDK configuration: the proxies of {@code -u}, or discovery through the first nameserver whose
     * plugin answers.
     *
     * @throws HttpProxyClientException when no nameserver's plugin answers
     */
    public ClientConfig.Builder clientConfig(CommandLine cmd) throws UsageException {
        if (cmd.hasOption('u')) {
            discoveryUrls(cmd);
            try {
                return withCredentials(base(), cmd).endpoints(cmd.getOptionValue('u').split(","));
            } catch (IllegalArgumentException e) {
                throw new UsageException("-u: " + e.getMessage());
            }
        }
        HttpProxyClientException last = null;
        for (URI url : discoveryUrls(cmd)) {
            ClientConfig.Builder candidate = withCredentials(base(), cmd).discovery(url);
            try (HttpAdmin admin = HttpAdmin.create(candidate.build())) {
                admin.proxies();
                return candidate;
            } catch (HttpProxyClientException e) {
                last = e;
            }
        }
        throw last;
    }

    private static ClientConfig.Builder base() {
        return ClientConfig.builder()
            .connectTimeout(Duration.ofSeconds(3))
            .requestTimeout(Duration.ofSeconds(10));
    }

    static int intOption(CommandLine cmd, String name, int defaultValue) throws UsageException {
        if (!cmd.hasOption(name)) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(cmd.getOptionValue(name).trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number: '" + cmd.getOptionValue(name) + "'");
        }
    }

    static String required(CommandLine cmd, char option, String what) throws UsageException {
        String value = cmd.getOptionValue(option);
        if (value == null || value.isEmpty()) {
            throw new UsageException("-" + option + " " + what + " is required");
        }
        return value;
    }
}
