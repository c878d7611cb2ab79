package io.driftline.stack.kafka;

import io.driftline.stack.process.ChildProcess;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker in KRaft combined mode (broker and controller in one process), run as
 * a child JVM from the jars that the {@code stack/kafka-broker} module resolves from Maven Central.
 *
 * <p>It keeps its data in {@code workDir}, so topics and offsets survive a restart of the stack;
 * the storage is formatted once, on the first start. Transactions work (replication factor 1 for
 * the transaction state log), which Flink's exactly-once Kafka sink needs.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(workDir, 9092, 19093, brokerLib)) {
 *     kafka.createTopics(List.of("driftline.feedback"), 1);
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    /** System property naming the directory that holds the broker's jars. */
    public static final String BROKER_LIB_PROPERTY = "driftline.kafka.lib";

    private final ChildProcess process;
    private final int port;

    private EmbeddedKafka(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the broker and waits until it answers to an admin client. */
    public static EmbeddedKafka start(Path workDir, int port, int controllerPort, Path brokerLib)
            throws IOException {
        checkBrokerLib(brokerLib);
        Path dataDir = workDir.resolve("data");
        Files.createDirectories(dataDir);
        Path config = workDir.resolve("server.properties");
        Files.writeString(config, serverProperties(dataDir, port, controllerPort));
        Path log4j = workDir.resolve("log4j2.properties");
        Files.writeString(log4j, LOG4J);
        String classpath = brokerLib.toAbsolutePath() + File.separator + "*";
        Path logFile = workDir.resolve("kafka.log");

        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            format(classpath, config, log4j, logFile);
        }

        List<String> command = new ArrayList<>();
        command.add(ChildProcess.javaBinary());
        command.addAll(jvmOptions(log4j));
        command.add("-cp");
        command.add(classpath);
        command.add("kafka.Kafka");
        command.add(config.toAbsolutePath().toString());
        ChildProcess child =
                ChildProcess.start("kafka", command, logFile, workDir.resolve("kafka.pid"));
        EmbeddedKafka kafka = new EmbeddedKafka(child, port);
        try {
            kafka.awaitReady(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    private static void checkBrokerLib(Path brokerLib) {
        boolean present;
        try (var files = Files.list(brokerLib)) {
            present = files.anyMatch(f -> f.getFileName().toString().startsWith("kafka_2.13"));
        } catch (IOException e) {
            present = false;
        }
        if (!present) {
            throw new IllegalStateException(
                    String.format(
                            "No Kafka broker jars in %s. Build them with"
                                    + " 'mvn -B -pl stack/kafka-broker package' (./driftline does"
                                    + " this for you) or set -D%s to a directory holding them.",
                            brokerLib, BROKER_LIB_PROPERTY));
        }
    }

    private static void format(String classpath, Path config, Path log4j, Path logFile)
            throws IOException {
        String clusterId = runTool(classpath, log4j, logFile, "random-uuid").trim();
        String[] lines = clusterId.split("\\R");
        clusterId = lines[lines.length - 1].trim();
        runTool(
                classpath,
                log4j,
                logFile,
                "format",
                "-t",
                clusterId,
                "-c",
                config.toAbsolutePath().toString());
        LOG.info("Formatted Kafka storage, cluster id {}", clusterId);
    }

    private static String runTool(String classpath, Path log4j, Path logFile, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.javaBinary());
        command.add("-Xmx256m");
        command.add("-Dlog4j2.configurationFile=" + log4j.toAbsolutePath());
        command.add("-cp");
        command.add(classpath);
        command.add("kafka.tools.StorageTool");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                Files.writeString(
                        logFile,
                        out,
                        java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
                throw new IOException(
                        "kafka StorageTool " + String.join(" ", args) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while running the Kafka StorageTool", e);
        }
        return out;
    }

    private static List<String> jvmOptions(Path log4j) {
        return List.of(
                "-Xms256m",
                "-Xmx768m",
                "-XX:+UseG1GC",
                "-XX:MaxGCPauseMillis=20",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + log4j.toAbsolutePath(),
                // lets ChildProcess recognise the broker in a stale pid file
                "-Ddriftline.child=kafka");
    }

    static String serverProperties(Path dataDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.setProperty(
                "listeners",
                "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.setProperty("log.dirs", dataDir.toAbsolutePath().toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "4");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "true");
        p.setProperty("log.retention.hours", "168");
        p.setProperty("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        StringBuilder sb = new StringBuilder("# Written by Driftline's embedded stack.\n");
        p.stringPropertyNames().stream()
                .sorted()
                .forEach(k -> sb.append(k).append('=').append(p.getProperty(k)).append('\n'));
        return sb.toString();
    }

    private void awaitReady(Duration timeout) {
        process.awaitReady(
                timeout,
                Duration.ofMillis(200),
                () -> {
                    if (!portOpen()) {
                        return false;
                    }
                    try (Admin admin = admin()) {
                        admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                        return true;
                    }
                });
    }

    private boolean portOpen() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("localhost", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public ChildProcess process() {
        return process;
    }

    /** An admin client for this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(
                Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers(),
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        10_000,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                        20_000));
    }

    /** Creates the topics that do not exist yet. */
    public void createTopics(Collection<String> topics, int partitions) {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing =
                    topics.stream()
                            .filter(t -> !existing.contains(t))
                            .map(t -> new NewTopic(t, partitions, (short) 1))
                            .collect(Collectors.toList());
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            LOG.info(
                    "Created topics {}",
                    missing.stream().map(NewTopic::name).collect(Collectors.toList()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not create topics " + topics, e);
        }
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(20));
    }

    /** Where the broker's jars are: the system property, or the module's build output. */
    public static Path defaultBrokerLib() {
        String configured = System.getProperty(BROKER_LIB_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of("stack", "kafka-broker", "target", "lib");
    }

    private static final String LOG4J =
            String.join(
                    "\n",
                    "rootLogger.level = WARN",
                    "rootLogger.appenderRef.stdout.ref = STDOUT",
                    "appender.stdout.type = Console",
                    "appender.stdout.name = STDOUT",
                    "appender.stdout.layout.type = PatternLayout",
                    "appender.stdout.layout.pattern = [%d] %p %m (%c)%n",
                    "logger.kafka.name = kafka",
                    "logger.kafka.level = WARN",
                    "logger.server.name = kafka.server.KafkaServer",
                    "logger.server.level = INFO",
                    "");
}
