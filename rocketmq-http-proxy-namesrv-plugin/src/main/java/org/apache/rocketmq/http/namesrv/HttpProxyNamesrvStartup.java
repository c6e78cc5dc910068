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

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.rocketmq.common.ControllerConfig;
import org.apache.rocketmq.common.JraftConfig;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.constant.LoggerName;
import org.apache.rocketmq.common.namesrv.NamesrvConfig;
import org.apache.rocketmq.controller.ControllerManager;
import org.apache.rocketmq.logging.org.slf4j.Logger;
import org.apache.rocketmq.logging.org.slf4j.LoggerFactory;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;

/**
 * {@code mqhttpnamesrv [-c FILE] [-p] [-h]}: starts a RocketMQ nameserver with the HTTP proxy discovery
 * plugin, the way {@code NamesrvStartup} ({@code mqnamesrv}) starts a stock one: the same options, the
 * same config keys bound onto the same RocketMQ config classes, the same defaults (port 9876), the
 * controller when {@code enableControllerInNamesrv=true}. The plugin's own keys
 * ({@link HttpProxyNamesrvConfig}) share the file.
 */
public final class HttpProxyNamesrvStartup {
    private static final Logger log = LoggerFactory.getLogger(LoggerName.NAMESRV_LOGGER_NAME);
    /** Set by the distribution's launcher: the installation directory, RocketMQ's home when none is set. */
    private static final String DISTRIBUTION_HOME_PROPERTY = "rocketmq.http.proxy.home";

    private HttpProxyNamesrvStartup() {
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
            .desc("Name server config properties file").build());
        options.addOption(Option.builder("p").longOpt("printConfigItem").desc("Print all config items").build());
        options.addOption(Option.builder("h").longOpt("help").desc("Print help").build());
        return options;
    }

    /**
     * Parses the command line, then prints the configuration or starts the nameserver.
     *
     * @return the exit code: 0 when started or printed, 1 for a usage error or a failed start
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
        Configs configs;
        try {
            configs = Configs.load(cmd.getOptionValue('c'), out);
        } catch (IOException e) {
            // checkstyle:cli-output
            System.err.println("cannot read config file: " + e.getMessage());
            // checkstyle:end-cli-output
            return 1;
        }
        if (cmd.hasOption('p')) {
            print(out, configs.namesrv);
            print(out, configs.nettyServer);
            print(out, configs.nettyClient);
            print(out, configs.plugin);
            if (configs.controller != null) {
                print(out, configs.controller);
            }
            return 0;
        }
        try {
            start(configs, out);
            return 0;
        } catch (Exception e) {
            log.error("the nameserver failed to start", e);
            // checkstyle:cli-output
            System.err.println("the nameserver failed to start: " + e);
            // checkstyle:end-cli-output
            return 1;
        }
    }

    private static void start(Configs configs, PrintStream out) throws Exception {
        HttpProxyNamesrvController controller = new HttpProxyNamesrvController(configs.namesrv, configs.nettyServer,
            configs.nettyClient, configs.plugin);
        // as NamesrvStartup does: remember every key of the file, also those of no config class
        controller.getConfiguration().registerConfig(configs.properties);
        if (!controller.initialize()) {
            controller.shutdown();
            throw new IllegalStateException("the nameserver failed to initialize");
        }
        ControllerManager controllerManager = null;
        if (configs.controller != null) {
            controllerManager = new ControllerManager(configs.controller,
                (NettyServerConfig) configs.nettyServer.clone(), configs.nettyClient);
            controllerManager.getConfiguration().registerConfig(configs.properties);
        }
        ControllerManager manager = controllerManager;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (manager != null) {
                manager.shutdown();
            }
            controller.shutdown();
        }, "HttpProxyNamesrvShutdownHook"));
        try {
            controller.start();
        } catch (Exception e) {
            controller.shutdown();
            throw e;
        }
        String tip = String.format("The Name Server boot success. serializeType=%s, address %s:%d, HTTP proxy list on port %d",
            RemotingCommand.getSerializeTypeConfigInThisServer(), configs.nettyServer.getBindAddress(),
            configs.nettyServer.getListenPort(), controller.httpPort());
        log.info(tip);
        out.println(tip);
        if (manager != null) {
            if (!manager.initialize()) {
                manager.shutdown();
                throw new IllegalStateException("the controller failed to initialize");
            }
            manager.start();
            out.println("The ControllerManager boot success. serializeType=" + RemotingCommand.getSerializeTypeConfigInThisServer());
        }
    }

    private static void print(PrintStream out, Object config) {
        for (Map.Entry<Object, Object> e : new TreeMap<>(MixAll.object2Properties(config)).entrySet()) {
            out.println(e.getKey() + "=" + e.getValue());
        }
    }

    private static void printHelp(Options options, PrintStream out) {
        HelpFormatter formatter = new HelpFormatter();
        PrintWriter pw = new PrintWriter(out);
        formatter.printHelp(pw, 110, "mqhttpnamesrv", null, options, 2, 4, null, true);
        pw.flush();
    }

    /**
     * The configs of a nameserver, bound from one properties file as {@code NamesrvStartup} binds them.
     */
    static final class Configs {
        final Properties properties = new Properties();
        final NamesrvConfig namesrv = new NamesrvConfig();
        final NettyServerConfig nettyServer = new NettyServerConfig();
        final NettyClientConfig nettyClient = new NettyClientConfig();
        final HttpProxyNamesrvConfig plugin = new HttpProxyNamesrvConfig();
        ControllerConfig controller;

        static Configs load(String file, PrintStream out) throws IOException {
            System.setProperty(RemotingCommand.REMOTING_VERSION_KEY, Integer.toString(MQVersion.CURRENT_VERSION));
            Configs c = new Configs();
            c.nettyServer.setListenPort(9876);
            if (c.namesrv.getRocketmqHome() == null && System.getProperty(DISTRIBUTION_HOME_PROPERTY) != null) {
                c.namesrv.setRocketmqHome(System.getProperty(DISTRIBUTION_HOME_PROPERTY));
            }
            if (file != null) {
                try (InputStream in = Files.newInputStream(Paths.get(file))) {
                    c.properties.load(in);
                }
                MixAll.properties2Object(c.properties, c.namesrv);
                MixAll.properties2Object(c.properties, c.nettyServer);
                MixAll.properties2Object(c.properties, c.nettyClient);
                MixAll.properties2Object(c.properties, c.plugin);
                if (c.namesrv.isEnableControllerInNamesrv()) {
                    c.controller = new ControllerConfig();
                    JraftConfig jraftConfig = new JraftConfig();
                    c.controller.setJraftConfig(jraftConfig);
                    MixAll.properties2Object(c.properties, c.controller);
                    MixAll.properties2Object(c.properties, jraftConfig);
                }
                c.namesrv.setConfigStorePath(file);
                out.println("load config properties file OK, " + file);
            }
            return c;
        }
    }
}
