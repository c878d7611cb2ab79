package io.driftline.stack.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.events.DeadLetter;
import io.driftline.events.EventJson;
import io.driftline.events.RetrainStatus;
import io.driftline.events.RetrainTrigger;
import io.driftline.events.Severity;
import io.driftline.events.TriggerReason;
import io.driftline.events.TriggerStatus;
import io.driftline.jobs.config.DriftlineOptions;
import io.driftline.jobs.watchdog.RetrainWatchdogConfig;
import io.driftline.jobs.watchdog.RetrainWatchdogJob;
import io.driftline.stack.kafka.EmbeddedKafka;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retrain watchdog job on a Flink MiniCluster with a real Kafka broker and a real Alertmanager,
 * durations shortened to seconds: retrain statuses on the topic make {@code
 * AutoRetrainLongDuration} and {@code AutoRetrainFailed} fire and resolve in Alertmanager, and an
 * invalid status reaches the dead-letter topic with its reason.
 */
class RetrainWatchdogITCase {

    static final String STATUS = "driftline.retrain-status";

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir static Path tmp;

    static EmbeddedKafka kafka;
    static EmbeddedAlertmanager alertmanager;
    static AlertmanagerClient client;

    @BeforeAll
    static void startInfrastructure() throws Exception {
        alertmanager =
                EmbeddedAlertmanager.startIfInstalled(tmp.resolve("alertmanager"), freePort())
                        .orElseThrow(
                                () ->
                                        new AssertionError(
                                                "apt-get install prometheus-alertmanager"));
        client = new AlertmanagerClient(alertmanager.url());
        kafka =
                EmbeddedKafka.start(
                        tmp.resolve("kafka"),
                        freePort(),
                        freePort(),
                        EmbeddedKafka.defaultBrokerLib());
        kafka.createTopics(
                List.of(
                        STATUS,
                        "driftline.retrain-triggers",
                        "driftline.drift-reports",
                        "driftline.dead-letter"),
                2);
    }

    @AfterAll
    static void stopInfrastructure() {
        if (kafka != null) {
            kafka.close();
        }
        if (alertmanager != null) {
            alertmanager.close();
        }
    }

    @Test
    void statusesOnTheTopicFireAndResolveRetrainAlertsInAlertmanager() throws Exception {
        Configuration options = new Configuration();
        options.set(DriftlineOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        options.set(DriftlineOptions.ALERTMANAGER_URL, alertmanager.url());
        options.set(DriftlineOptions.ALERTMANAGER_RESEND_INTERVAL, Duration.ofSeconds(2));
        options.set(DriftlineOptions.ALERTMANAGER_MAX_BACKOFF, Duration.ofSeconds(1));
        options.set(DriftlineOptions.WATCHDOG_MAX_RETRAIN_DURATION, Duration.ofSeconds(3));
        options.set(DriftlineOptions.WATCHDOG_FAILED_ALERT_DURATION, Duration.ofSeconds(4));
        RetrainWatchdogConfig config = RetrainWatchdogConfig.from(options, Map.of());

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(1_000);
        env.getConfig().disableGenericTypes(); // as in production: a Kryo fallback fails the job
        RetrainWatchdogJob.build(
                env,
                config,
                RetrainWatchdogJob.source(config),
                RetrainWatchdogJob.alertSink(config),
                RetrainWatchdogJob.deadLetterSink(config));
        JobClient job = env.executeAsync(RetrainWatchdogJob.NAME);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            // a retrain of "fraud" that runs too long, then completes
            long now = System.currentTimeMillis();
            RetrainTrigger slow = trigger("fraud", now);
            RetrainTrigger slowRunning = slow.withStatus(TriggerStatus.RUNNING, now);
            send(producer, RetrainStatus.of(null, slow, now));
            send(producer, RetrainStatus.of(slow, slowRunning, now));

            JsonNode longRunning =
                    awaitActive("AutoRetrainLongDuration", "trigger_id", slow.triggerId());
            long firedAfterMs = System.currentTimeMillis() - now;
            assertThat(longRunning.path("labels").path("model").asText()).isEqualTo("fraud");
            assertThat(longRunning.path("annotations").path("description").asText())
                    .contains(slow.triggerId(), "longer than 3s");

            long done = System.currentTimeMillis();
            send(
                    producer,
                    RetrainStatus.of(
                            slowRunning,
                            slowRunning.withStatus(TriggerStatus.COMPLETED, done),
                            done));
            awaitInactive("AutoRetrainLongDuration", "trigger_id", slow.triggerId());
            long resolvedAfterMs = System.currentTimeMillis() - done;

            // a retrain of "churn" that fails: the alert clears 4 s after the failure
            long start = System.currentTimeMillis();
            RetrainTrigger failing = trigger("churn", start);
            RetrainTrigger running = failing.withStatus(TriggerStatus.RUNNING, start);
            RetrainTrigger failed =
                    running.withStatus(TriggerStatus.FAILED, start + 100).withError("too few rows");
            send(producer, RetrainStatus.of(null, failing, start));
            send(producer, RetrainStatus.of(failing, running, start));
            send(producer, RetrainStatus.of(running, failed, start + 100));
            byte[] bad =
                    "{\"trigger_id\":\"x\",\"model\":\"churn\",\"to\":\"exploded\",\"ts\":1}"
                            .getBytes(StandardCharsets.UTF_8);
            producer.send(
                    new ProducerRecord<>(STATUS, "churn".getBytes(StandardCharsets.UTF_8), bad));
            producer.flush();

            JsonNode failure = awaitActive("AutoRetrainFailed", "model", "churn");
            assertThat(failure.path("labels").path("severity").asText()).isEqualTo("critical");
            assertThat(failure.path("annotations").path("description").asText())
                    .contains(failing.triggerId(), "too few rows");
            awaitInactive("AutoRetrainFailed", "model", "churn");
            long failedLastedMs = System.currentTimeMillis() - (start + 100);
            assertThat(failedLastedMs).isGreaterThanOrEqualTo(4_000);

            List<DeadLetter> deadLetters = readDeadLetters(1, Duration.ofSeconds(30));
            assertThat(deadLetters)
                    .singleElement()
                    .satisfies(
                            dl -> {
                                assertThat(dl.sourceTopic()).isEqualTo(STATUS);
                                assertThat(dl.reason()).startsWith("invalid value: to");
                                assertThat(dl.payload()).isEqualTo(bad);
                            });
            System.out.printf(
                    "watchdog: AutoRetrainLongDuration visible %d ms after the start (limit 3000),"
                            + " resolved %d ms after completion; AutoRetrainFailed cleared %d ms"
                            + " after the failure (window 4000)%n",
                    firedAfterMs, resolvedAfterMs, failedLastedMs);
        } finally {
            job.cancel().get();
        }
    }

    private static JsonNode awaitActive(String alertname, String label, String value) {
        return await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> client.active(alertname, label, value), Optional::isPresent)
                .orElseThrow();
    }

    private static void awaitInactive(String alertname, String label, String value) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> client.active(alertname, label, value).isEmpty());
    }

    private static RetrainTrigger trigger(String model, long now) {
        return RetrainTrigger.pending(
                model, now, TriggerReason.DRIFT, Severity.DRIFT, null, now, false);
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, RetrainStatus status) {
        producer.send(
                new ProducerRecord<>(
                        STATUS,
                        status.model().getBytes(StandardCharsets.UTF_8),
                        EventJson.toJson(status)));
        producer.flush();
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static List<DeadLetter> readDeadLetters(int expected, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-watchdog-dead-letters");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<DeadLetter> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("driftline.dead-letter"));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    out.add(EventJson.parseDeadLetter(r.value()).value());
                }
            }
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
