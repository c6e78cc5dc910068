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

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.rocketmq.http.client.BatchResult;
import org.apache.rocketmq.http.client.HttpSimpleConsumer;
import org.apache.rocketmq.http.client.ReceivedMessage;

/**
 * {@code consumeMessage}: receives up to {@code -c} messages of a topic for a consumer group, prints
 * them and acks what it printed. It stops early when a receive waited {@code -w} seconds in vain.
 */
public class ConsumeMessageCommand implements SubCommand {
    private static final int MAX_PER_RECEIVE = 32;
    private static final Duration INVISIBLE = Duration.ofSeconds(60);

    @Override
    public String name() {
        return "consumeMessage";
    }

    @Override
    public String description() {
        return "Consume messages (and ack them)";
    }

    @Override
    public void addOptions(Options options) {
        options.addOption(Option.builder("t").longOpt("topic").hasArg().argName("TOPIC").desc("topic name (required)").build());
        options.addOption(Option.builder("g").longOpt("consumerGroup").hasArg().argName("GROUP").desc("consumer group (required)").build());
        options.addOption(Option.builder("c").longOpt("count").hasArg().argName("COUNT").desc("most messages to consume (default 32)").build());
        options.addOption(Option.builder("w").longOpt("waitSeconds").hasArg().argName("SECONDS")
            .desc("how long one receive waits for messages, 0-30 (default 5)").build());
    }

    @Override
    public int execute(CommandLine cmd, ToolContext context) throws UsageException {
        String topic = ToolContext.required(cmd, 't', "TOPIC");
        String group = ToolContext.required(cmd, 'g', "GROUP");
        int count = ToolContext.intOption(cmd, "count", 32);
        int waitSeconds = ToolContext.intOption(cmd, "waitSeconds", 5);
        if (count <= 0 || waitSeconds < 0 || waitSeconds > 30) {
            throw new UsageException("-c must be positive and -w between 0 and 30");
        }
        HttpSimpleConsumer.Builder builder;
        try {
            builder = HttpSimpleConsumer.builder(context.clientConfig(cmd).build()).topic(topic).group(group);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        int consumed = 0;
        context.out().printf("%-34s  %-12s  %-20s  %-24s  %s%n", "#MsgId", "#Tag", "#Keys", "#Queue", "#Body");
        try (HttpSimpleConsumer consumer = builder.build()) {
            while (consumed < count) {
                List<ReceivedMessage> messages = consumer.receive(Math.min(MAX_PER_RECEIVE, count - consumed), INVISIBLE,
                    Duration.ofSeconds(waitSeconds));
                if (messages.isEmpty()) {
                    break;
                }
                List<String> handles = new ArrayList<>();
                for (ReceivedMessage m : messages) {
                    context.out().printf("%-34s  %-12s  %-20s  %-24s  %s%n", m.messageId(), m.tag().orElse("-"),
                        m.keys().isEmpty() ? "-" : String.join(",", m.keys()), m.brokerName() + ":" + m.queueId() + "@" + m.queueOffset(),
                        printable(m.body()));
                    handles.add(m.receiptHandle());
                }
                BatchResult<String> acks = consumer.ackBatch(handles);
                for (int i = 0; i < acks.size(); i++) {
                    if (!acks.get(i).isSuccess()) {
                        context.err().println("ERROR: the ack of message " + messages.get(i).messageId() + " failed: "
                            + acks.get(i).error().getMessage());
                        return ToolContext.FAILED;
                    }
                }
                consumed += messages.size();
            }
        }
        context.out().printf("%d messages consumed and acked%n", consumed);
        return ToolContext.OK;
    }

    /** The body as text when it is UTF-8, else as base64. */
    static String printable(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return "base64:" + Base64.getEncoder().encodeToString(body);
        }
    }
}
