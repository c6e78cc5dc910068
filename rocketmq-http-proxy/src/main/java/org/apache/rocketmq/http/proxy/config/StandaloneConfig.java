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
package org.apache.rocketmq.http.proxy.config;

import java.io.File;

/**
 * Settings of {@code --standalone}: an embedded nameserver and broker in the proxy's JVM, for trying
 * the proxy out without a RocketMQ installation. Keys share the properties file of the proxy.
 */
public class StandaloneConfig {
    private String standaloneStoreDir = System.getProperty("user.home") + File.separator + "rocketmq-http-proxy"
        + File.separator + "standalone";
    private int standaloneNamesrvPort = 9876;
    private int standaloneBrokerPort = 10911;
    private String standaloneClusterName = "DefaultCluster";
    private String standaloneBrokerName = "broker-a";
    private int standaloneQueueNums = 4;
    private int standaloneCommitLogFileBytes = 128 * 1024 * 1024;

    /**
     * Topics created at start, comma separated, each {@code name} or {@code name:TYPE} with TYPE one of
     * NORMAL, FIFO, DELAY, TRANSACTION.
     */
    private String standaloneTopics = "TopicTest,FifoTopicTest:FIFO,DelayTopicTest:DELAY,TransactionTopicTest:TRANSACTION";

    /**
     * Consumer groups created at start, comma separated, each {@code name} or {@code name:ORDERLY}.
     */
    private String standaloneGroups = "GID_HTTP_QUICKSTART,GID_HTTP_FIFO:ORDERLY,HTTP_PROXY_REPLAY";

    public String getStandaloneStoreDir() {
        return standaloneStoreDir;
    }

    public void setStandaloneStoreDir(String standaloneStoreDir) {
        this.standaloneStoreDir = standaloneStoreDir;
    }

    public int getStandaloneNamesrvPort() {
        return standaloneNamesrvPort;
    }

    public void setStandaloneNamesrvPort(int standaloneNamesrvPort) {
        this.standaloneNamesrvPort = standaloneNamesrvPort;
    }

    public int getStandaloneBrokerPort() {
        return standaloneBrokerPort;
    }

    public void setStandaloneBrokerPort(int standaloneBrokerPort) {
        this.standaloneBrokerPort = standaloneBrokerPort;
    }

    public String getStandaloneClusterName() {
        return standaloneClusterName;
    }

    public void setStandaloneClusterName(String standaloneClusterName) {
        this.standaloneClusterName = standaloneClusterName;
    }

    public String getStandaloneBrokerName() {
        return standaloneBrokerName;
    }

    public void setStandaloneBrokerName(String standaloneBrokerName) {
        this.standaloneBrokerName = standaloneBrokerName;
    }

    public int getStandaloneQueueNums() {
        return standaloneQueueNums;
    }

    public void setStandaloneQueueNums(int standaloneQueueNums) {
        this.standaloneQueueNums = standaloneQueueNums;
    }

    public int getStandaloneCommitLogFileBytes() {
        return standaloneCommitLogFileBytes;
    }

    public void setStandaloneCommitLogFileBytes(int standaloneCommitLogFileBytes) {
        this.standaloneCommitLogFileBytes = standaloneCommitLogFileBytes;
    }

    public String getStandaloneTopics() {
        return standaloneTopics;
    }

    public void setStandaloneTopics(String standaloneTopics) {
        this.standaloneTopics = standaloneTopics;
    }

    public String getStandaloneGroups() {
        return standaloneGroups;
    }

    public void setStandaloneGroups(String standaloneGroups) {
        this.standaloneGroups = standaloneGroups;
    }
}
