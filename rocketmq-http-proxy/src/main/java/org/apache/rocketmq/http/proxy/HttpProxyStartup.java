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
package org.apache.rocketmq.http.proxy;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.attribute.TopicMessageType;
import org.apache.rocketmq.http.proxy.config.AuthConfig;
import org.apache.rocketmq.http.proxy.config.HttpProxyConfig;
import org.apache.rocketmq.http.proxy.config.StandaloneConfig;
import org.apache.rocketmq.http.proxy.config.TransactionConfig;
import org.apache.rocketmq.http.proxy.standalone.EmbeddedRocketMQ;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code mqhttpproxy [-c FILE] [-n NAMESRV_ADDR] [-p] [--standalone] [-h]}.
 */
public final class HttpProxyStartup {
    private static final Logger log = LoggerFactory.getLogger(HttpProxyStartup.class);
    static final String MASK = "(set)";

    private HttpProxyStartup() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out);
        if (code != 0) {
            System.exit(code);
        }
    }

    static Options options() {
        Options options = new Options();
        options.addOption(Option.builder("c").longOpt("configFile").hasArg().argName("FILE")
            .desc("proxy config properties file").build());
        options.addOption(Option.builder("n").longOpt("namesrvAddr").hasArg().argName("ADDR")
            .desc("nameserver address list, e.g. '192.168.0.1:9876;192.168.0.2:9876'").build());
        options.addOption(Option.builder("p").longOpt("printConfigItem")
            .desc("print the effective configuration and exit").build());
        options.addOption(Option.builder().longOpt("standalone")
            .desc("start an embedded nameserver and broker in this JVM, for trying the proxy out").build());
        options.addOption(Option.builder("h").longOpt("help").desc("print help").build());
        return options;
    }

    /**
     * Parses the command line, then prints the configuration or starts the proxy.
     *
     * @return the exit code, 0 when the proxy started or the configuration was printed
     */
    static int run(String[] args, PrintStream out) {
        Options options = options();
        CommandLine cmd;
        try {
            cmd = new DefaultParser().parse(options, args);
        } catch (ParseException e) {
            // checkstyle:cli-output
            System.err.println(e.getMessage());
            // checkstyle:end-cli-output
            printHelp(options, out);
            return 1;
        }
        if (cmd.hasOption('h')) {
            printHelp(options, out);
            return 0;
        }
        HttpProxyConfig config = new HttpProxyConfig();
        StandaloneConfig standaloneConfig = new StandaloneConfig();
        try {
            if (cmd.hasOption('c')) {
                Properties properties = load(cmd.getOptionValue('c'));
                MixAll.properties2Object(properties, config);
                MixAll.properties2Object(properties, config.getLimits());
                MixAll.properties2Object(properties, config.getRocketmq());
                MixAll.properties2Object(properties, config.getDiscovery());
                MixAll.properties2Object(properties, config.getTransaction());
                MixAll.properties2Object(properties, config.getFlowControl());
                MixAll.properties2Object(properties, config.getAuth());
                MixAll.properties2Object(properties, config.getTls());
                MixAll.properties2Object(properties, standaloneConfig);
            }
        } catch (IOException e) {
            // checkstyle:cli-output
            System.err.println("cannot read config file: " + e.getMessage());
            // checkstyle:end-cli-output
            return 1;
        }
        if (cmd.hasOption('n')) {
            config.setNamesrvAddr(cmd.getOptionValue('n'));
        }
        boolean standalone = cmd.hasOption("standalone");
        if (cmd.hasOption('p')) {
            print(out, config);
            print(out, config.getLimits());
            print(out, config.getRocketmq());
            print(out, config.getDiscovery());
            print(out, config.getTransaction());
            print(out, config.getFlowControl());
            print(out, config.getAuth());
            print(out, config.getTls());
            if (standalone) {
                print(out, standaloneConfig);
            }
            return 0;
        }
        try {
            start(config, standalone ? standaloneConfig : null);
            return 0;
        } catch (Exception e) {
            log.error("the HTTP proxy failed to start", e);
            return 1;
        }
    }

    private static void start(HttpProxyConfig config, StandaloneConfig standaloneConfig) throws Exception {
        EmbeddedRocketMQ embedded = null;
        if (standaloneConfig != null) {
            embedded = startEmbedded(standaloneConfig, config.getTransaction(), config.getAuth());
            config.setNamesrvAddr(embedded.namesrvAddr());
        }
        HttpProxyController controller = new HttpProxyController(config);
        EmbeddedRocketMQ cluster = embedded;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down the HTTP proxy");
            controller.shutdown();
            if (cluster != null) {
                cluster.shutdown();
            }
            log.info("the HTTP proxy stopped");
            // a drained, orderly stop on SIGTERM is a success, not the JVM's default 143
            Runtime.getRuntime().halt(0);
        }, "HttpProxyShutdownHook"));
        controller.start();
        log.info("The HTTP proxy boot success. listen port={}, namesrv={}{}", controller.port(), config.getNamesrvAddr(),
            cluster != null ? ", standalone" : "");
    }

    static EmbeddedRocketMQ startEmbedded(StandaloneConfig sc, TransactionConfig transaction, AuthConfig auth)
        throws Exception {
        log.warn("==================================================================");
        log.warn(" STANDALONE MODE: an embedded nameserver and broker run in this JVM");
        log.warn(" for trying the proxy out. Not for production. Store: {}", sc.getStandaloneStoreDir());
        log.warn("==================================================================");
        EmbeddedRocketMQ embedded = new EmbeddedRocketMQ(new File(sc.getStandaloneStoreDir()),
            sc.getStandaloneNamesrvPort(), sc.getStandaloneBrokerPort(), sc.getStandaloneClusterName(),
            sc.getStandaloneBrokerName(), sc.getStandaloneCommitLogFileBytes());
        if (auth.isAclEnable()) {
            embedded.withAcl(brokerAclHome(new File(sc.getStandaloneStoreDir()), auth));
        }
        embedded.start();
        for (String spec : split(sc.getStandaloneTopics())) {
            String[] parts = spec.split(":");
            TopicMessageType type = parts.length > 1 ? TopicMessageType.valueOf(parts[1].trim().toUpperCase())
                : TopicMessageType.NORMAL;
            embedded.createTopic(parts[0].trim(), sc.getStandaloneQueueNums(), type);
            log.info("standalone topic {} ({})", parts[0].trim(), type);
        }
        for (String spec : split(sc.getStandaloneGroups())) {
            String[] parts = spec.split(":");
            boolean orderly = parts.length > 1 && parts[1].trim().equalsIgnoreCase("ORDERLY");
            embedded.createGroup(parts[0].trim(), orderly);
            log.info("standalone consumer group {}{}", parts[0].trim(), orderly ? " (orderly)" : "");
        }
        embedded.createTransactionResources(transaction, sc.getStandaloneQueueNums());
        log.info("standalone transaction topics {} and {}, consumer group {}", transaction.getTransactionEndTopic(),
            transaction.getTransactionCheckTopic(), transaction.getTransactionCheckGroup());
        return embedded;
    }

    /**
     * With ACL on, the embedded broker has ACL on too, so its ports are no way around the proxy's access
     * control: its only account is the proxy's identity (brokerAccessKey / brokerSecretKey, random ones
     * of this run when they are not set).
     */
    private static File brokerAclHome(File storeDir, AuthConfig auth) throws IOException {
        if (auth.getBrokerAccessKey() == null || auth.getBrokerAccessKey().isEmpty()) {
            SecureRandom random = new SecureRandom();
            auth.setBrokerAccessKey("standaloneProxy" + Long.toHexString(random.nextLong() >>> 1));
            auth.setBrokerSecretKey(Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()));
        }
        File home = new File(storeDir, "broker-acl");
        Path conf = home.toPath().resolve("conf");
        Files.createDirectories(conf);
        Path file = conf.resolve("plain_acl.yml");
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, String.join("\n",
            "# written at each start of the proxy's standalone mode: the embedded broker's only account",
            "globalWhiteRemoteAddresses: []",
            "accounts:",
            "  - accessKey: " + auth.getBrokerAccessKey(),
            "    secretKey: " + auth.getBrokerSecretKey(),
            "    admin: true",
            ""), StandardCharsets.UTF_8);
        log.info("standalone: the embedded broker has ACL on; the proxy reaches it as {}", auth.getBrokerAccessKey());
        return home;
    }

    private static String[] split(String list) {
        return list == null || list.isBlank() ? new String[0] : list.trim().split("\\s*,\\s*");
    }

    private static Properties load(String path) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = new FileInputStream(path)) {
            properties.load(in);
        }
        return properties;
    }

    private static void print(PrintStream out, Object config) {
        TreeMap<Object, Object> sorted = new TreeMap<>(MixAll.object2Properties(config));
        // the parts of a config (limits, rocketmq) are printed on their own, key by key
        sorted.values().removeIf(v -> String.valueOf(v).startsWith(HttpProxyConfig.class.getPackageName() + "."));
        sorted.forEach((k, v) -> out.println(k + "=" + (isSecret(String.valueOf(k)) && !String.valueOf(v).isEmpty()
            ? MASK : v)));
    }

    /**
     * A secret on the screen ends up in terminal logs and support tickets: secret keys, passwords and
     * sealing keys are printed as {@value #MASK} when set.
     */
    static boolean isSecret(String key) {
        String k = key.toLowerCase();
        return k.contains("secret") || k.contains("password") || k.endsWith("keys");
    }

    private static void printHelp(Options options, PrintStream out) {
        HelpFormatter formatter = new HelpFormatter();
        PrintWriter pw = new PrintWriter(out);
        formatter.printHelp(pw, 100, "mqhttpproxy", null, options, 2, 4, null, true);
        pw.flush();
    }
}
