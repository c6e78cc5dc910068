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

import java.text.SimpleDateFormat;
import java.util.Date;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.apache.rocketmq.http.client.HttpAdmin;
import org.apache.rocketmq.http.client.ProxyInfo;
import org.apache.rocketmq.http.client.ProxyList;

/**
 * {@code proxyList}: the live proxies, from a nameserver's discovery plugin ({@code -n}) or a proxy
 * ({@code -u}).
 */
public class ProxyListCommand implements SubCommand {
    @Override
    public String name() {
        return "proxyList";
    }

    @Override
    public String description() {
        return "List the live HTTP proxies";
    }

    @Override
    public void addOptions(Options options) {
    }

    @Override
    public int execute(CommandLine cmd, ToolContext context) throws UsageException {
        ProxyList list;
        try (HttpAdmin admin = HttpAdmin.create(context.clientConfig(cmd).build())) {
            list = admin.proxies();
        }
        SimpleDateFormat time = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss");
        context.out().printf("#Source: %s%n", list.source());
        context.out().printf("%-40s  %-12s  %-16s  %-24s  %-19s  %s%n", "#URL", "#Zone", "#Version", "#Id", "#Start Time",
            "#Last Heartbeat");
        for (ProxyInfo p : list.proxies()) {
            context.out().printf("%-40s  %-12s  %-16s  %-24s  %-19s  %s%n", p.url(), p.zone().isEmpty() ? "-" : p.zone(),
                p.version(), p.id(), time.format(new Date(p.startTime())), time.format(new Date(p.lastHeartbeat())));
        }
        return ToolContext.OK;
    }
}
