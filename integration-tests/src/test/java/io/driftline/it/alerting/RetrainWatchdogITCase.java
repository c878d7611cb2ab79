package io.driftline.it.alerting;

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
import io.driftline.it.fixtures.AlertmanagerExtension;
import io.driftline.it.fixtures.FlinkClusterExtension;
import io.driftline.it.fixtures.KafkaExtension;
import io.driftline.jobs.config.DriftlineOptions;
import io.driftline.jobs.watchdog.RetrainWatchdogJob;
import io.driftline.stack.StackJobs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The retrain watchdog job on a Flink MiniCluster with a real Kafka broker and a real Alertmanager,
 * durations shortened to seconds: retrain statuses on the topic make {@code
 * AutoRetrainLongDuration} and {@code AutoRetrainFailed} fire and resolve in Alertmanager, and an
 * invalid status reaches the dead-letter topic with its reason.
 */
class RetrainWatchdogITCase {

    static final String STATUS = "driftline.retrain-status";

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    @RegisterExtension
    static final KafkaExtension KAFKA =
            new KafkaExtension(
                    List.of(
                            STATUS,
                            "driftline.retrain-triggers",
                            "driftline.drift-reports",
                            "driftline.dead-letter"),
                    2);

    @RegisterExtension
    static final AlertmanagerExtension ALERTMANAGER = AlertmanagerExtension.required();

    @Test
    void statusesOnTheTopicFireAndResolveRetrainAlertsInAlertmanager() throws Exception {
        Configuration options =
                StackJobs.options(
                        KAFKA.bootstrapServers(),
                        // alerts go to Alertmanager: the job talks to no MongoDB
                        DriftlineOptions.MONGO_URI.defaultValue(),
                        DriftlineOptions.MONGO_DATABASE.defaultValue(),
                        ALERTMANAGER.url(),
                        DriftlineOptions.WINDOW_SIZE.defaultValue());
        // durations shortened to seconds
        options.set(DriftlineOptions.ALERTMANAGER_RESEND_INTERVAL, Duration.ofSeconds(2));
        options.set(DriftlineOptions.ALERTMANAGER_MAX_BACKOFF, Duration.ofSeconds(1));
        options.set(DriftlineOptions.WATCHDOG_MAX_RETRAIN_DURATION, Duration.ofSeconds(3));
        options.set(DriftlineOptions.WATCHDOG_FAILED_ALERT_DURATION, Duration.ofSeconds(4));

        StreamExecutionEnvironment env = FLINK.environment();
        StackJobs.buildWatchdog(env, options);
        JobClient job = env.executeAsync(RetrainWatchdogJob.NAME);
        try (KafkaProducer<byte[], byte[]> producer = KAFKA.producer()) {
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
                .until(
                        () -> ALERTMANAGER.client().active(alertname, label, value),
                        Optional::isPresent)
                .orElseThrow();
    }

    private static void awaitInactive(String alertname, String label, String value) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> ALERTMANAGER.client().active(alertname, label, value).isEmpty());
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

    private static List<DeadLetter> readDeadLetters(int expected, Duration timeout) {
        return KAFKA.readCommitted(
                "driftline.dead-letter",
                expected,
                timeout,
                Duration.ZERO,
                bytes -> EventJson.parseDeadLetter(bytes).value());
    }
}
