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

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.rocketmq.http.client.ClientConfig;
import org.apache.rocketmq.http.client.HttpProducer;
import org.apache.rocketmq.http.client.Message;
import org.apache.rocketmq.http.client.RetryPolicy;
import org.apache.rocketmq.http.client.SendReceipt;

/**
 * {@code sendMessage}: sends one message with a text body, as mqadmin's command of that name.
 */
public class SendMessageCommand implements SubCommand {
    @Override
    public String name() {
        return "sendMessage";
    }

    @Override
    public String description() {
        return "Send a message";
    }

    @Override
    public void addOptions(Options options) {
        options.addOption(Option.builder("t").longOpt("topic").hasArg().argName("TOPIC").desc("topic name (required)").build());
        options.addOption(Option.builder("p").longOpt("body").hasArg().argName("BODY").desc("message body, UTF-8 text (required)").build());
        options.addOption(Option.builder("c").longOpt("tags").hasArg().argName("TAG").desc("message tag").build());
        options.addOption(Option.builder("k").longOpt("keys").hasArg().argName("KEYS").desc("message keys, comma-separated").build());
        options.addOption(Option.builder("g").longOpt("producerGroup").hasArg().argName("GROUP")
            .desc("producer group (default: the proxy's HTTP_PROXY_DEFAULT_PRODUCER)").build());
    }

    @Override
    public int execute(CommandLine cmd, ToolContext context) throws UsageException {
        Message message;
        try {
            Message.Builder builder = Message.builder()
                .topic(ToolContext.required(cmd, 't', "TOPIC"))
                .body(ToolContext.required(cmd, 'p', "BODY"));
            if (cmd.hasOption('c')) {
                builder.tag(cmd.getOptionValue('c'));
            }
            if (cmd.hasOption('k')) {
                builder.keys(cmd.getOptionValue('k').split("\\s*,\\s*"));
            }
            message = builder.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        ClientConfig.Builder config = context.clientConfig(cmd).retryPolicy(RetryPolicy.defaults());
        if (cmd.hasOption('g')) {
            try {
                config.producerGroup(cmd.getOptionValue('g'));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        SendReceipt receipt;
        try (HttpProducer producer = HttpProducer.create(config.build())) {
            receipt = producer.send(message);
        }
        context.out().printf("%-32s  %-4s  %-12s  %-20s  %s%n", "#Broker Name", "#QID", "#Queue Offset", "#Send Result", "#MsgId");
        context.out().printf("%-32s  %-4d  %-12d  %-20s  %s%n", receipt.brokerName(), receipt.queueId(), receipt.queueOffset(),
            "SEND_OK", receipt.messageId());
        return ToolContext.OK;
    }
}
