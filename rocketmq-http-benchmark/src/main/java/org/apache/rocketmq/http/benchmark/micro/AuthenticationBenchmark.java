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
package org.apache.rocketmq.http.benchmark.micro;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.http.client.internal.RequestSigner;
import org.apache.rocketmq.http.proxy.auth.Access;
import org.apache.rocketmq.http.proxy.auth.AclFileWatcher;
import org.apache.rocketmq.http.proxy.auth.AuthRequest;
import org.apache.rocketmq.http.proxy.auth.Authenticator;
import org.apache.rocketmq.http.proxy.auth.Caller;
import org.apache.rocketmq.http.proxy.common.ProxyMetrics;
import org.apache.rocketmq.http.proxy.config.AuthConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What access control costs per request, without a network or a broker in the way: the SDK signing a
 * 1 KiB produce ({@code sign}), and the proxy establishing the caller and checking its permission on the
 * topic as its dispatcher does for every request ({@code signAndCheck}, less {@code signAndMap}, which
 * does everything but the check: signing and the header map the dispatcher builds with or without ACL).
 * Run with {@code bin/mqhttpbenchmark --micro AuthenticationBenchmark}; see docs/BENCHMARKS.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class AuthenticationBenchmark {
    private static final String ACCESS_KEY = "benchmarkAccount";
    private static final String SECRET_KEY = "benchmarkAccountSecret";
    private static final String TOPIC = "BenchmarkTopic";
    private static final String PATH = "/topics/" + TOPIC + "/messages";
    private static final String CONTENT_TYPE = "application/octet-stream";

    @Param("1024")
    public int bodyBytes;

    private Path dir;
    private AclFileWatcher acl;
    private Authenticator authenticator;
    private RequestSigner signer;
    private byte[] body;
    private Map<String, String> pathParams;
    private Map<String, String> plainHeaders;

    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("auth-benchmark");
        Path file = dir.resolve("plain_acl.yml");
        Files.writeString(file, String.join("\n", "accounts:", "  - accessKey: " + ACCESS_KEY, "    secretKey: " + SECRET_KEY,
            "    defaultTopicPerm: DENY", "    defaultGroupPerm: SUB", "    topicPerms:", "      - " + TOPIC + "=PUB|SUB", ""),
            StandardCharsets.UTF_8);
        acl = new AclFileWatcher(file.toFile());
        acl.start();
        AuthConfig config = new AuthConfig();
        config.setAclEnable(true);
        // far more than the nonces of a fork's measurement, so the guard never fills
        config.setAclMaxNonces(64_000_000);
        authenticator = Authenticator.create(config, acl, new ProxyMetrics(), System::currentTimeMillis);
        signer = new RequestSigner(ACCESS_KEY, SECRET_KEY);
        body = new byte[bodyBytes];
        ThreadLocalRandom.current().nextBytes(body);
        pathParams = Map.of(Access.TOPIC_PARAM, TOPIC);
        plainHeaders = Map.of("Host", "127.0.0.1:8181", "User-Agent", "rocketmq-http-client", "Content-Type", CONTENT_TYPE,
            "Content-Length", Integer.toString(bodyBytes), "X-RMQ-Keys", "order-42");
    }

    @TearDown
    public void tearDown() throws IOException {
        acl.shutdown();
        for (File f : dir.toFile().listFiles()) {
            Files.delete(f.toPath());
        }
        Files.delete(dir);
    }

    /**
     * The client's part: the SDK's signer computing date, nonce and signature of one request.
     */
    @Benchmark
    public Map<String, String> sign() {
        return signer.sign("POST", PATH, null, CONTENT_TYPE, body, plainHeaders);
    }

    /**
     * Everything of {@link #signAndCheck()} but the check.
     */
    @Benchmark
    public AuthRequest signAndMap() {
        return request();
    }

    @Benchmark
    public Caller signAndCheck() {
        return authenticator.check(Access.TOPIC_PUB, request());
    }

    private AuthRequest request() {
        Map<String, String> added = signer.sign("POST", PATH, null, CONTENT_TYPE, body, plainHeaders);
        SortedMap<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(plainHeaders);
        headers.putAll(added);
        return new AuthRequest("POST", PATH, "", headers, body, "127.0.0.1", false, pathParams,
            Collections.<String, List<String>>emptyMap());
    }
}
