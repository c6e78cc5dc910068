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
import org.apache.commons.cli.Options;

/**
 * One {@code mqhttpadmin} command, as RocketMQ's mqadmin has them: a camelCase name, its own options
 * and {@code -h}.
 */
public interface SubCommand {
    String name();

    String description();

    /**
     * Adds the command's own options to the common ones ({@code -n}, {@code -u}, {@code -h}).
     */
    void addOptions(Options options);

    /**
     * Runs the command.
     *
     * @return the exit code: {@link ToolContext#OK}, or {@link ToolContext#FAILED} after printing why
     * @throws UsageException when the options are incomplete or invalid
     */
    int execute(CommandLine commandLine, ToolContext context) throws UsageException;
}
