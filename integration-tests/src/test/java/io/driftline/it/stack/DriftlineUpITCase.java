package io.driftline.it.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.driftline.it.fixtures.TestingPorts;
import io.driftline.stack.DriftlineUp;
import io.driftline.stack.EmbeddedStack;
import io.driftline.stack.StackConfig;
import io.driftline.stack.alerting.EmbeddedAlertmanager;
import io.driftline.stack.kafka.EmbeddedKafka;
import io.driftline.stack.workload.WorkloadConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./driftline up --duration} end to end, in-process, on free ports: the stack comes up, the
 * ingest job moves the workload's records into MongoDB and the dead-letter topic, status lines are
 * printed, and after the duration everything stops with no child process left behind. A second run
 * on the same work directory finds the first run's data.
 */
class DriftlineUpITCase {

    @TempDir Path workDir;

    @Test
    void upRunsTheIngestJobAndLeavesNoChildProcessBehind() throws Exception {
        Set<Long> before = descendantPids();
        StackConfig config = config();
        DashboardProbe dashboard = new DashboardProbe(config.flinkPort());
        dashboard.start();

        String output = runUp(config, Duration.ofSeconds(25));
        dashboard.join(5_000);

        // what a user sees at http://localhost:8081: the web UI, and the ingest job running
        assertThat(dashboard.indexHtml).contains("Apache Flink Web Dashboard");
        assertThat(dashboard.runningJob).contains("\"name\":\"driftline-feedback-ingest\"");
        assertThat(dashboard.runningJob).contains("\"state\":\"RUNNING\"");

        assertThat(output).contains("Stack up in");
        assertThat(output).contains("Flink dashboard http://localhost:" + config.flinkPort());
        List<long[]> status = statusLines(output);
        assertThat(status).as("status lines in:%n%s", output).hasSizeGreaterThanOrEqualTo(3);
        long[] last = status.get(status.size() - 1);
        assertThat(last[0]).as("produced").isGreaterThan(1_000);
        assertThat(last[2]).as("new ml_feedback documents").isGreaterThan(500);
        assertThat(last[3]).as("dead letters").isGreaterThan(0);
        assertThat(output).contains("ingest RUNNING");
        if (EmbeddedAlertmanager.findBinary().isPresent()) {
            assertThat(output)
                    .contains("Alertmanager    http://127.0.0.1:" + config.alertmanagerPort());
        } else {
            assertThat(output).contains("alerts go to MongoDB 'alerts'");
        }

        assertNoChildProcessLeft(before);
        assertThat(workDir.resolve("kafka/kafka.pid")).doesNotExist();

        // The work directory survives: a second run sees the first run's documents.
        long firstRunDocs = feedbackDocumentsAfterRestart(config);
        assertThat(firstRunDocs).isGreaterThanOrEqualTo(last[2]);
        assertNoChildProcessLeft(before);
    }

    /** Polls the Flink REST API while the stack runs, as the dashboard does. */
    static final class DashboardProbe extends Thread {
        private final HttpClient http = HttpClient.newHttpClient();
        private final int port;
        volatile String indexHtml = "";
        volatile String runningJob = "";

        DashboardProbe(int port) {
            this.port = port;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(250))
                        .ignoreExceptions() // the cluster is still starting
                        .until(
                                () -> {
                                    String jobs = get("/jobs/overview");
                                    if (!jobs.contains("\"state\":\"RUNNING\"")) {
                                        return false;
                                    }
                                    indexHtml = get("/");
                                    runningJob = jobs;
                                    return true;
                                });
            } catch (ConditionTimeoutException e) {
                // asserted by the test: runningJob stays empty
            }
        }

        private String get(String path) throws Exception {
            HttpRequest request =
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .timeout(Duration.ofSeconds(2))
                            .build();
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    private StackConfig config() {
        return TestingPorts.stackConfig(workDir);
    }

    private static String runUp(StackConfig config, Duration duration) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        WorkloadConfig workload = new WorkloadConfig(300, Duration.ofSeconds(10), 0.01, 0.2, 7);
        int code =
                new DriftlineUp(
                                config,
                                workload,
                                false,
                                duration,
                                Duration.ofSeconds(3),
                                Duration.ofSeconds(5))
                        .run(out);
        String output = buffer.toString(StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(code).isZero();
        return output;
    }

    private long feedbackDocumentsAfterRestart(StackConfig config) throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(config, EmbeddedKafka.defaultBrokerLib());
                MongoClient client = MongoClients.create(stack.mongo().connectionString())) {
            assertThat(Files.exists(workDir.resolve("kafka/data/meta.properties"))).isTrue();
            try (var admin = stack.kafka().admin()) {
                assertThat(admin.listTopics().names().get()).containsAll(StackConfig.TOPICS);
            }
            return client.getDatabase("driftline").getCollection("ml_feedback").countDocuments();
        }
    }

    private static final Pattern STATUS =
            Pattern.compile(
                    "produced (\\d+) \\((\\d+) malformed on purpose\\) \\| ml_feedback \\+(\\d+) docs \\| dead-letter \\+(\\d+)");

    static List<long[]> statusLines(String output) {
        return output.lines()
                .map(STATUS::matcher)
                .filter(Matcher::find)
                .map(
                        m ->
                                new long[] {
                                    Long.parseLong(m.group(1)),
                                    Long.parseLong(m.group(2)),
                                    Long.parseLong(m.group(3)),
                                    Long.parseLong(m.group(4))
                                })
                .collect(Collectors.toList());
    }

    private static Set<Long> descendantPids() {
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    private static void assertNoChildProcessLeft(Set<Long> before) {
        List<String> left =
                ProcessHandle.current()
                        .descendants()
                        .filter(ProcessHandle::isAlive)
                        .filter(p -> !before.contains(p.pid()))
                        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                        .collect(Collectors.toList());
        assertThat(left).as("child processes still running").isEmpty();
    }
}
