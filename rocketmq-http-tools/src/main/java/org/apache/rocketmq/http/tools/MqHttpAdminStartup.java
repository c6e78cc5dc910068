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
package org.apache.rocketmq.http.tools;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.rocketmq.http.client.HttpProxyClientException;
import org.apache.rocketmq.http.tools.command.ConsumeMessageCommand;
import org.apache.rocketmq.http.tools.command.ProxyListCommand;
import org.apache.rocketmq.http.tools.command.SendMessageCommand;
import org.apache.rocketmq.http.tools.command.SubCommand;
import org.apache.rocketmq.http.tools.command.ToolContext;
import org.apache.rocketmq.http.tools.command.TopicQueuesCommand;
import org.apache.rocketmq.http.tools.command.UsageException;

/**
 * {@code mqhttpadmin <command> [options]}: RocketMQ's mqadmin habits over the HTTP proxies, built on
 * the Java SDK. {@code mqhttpadmin help} lists the commands, {@code mqhttpadmin <command> -h} shows
 * one. Exit codes: 0 done, 1 usage error, 2 the command failed.
 */
public final class MqHttpAdminStartup {
    private static final String APP = "mqhttpadmin";
    /** Kept: the JDK holds its loggers weakly, and a collected one would forget its level. */
    private static final Logger SDK_LOGGER = Logger.getLogger("org.apache.rocketmq.http.client");

    private MqHttpAdminStartup() {
    }

    public static void main(String[] args) {
        // the SDK's notes on discovered and marked-down proxies are for services; a command prints its own outcome
        SDK_LOGGER.setLevel(Level.WARNING);
        int code = run(args, new ToolContext(System.out, System.err, System.getenv()));
        System.exit(code);
    }

    static Map<String, SubCommand> commands() {
        Map<String, SubCommand> commands = new LinkedHashMap<>();
        for (SubCommand c : Arrays.asList(new ProxyListCommand(), new SendMessageCommand(), new ConsumeMessageCommand(),
            new TopicQueuesCommand())) {
            commands.put(c.name(), c);
        }
        return commands;
    }

    /**
     * @return the exit code
     */
    public static int run(String[] args, ToolContext context) {
        Map<String, SubCommand> commands = commands();
        if (args.length == 0) {
            printCommands(commands, context.err());
            return ToolContext.USAGE;
        }
        if (args[0].equals("help") || args[0].equals("-h") || args[0].equals("--help")) {
            if (args.length > 1 && commands.containsKey(args[1])) {
                printHelp(commands.get(args[1]), context.out());
            } else {
                printCommands(commands, context.out());
            }
            return ToolContext.OK;
        }
        SubCommand command = commands.get(args[0]);
        if (command == null) {
            context.err().println("The sub command " + args[0] + " does not exist.");
            printCommands(commands, context.err());
            return ToolContext.USAGE;
        }
        Options options = options(command);
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        CommandLine cmd;
        try {
            cmd = new DefaultParser().parse(options, rest.toArray(new String[0]));
        } catch (ParseException e) {
            context.err().println("ERROR: " + e.getMessage());
            printHelp(command, context.err());
            return ToolContext.USAGE;
        }
        if (cmd.hasOption('h')) {
            printHelp(command, context.out());
            return ToolContext.OK;
        }
        if (!cmd.getArgList().isEmpty()) {
            context.err().println("ERROR: unexpected arguments " + cmd.getArgList());
            printHelp(command, context.err());
            return ToolContext.USAGE;
        }
        try {
            return command.execute(cmd, context);
        } catch (UsageException e) {
            context.err().println("ERROR: " + e.getMessage());
            printHelp(command, context.err());
            return ToolContext.USAGE;
        } catch (HttpProxyClientException e) {
            context.err().println("ERROR: " + command.name() + " failed: " + e.getMessage());
            return ToolContext.FAILED;
        } catch (RuntimeException e) {
            context.err().println("ERROR: " + command.name() + " failed: " + e);
            return ToolContext.FAILED;
        }
    }

    private static Options options(SubCommand command) {
        Options options = new Options();
        ToolContext.addCommonOptions(options);
        command.addOptions(options);
        return options;
    }

    private static void printHelp(SubCommand command, PrintStream out) {
        HelpFormatter formatter = new HelpFormatter();
        PrintWriter pw = new PrintWriter(out);
        formatter.printHelp(pw, 110, APP + " " + command.name(), command.description(), options(command), 2, 4, null, true);
        pw.flush();
    }

    private static void printCommands(Map<String, SubCommand> commands, PrintStream out) {
        out.println("usage: " + APP + " <command> [-n NAMESRV_ADDR | -u PROXY_URL] [options]");
        out.println();
        out.println("The commands are:");
        for (SubCommand c : commands.values()) {
            out.printf("   %-20s %s%n", c.name(), c.description());
        }
        out.println();
        out.println("See '" + APP + " help <command>' or '" + APP + " <command> -h' for one command.");
    }
}
