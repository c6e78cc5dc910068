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
package org.apache.rocketmq.http.proxy.distribution;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * Runs the assembled distribution the way an operator does: {@code bin/mqhttpproxy} as a separate
 * process, in standalone mode, on free ports. Needs the assembly of the package phase; the build
 * passes its directory as the system property {@code distribution.home}.
 */
public class DistributionSmokeIT {
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    /** A key of the shipped config file, set or commented out: {@code listenPort=8181}, {@code # ioThreads=0}. */
    private static final Pattern CONF_KEY = Pattern.compile("(?m)^#?\\s*([A-Za-z][A-Za-z0-9]*)=");
    private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\"\\s*:\\s*\"([^\"]+)\"");
    private static final String[] SCRIPTS = {"mqhttpproxy", "mqhttpproxy-stop", "runserver.sh", "mqhttpnamesrv", "mqhttpadmin",
        "mqhttpsign"};
    /** Small heaps for the extra JVMs of a test (nameserver, second proxy, command line runs). */
    private static final String SMALL_JVM = "-Xms64m -Xmx256m -XX:+UseSerialGC";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path home;
    private Path workDir;
    private Path configFile;
    private int listenPort;
    private int namesrvPort;
    private int brokerPort;
    private final List<RunningProcess> processes = new ArrayList<>();

    @Before
    public void setUp() throws IOException {
        String dir = System.getProperty("distribution.home");
        assertTrue("system property distribution.home is not set", dir != null && !dir.isEmpty());
        home = Paths.get(dir).toAbsolutePath();
        assertTrue("no distribution at " + home + ": run the package phase first", Files.isDirectory(home));
        workDir = Files.createTempDirectory("rmq-http-distribution-it");

        Set<Integer> taken = new HashSet<>();
        listenPort = freePort(taken, 0);
        namesrvPort = freePort(taken, 0);
        // the broker also listens on its port - 2 (the "fast" remoting port)
        brokerPort = freePort(taken, 2);

        configFile = workDir.resolve("http-proxy.conf");
        try (Writer w = Files.newBufferedWriter(configFile, StandardCharsets.ISO_8859_1)) {
            w.write("listenPort=" + listenPort + "\n");
            w.write("bindAddress=127.0.0.1\n");
            w.write("shutdownDrainSeconds=5\n");
            w.write("standaloneNamesrvPort=" + namesrvPort + "\n");
            w.write("standaloneBrokerPort=" + brokerPort + "\n");
            // a properties file: backslashes of the path must be escaped
            w.write("standaloneStoreDir=" + workDir.resolve("store").toString().replace("\\", "\\\\") + "\n");
            w.write("standaloneCommitLogFileBytes=" + (64 * 1024 * 1024) + "\n");
        }
    }

    @After
    public void tearDown() throws Exception {
        for (RunningProcess p : processes) {
            p.kill();
        }
        if (workDir != null) {
            try (Stream<Path> paths = Files.walk(workDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    public void scriptsAreExecutableAndTheTarballHoldsTheSameLayout() throws IOException {
        for (String script : SCRIPTS) {
            assertTrue("bin/" + script + " must be executable", Files.isExecutable(home.resolve("bin").resolve(script)));
        }
        assertTrue(Files.isRegularFile(home.resolve("conf/http-proxy.conf")));
        assertTrue(Files.isRegularFile(home.resolve("conf/plain_acl.yml")));
        assertTrue(Files.isRegularFile(home.resolve("conf/logback.xml")));
        assertTrue(Files.isRegularFile(home.resolve("LICENSE")));
        assertTrue(Files.isRegularFile(home.resolve("NOTICE")));
        assertTrue(Files.isRegularFile(home.resolve("README.md")));
        assertTrue(Files.isRegularFile(home.resolve("conf/http-namesrv.conf")));
        for (String jar : new String[] {"rocketmq-http-proxy", "rocketmq-http-proxy-namesrv-plugin", "rocketmq-http-tools",
            "rocketmq-http-client"}) {
            try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
                assertTrue("lib/ must hold the " + jar + " jar",
                    jars.anyMatch(p -> p.getFileName().toString().matches(jar + "-\\d.*\\.jar")));
            }
        }

        String base = home.getFileName().toString();
        Path tarball = home.resolveSibling(base + ".tar.gz");
        assertTrue("missing " + tarball, Files.isRegularFile(tarball));
        Map<String, Integer> modes = tarModes(tarball);
        for (String script : SCRIPTS) {
            Integer mode = modes.get(base + "/bin/" + script);
            assertTrue(base + "/bin/" + script + " missing from the tarball", mode != null);
            assertEquals("mode of bin/" + script + " in the tarball", 0755, mode & 0777);
        }
        assertTrue(modes.containsKey(base + "/conf/http-proxy.conf"));
        assertTrue(modes.containsKey(base + "/LICENSE"));
    }

    @Test
    public void printConfigShowsTheConfigFileValuesAndExits() throws Exception {
        RunningProcess print = start("-c", configFile.toString(), "--standalone", "-p");
        assertTrue("-p did not exit within " + STOP_TIMEOUT.toSeconds() + " s\n" + print.output(),
            print.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        print.awaitOutputClosed();
        assertEquals("exit code of -p\n" + print.output(), 0, print.process.exitValue());
        String out = print.output();
        assertTrue(out, out.contains("listenPort=" + listenPort));
        assertTrue(out, out.contains("standaloneBrokerPort=" + brokerPort));
        assertTrue(out, out.contains("namesrvAddr="));
        assertTrue("-p must not start a proxy\n" + out, !out.contains("boot success"));

        // the proxy ignores unknown keys, so a key of the shipped file that it does not know is a silent mistake
        Set<String> printed = new HashSet<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                printed.add(line.substring(0, eq));
            }
        }
        Matcher key = CONF_KEY.matcher(Files.readString(home.resolve("conf/http-proxy.conf"), StandardCharsets.ISO_8859_1));
        int documented = 0;
        while (key.find()) {
            documented++;
            assertTrue("conf/http-proxy.conf has key " + key.group(1) + " that the proxy does not know; it knows " + printed,
                printed.contains(key.group(1)));
        }
        assertTrue("no keys found in conf/http-proxy.conf", documented > 10);
    }

    @Test
    public void standaloneProxyServesProducesAndStopsWithExitCodeZeroOnSigterm() throws Exception {
        RunningProcess proxy = start("--standalone", "-c", configFile.toString());
        proxy.awaitLine("boot success", BOOT_TIMEOUT);

        HttpResponse<String> health = get("/health");
        assertEquals("GET /health: " + health.body() + "\n" + proxy.output(), 200, health.statusCode());
        assertTrue(health.body(), health.body().contains("UP"));

        HttpResponse<String> ready = get("/ready");
        long readyDeadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (ready.statusCode() != 200 && System.nanoTime() < readyDeadline) {
            Thread.sleep(200);
            ready = get("/ready");
        }
        assertEquals("GET /ready: " + ready.body() + "\n" + proxy.output(), 200, ready.statusCode());

        HttpResponse<String> sent = http.send(HttpRequest.newBuilder(uri("/v1/topics/TopicTest/messages"))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                    "{\"body\": \"hello from the distribution smoke test\", \"tag\": \"smoke\", \"keys\": [\"smoke-1\"]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("POST /v1/topics/TopicTest/messages: " + sent.body() + "\n" + proxy.output(), 200, sent.statusCode());
        Matcher id = MESSAGE_ID.matcher(sent.body());
        assertTrue("no messageId in " + sent.body(), id.find() && !id.group(1).isBlank());
        assertTrue(sent.body(), sent.body().contains("\"topic\":\"TopicTest\""));

        mqhttpadminCommandsWorkAgainst("http://127.0.0.1:" + listenPort);

        // SIGTERM on Linux: the launcher exec-s the JVM, so the signal reaches the proxy itself
        proxy.process.destroy();
        assertTrue("no exit within " + STOP_TIMEOUT.toSeconds() + " s of SIGTERM\n" + proxy.output(),
            proxy.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        proxy.awaitOutputClosed();
        assertEquals("exit code after SIGTERM\n" + proxy.output(), 0, proxy.process.exitValue());
    }

    /**
     * The commands of bin/mqhttpadmin against the packaged (standalone) proxy, found by its URL. Its
     * embedded nameserver is a stock one, so the proxy lists itself from the KV store.
     */
    private void mqhttpadminCommandsWorkAgainst(String url) throws Exception {
        RunningProcess list = admin("proxyList", "-u", url);
        assertTrue(list.output(), list.text().contains("#Source: namesrv-kv") && list.text().contains(url));

        // a new group starts at the end of the queues: a first receive sets it up, then a message is sent
        RunningProcess none = admin("consumeMessage", "-u", url, "-t", "TopicTest", "-g", "GID_HTTP_QUICKSTART", "-w", "1");
        assertTrue(none.output(), none.text().contains("messages consumed and acked"));
        RunningProcess sent = admin("sendMessage", "-u", url, "-t", "TopicTest", "-p", "hello from mqhttpadmin", "-c", "TagA",
            "-k", "smoke-admin");
        assertTrue(sent.output(), sent.text().contains("SEND_OK") && sent.text().contains("broker-a"));
        RunningProcess consumed = admin("consumeMessage", "-u", url, "-t", "TopicTest", "-g", "GID_HTTP_QUICKSTART", "-c", "1",
            "-w", "10");
        assertTrue(consumed.output(), consumed.text().contains("hello from mqhttpadmin") && consumed.text().contains("smoke-admin")
            && consumed.text().contains("1 messages consumed and acked"));

        RunningProcess queues = admin("topicQueues", "-u", url, "-t", "TopicTest");
        assertTrue(queues.output(), queues.text().contains("#Max Offset") && queues.text().contains("broker-a"));

        RunningProcess usage = run(adminCommand("sendMessage", "-u", url, "-p", "x"));
        assertEquals("a usage error\n" + usage.output(), 1, usage.process.exitValue());
        assertTrue(usage.output(), usage.text().contains("usage: mqhttpadmin sendMessage"));
        RunningProcess failed = run(adminCommand("topicQueues", "-u", url, "-t", "NoSuchTopic"));
        assertEquals("a failed command\n" + failed.output(), 2, failed.process.exitValue());
        assertTrue(failed.output(), failed.text().contains("does not exist"));
    }

    @Test
    public void mqhttpnamesrvListsAPackagedProxyThatRegisteredWithIt() throws Exception {
        Set<Integer> taken = new HashSet<>(List.of(listenPort, namesrvPort, brokerPort, brokerPort - 1, brokerPort - 2));
        int pluginPort = freePort(taken, 0);
        int pluginHttpPort = freePort(taken, 0);
        int proxyPort = freePort(taken, 0);
        Path namesrvConf = workDir.resolve("http-namesrv.conf");
        Files.writeString(namesrvConf, "listenPort=" + pluginPort + "\nhttpListenPort=" + pluginHttpPort + "\n"
            + "kvConfigPath=" + workDir.resolve("namesrv-kv.json").toString().replace("\\", "\\\\") + "\n",
            StandardCharsets.ISO_8859_1);
        RunningProcess namesrv = launch("mqhttpnamesrv", SMALL_JVM, "-c", namesrvConf.toString());
        namesrv.awaitLine("boot success", BOOT_TIMEOUT);
        String proxies = "http://127.0.0.1:" + pluginHttpPort + "/v1/proxies";
        HttpResponse<String> empty = http.send(HttpRequest.newBuilder(URI.create(proxies)).timeout(Duration.ofSeconds(15)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(empty.body(), 200, empty.statusCode());
        assertTrue(empty.body(), empty.body().contains("\"proxies\":[]") && empty.body().contains("\"source\":\"namesrv-plugin\""));
        HttpResponse<String> notFound = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pluginHttpPort + "/v1/x"))
            .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, notFound.statusCode());
        assertTrue(notFound.body(), notFound.body().contains("\"code\":40401"));

        Path proxyConf = workDir.resolve("registering-proxy.conf");
        Files.writeString(proxyConf, "listenPort=" + proxyPort + "\nbindAddress=127.0.0.1\nshutdownDrainSeconds=5\nproxyZone=zone-smoke\n",
            StandardCharsets.ISO_8859_1);
        RunningProcess proxy = launch("mqhttpproxy", SMALL_JVM, "-c", proxyConf.toString(), "-n", "127.0.0.1:" + pluginPort);
        proxy.awaitLine("boot success", BOOT_TIMEOUT);
        String proxyUrl = "http://127.0.0.1:" + proxyPort;
        RunningProcess listed = null;
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            listed = run(adminCommand("proxyList", "-n", "127.0.0.1:" + pluginPort, "--httpPort", Integer.toString(pluginHttpPort)));
            if (listed.process.exitValue() == 0 && listed.text().contains(proxyUrl)) {
                break;
            }
            Thread.sleep(500);
        }
        assertTrue(listed.output() + namesrv.output() + proxy.output(), listed.text().contains(proxyUrl)
            && listed.text().contains("zone-smoke") && listed.text().contains("#Source: namesrv-plugin"));

        proxy.process.destroy();
        assertTrue(proxy.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(proxy.output(), 0, proxy.process.exitValue());
        HttpResponse<String> after = http.send(HttpRequest.newBuilder(URI.create(proxies)).timeout(Duration.ofSeconds(15)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertTrue("a gracefully stopped proxy deregistered: " + after.body(), after.body().contains("\"proxies\":[]"));
    }

    @Test
    public void mqhttpnamesrvPrintsItsConfigAndKnowsEveryKeyOfItsConfFile() throws Exception {
        RunningProcess print = launch("mqhttpnamesrv", SMALL_JVM, "-c", home.resolve("conf/http-namesrv.conf").toString(), "-p");
        assertTrue(print.output(), print.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        print.awaitOutputClosed();
        assertEquals(print.output(), 0, print.process.exitValue());
        Set<String> printed = new HashSet<>();
        for (String line : print.text().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                printed.add(line.substring(0, eq));
            }
        }
        assertTrue(print.output(), printed.contains("listenPort") && printed.contains("httpListenPort") && printed.contains("proxyTtlSeconds"));
        Matcher key = CONF_KEY.matcher(Files.readString(home.resolve("conf/http-namesrv.conf"), StandardCharsets.ISO_8859_1));
        while (key.find()) {
            assertTrue("conf/http-namesrv.conf has key " + key.group(1) + " that mqhttpnamesrv does not know", printed.contains(key.group(1)));
        }
    }

    @Test
    public void standaloneWithAclServesSignedRequestsOfTheReadmesExamples() throws Exception {
        Path acl = workDir.resolve("plain_acl.yml");
        Files.writeString(acl, String.join("\n", "accounts:", "  - accessKey: ExampleAccessKey",
            "    secretKey: ExampleSecretKey", "    defaultTopicPerm: PUB|SUB", "    defaultGroupPerm: SUB", ""),
            StandardCharsets.UTF_8);
        Files.writeString(configFile, "aclEnable=true\naclFile=" + acl.toString().replace("\\", "\\\\") + "\n"
            + "handleSealKeys=distribution-test-seal-key\nbrokerSecretKey=notPrintedInClear\n", StandardCharsets.ISO_8859_1,
            StandardOpenOption.APPEND);
        RunningProcess print = start("-c", configFile.toString(), "-p");
        assertTrue(print.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        print.awaitOutputClosed();
        assertTrue(print.output(), print.output().contains("brokerSecretKey=(set)"));
        assertTrue(print.output(), !print.output().contains("notPrintedInClear") && !print.output().contains("distribution-test-seal"));
        // the embedded broker has ACL on with the proxy's identity: here a random one, since none is set
        Files.writeString(configFile, Files.readString(configFile, StandardCharsets.ISO_8859_1)
            .replace("brokerSecretKey=notPrintedInClear\n", ""), StandardCharsets.ISO_8859_1);

        RunningProcess proxy = start("--standalone", "-c", configFile.toString());
        proxy.awaitLine("boot success", BOOT_TIMEOUT);
        assertTrue(proxy.output(), proxy.output().contains("the embedded broker has ACL on"));

        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(uri("/v1/topics/TopicTest/messages"))
            .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"body\": \"x\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(unsigned.body(), 401, unsigned.statusCode());
        assertEquals("RMQ-HMAC-SHA256", unsigned.headers().firstValue("WWW-Authenticate").orElse(""));

        Map<String, String> env = new HashMap<>();
        env.put("RMQ_ENDPOINT", "http://127.0.0.1:" + listenPort);
        env.put("RMQ_ACCESS_KEY", "ExampleAccessKey");
        env.put("RMQ_SECRET_KEY", "ExampleSecretKey");
        String readme = Files.readString(home.resolve("README.md"), StandardCharsets.UTF_8);

        Files.write(workDir.resolve("payload.bin"), new byte[] {0, 1, 2, 3, (byte) 0xFE});
        String shell = example(readme, "shell").replace("bin/mqhttpsign", home.resolve("bin/mqhttpsign").toString())
            .replace("127.0.0.1:8181", "127.0.0.1:" + listenPort);
        String out = runExample(List.of("bash", "-c", shell), env);
        assertEquals(out, 2, count(out, "\"topic\":\"TopicTest\",\"brokerName\""));
        assertTrue(out, out.contains("{\"messages\":["));

        Files.writeString(workDir.resolve("sign.py"), example(readme, "python"), StandardCharsets.UTF_8);
        checkExample("python3", List.of("python3", "sign.py"), env);
        Files.writeString(workDir.resolve("sign.js"), example(readme, "node"), StandardCharsets.UTF_8);
        checkExample("node", List.of("node", "sign.js"), env);
        Path goDir = Files.createDirectories(workDir.resolve("go"));
        Files.writeString(goDir.resolve("main.go"), example(readme, "go"), StandardCharsets.UTF_8);
        env.put("GOCACHE", workDir.resolve("gocache").toString());
        env.put("GOPATH", workDir.resolve("gopath").toString());
        checkExample("go", List.of("go", "run", goDir.resolve("main.go").toString()), env);

        proxy.process.destroy();
        assertTrue(proxy.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }

    /** The code block that follows {@code <!-- signing-example:NAME -->} in the README. */
    private static String example(String readme, String name) {
        int marker = readme.indexOf("<!-- signing-example:" + name + " -->");
        assertTrue("no " + name + " example in the README", marker >= 0);
        int start = readme.indexOf('\n', readme.indexOf("```", marker)) + 1;
        return readme.substring(start, readme.indexOf("\n```", start) + 1);
    }

    /** Runs an example when its interpreter is installed: it must sign, produce and receive. */
    private void checkExample(String tool, List<String> command, Map<String, String> env) throws Exception {
        if (!onPath(tool)) {
            // checkstyle:cli-output
            System.err.println(tool + " is not installed: its signing example is not run");
            // checkstyle:end-cli-output
            return;
        }
        String out = runExample(command, env);
        assertTrue(tool + ": " + out, out.contains("messageId") && out.contains("messages"));
        assertTrue(tool + ": " + out, !out.contains("40100") && !out.contains("40300"));
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Paths.get(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private String runExample(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        RunningProcess p = new RunningProcess(builder.start());
        processes.add(p);
        assertTrue(command + " did not end\n" + p.output(), p.process.waitFor(180, TimeUnit.SECONDS));
        p.awaitOutputClosed();
        assertEquals(command + "\n" + p.output(), 0, p.process.exitValue());
        return p.output();
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private List<String> adminCommand(String... args) {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/mqhttpadmin").toString());
        command.addAll(List.of(args));
        return command;
    }

    /** Runs bin/mqhttpadmin to its end and expects exit code 0. */
    private RunningProcess admin(String... args) throws Exception {
        RunningProcess p = run(adminCommand(args));
        assertEquals("exit code of mqhttpadmin " + String.join(" ", args) + "\n" + p.output(), 0, p.process.exitValue());
        return p;
    }

    private RunningProcess run(List<String> command) throws Exception {
        RunningProcess p = launch(command, null);
        assertTrue(p.output(), p.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        p.awaitOutputClosed();
        return p;
    }

    private RunningProcess launch(String script, String javaOpt, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin").resolve(script).toString());
        command.addAll(List.of(args));
        return launch(command, javaOpt);
    }

    private RunningProcess start(String... args) throws IOException {
        return launch("mqhttpproxy", null, args);
    }

    private RunningProcess launch(List<String> command, String javaOpt) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        // the JDK running this test, and nothing from the caller's environment that changes the proxy
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.remove("NAMESRV_ADDR");
        env.remove("JAVA_OPT");
        env.remove("JAVA_OPT_EXT");
        if (javaOpt != null) {
            env.put("JAVA_OPT", javaOpt);
        }
        env.put("ROCKETMQ_HTTP_PROXY_LOG_DIR", workDir.resolve("logs").toString());
        RunningProcess p = new RunningProcess(builder.start());
        processes.add(p);
        return p;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(15)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + listenPort + path);
    }

    /**
     * A port below the kernel's ephemeral range (so no outgoing connection takes it meanwhile) that is
     * free, with the {@code below} ports under it free too.
     */
    private static int freePort(Set<Integer> taken, int below) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20000, 30000);
            boolean free = true;
            for (int p = port - below; p <= port && free; p++) {
                free = !taken.contains(p) && canBind(p);
            }
            if (free) {
                for (int p = port - below; p <= port; p++) {
                    taken.add(p);
                }
                return port;
            }
        }
        throw new IllegalStateException("no free port found");
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Path to mode of each entry of a tar.gz (ustar, with POSIX long-name records).
     */
    private static Map<String, Integer> tarModes(Path tarball) throws IOException {
        Map<String, Integer> modes = new HashMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tarball), 1 << 16)) {
            byte[] header = new byte[512];
            String longName = null;
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = text(header, 0, 100);
                String prefix = text(header, 345, 155);
                int mode = (int) octal(header, 100, 8);
                long size = octal(header, 124, 12);
                char type = (char) header[156];
                byte[] data = in.readNBytes((int) ((size + 511) / 512 * 512));
                if (type == 'x') {
                    longName = paxPath(new String(data, 0, (int) size, StandardCharsets.UTF_8));
                    continue;
                }
                String path = longName != null ? longName : prefix.isEmpty() ? name : prefix + "/" + name;
                longName = null;
                modes.put(path.endsWith("/") ? path.substring(0, path.length() - 1) : path, mode);
            }
        }
        return modes;
    }

    private static String paxPath(String records) {
        for (String record : records.split("\n")) {
            int eq = record.indexOf(" path=");
            if (eq >= 0) {
                return record.substring(eq + " path=".length());
            }
        }
        return null;
    }

    private static String text(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int off, int len) {
        String s = text(b, off, len).trim();
        return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    }

    /**
     * A started launcher and everything it printed, read by a daemon thread so the pipe never fills.
     */
    private static final class RunningProcess {
        private final Process process;
        private final StringBuilder output = new StringBuilder();
        private final Thread reader;

        RunningProcess(Process process) {
            this.process = process;
            this.reader = new Thread(this::read, "launcher-output-" + process.pid());
            this.reader.setDaemon(true);
            this.reader.start();
        }

        private void read() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (output) {
                        output.append(line).append('\n');
                        output.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process was killed; what was read stays in output
            }
        }

        /** What the process printed. */
        String text() {
            synchronized (output) {
                return output.toString();
            }
        }

        String output() {
            synchronized (output) {
                return "---- output of " + process.info().command().orElse("the launcher") + " ----\n" + output;
            }
        }

        void awaitLine(String text, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (output) {
                while (output.indexOf(text) < 0) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0 || !process.isAlive() && !reader.isAlive()) {
                        fail("no line with '" + text + "' within " + timeout.toSeconds() + " s"
                            + (process.isAlive() ? "" : ", the process exited with " + process.exitValue()) + "\n" + output());
                    }
                    output.wait(Math.min(left, 500));
                }
            }
        }

        void awaitOutputClosed() throws InterruptedException {
            reader.join(TimeUnit.SECONDS.toMillis(10));
        }

        void kill() throws InterruptedException {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
