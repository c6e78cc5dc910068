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

import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.rocketmq.http.client.HttpAdmin;
import org.apache.rocketmq.http.client.TopicQueue;

/**
 * {@code topicQueues}: the queues of a topic with their offsets, as mqadmin's topicStatus shows them.
 */
public class TopicQueuesCommand implements SubCommand {
    @Override
    public String name() {
        return "topicQueues";
    }

    @Override
    public String description() {
        return "List the queues of a topic with their offsets";
    }

    @Override
    public void addOptions(Options options) {
        options.addOption(Option.builder("t").longOpt("topic").hasArg().argName("TOPIC").desc("topic name (required)").build());
    }

    @Override
    public int execute(CommandLine cmd, ToolContext context) throws UsageException {
        String topic = ToolContext.required(cmd, 't', "TOPIC");
        List<TopicQueue> queues;
        try (HttpAdmin admin = HttpAdmin.create(context.clientConfig(cmd).build())) {
            queues = admin.topicQueues(topic);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        context.out().printf("%-32s  %-4s  %-20s  %-20s%n", "#Broker Name", "#QID", "#Min Offset", "#Max Offset");
        for (TopicQueue q : queues) {
            context.out().printf("%-32s  %-4d  %-20d  %-20d%n", q.brokerName(), q.queueId(), q.minOffset(), q.maxOffset());
        }
        return ToolContext.OK;
    }
}
