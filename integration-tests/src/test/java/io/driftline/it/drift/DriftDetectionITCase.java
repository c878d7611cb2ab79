package io.driftline.it.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.driftline.events.Alert;
import io.driftline.events.DriftReport;
import io.driftline.events.EventJson;
import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import io.driftline.events.RetrainTrigger;
import io.driftline.events.Severity;
import io.driftline.events.TriggerReason;
import io.driftline.it.fixtures.AlertmanagerClient;
import io.driftline.it.fixtures.AlertmanagerExtension;
import io.driftline.it.fixtures.FlinkClusterExtension;
import io.driftline.it.fixtures.KafkaExtension;
import io.driftline.it.fixtures.MongoExtension;
import io.driftline.jobs.config.DriftlineOptions;
import io.driftline.jobs.drift.DriftDetectionJob;
import io.driftline.stack.StackConfig;
import io.driftline.stack.StackJobs;
import io.driftline.stack.workload.SyntheticModel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DriftDetectionJob on a MiniCluster with a real Kafka broker and the MongoDB-protocol server, on
 * simulated event time (one-minute windows, produced in seconds). Three models in one run: a
 * stationary one (no trigger in 30 windows), one with an injected feature shift and concept change
 * (drift reports show it; exactly one trigger, in Kafka and MongoDB), and one whose outcomes go bad
 * while its inputs stay the same (a performance trigger).
 */
class DriftDetectionITCase {

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    @RegisterExtension
    static final KafkaExtension KAFKA = new KafkaExtension(StackConfig.TOPICS, 1);

    @RegisterExtension static final MongoExtension MONGO = new MongoExtension();

    @RegisterExtension
    static final AlertmanagerExtension ALERTMANAGER = AlertmanagerExtension.optional();

    /** Minute-aligned, like the job's windows. */
    static final long T0 = 1_700_000_040_000L;

    static final long MINUTE = 60_000;
    static final int PER_WINDOW = 1_000;
    static final int WINDOWS = 30;
    static final int DRIFT_FROM_WINDOW = 8;

    @Test
    void stationaryModelsStayQuietAndDriftOrBadOutcomesGiveExactlyOneTrigger() throws Exception {
        Configuration options =
                StackJobs.options(
                        KAFKA.bootstrapServers(),
                        MONGO.connectionString(),
                        "drift_it",
                        ALERTMANAGER.urlIfRunning().orElse(null),
                        Duration.ofMinutes(1));
        // a replay of history (November 2023) at its own pace, with the job's defaults otherwise
        options.set(DriftlineOptions.IDLENESS, Duration.ofSeconds(2));
        options.set(
                DriftlineOptions.OUT_OF_ORDERNESS,
                DriftlineOptions.OUT_OF_ORDERNESS.defaultValue());
        options.set(
                DriftlineOptions.BOOTSTRAP_WINDOWS,
                DriftlineOptions.BOOTSTRAP_WINDOWS.defaultValue());
        options.set(
                DriftlineOptions.DEAD_LETTER_FEEDBACK,
                DriftlineOptions.DEAD_LETTER_FEEDBACK.defaultValue());
        options.set(DriftlineOptions.METRIC_RULES, List.of());
        // the contract's event-time window must admit the replayed history
        options.set(DriftlineOptions.MAX_EVENT_AGE, Duration.ofDays(3650));

        StreamExecutionEnvironment env = FLINK.environment();
        StackJobs.buildDrift(env, options);
        JobClient job = env.executeAsync(DriftDetectionJob.NAME);
        try {
            produceWorkload();

            MongoDatabase db = MONGO.database("drift_it");
            // every model's last full window has been evaluated
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> lastWindowsEvaluated(db));

            List<DriftReport> stable = reports(db, "stable");
            assertThat(stable).hasSizeGreaterThanOrEqualTo(WINDOWS);
            assertThat(stable)
                    .allSatisfy(
                            r ->
                                    assertThat(r.severity())
                                            .as(r.reportId())
                                            .isNotEqualTo(Severity.DRIFT));
            assertThat(stable.stream().filter(r -> r.referenceVersion() != null).count())
                    .as("windows evaluated against the learned reference")
                    .isGreaterThanOrEqualTo(WINDOWS - 2);

            List<DriftReport> shifty = reports(db, "shifty");
            DriftReport drifted =
                    shifty.stream()
                            .filter(r -> r.windowStart() == T0 + (DRIFT_FROM_WINDOW + 1) * MINUTE)
                            .findFirst()
                            .orElseThrow();
            assertThat(drifted.severity()).isEqualTo(Severity.DRIFT);
            assertThat(drifted.features())
                    .filteredOn(DriftReport.FeatureDrift::drifted)
                    .extracting(DriftReport.FeatureDrift::feature)
                    .contains("income", "region");
            assertThat(
                            drifted.features().stream()
                                    .filter(f -> f.feature().equals("income"))
                                    .findFirst()
                                    .orElseThrow()
                                    .statistics()
                                    .get("psi"))
                    .isGreaterThan(0.25);
            assertThat(
                            shifty.stream()
                                    .filter(
                                            r ->
                                                    r.windowEnd() <= T0 + DRIFT_FROM_WINDOW * MINUTE
                                                            && r.referenceVersion() != null))
                    .allSatisfy(r -> assertThat(r.severity()).isNotEqualTo(Severity.DRIFT));

            List<DriftReport> perf = reports(db, "perf");
            DriftReport degraded = perf.get(perf.size() - 1);
            assertThat(degraded.performance()).isNotNull();
            assertThat(degraded.performance().severity()).isEqualTo(Severity.DRIFT);
            assertThat(degraded.performance().delta()).isLessThan(-0.05);

            // triggers: exactly one per drifting model, in Kafka and in MongoDB
            List<RetrainTrigger> triggers = readTriggers(2, Duration.ofSeconds(60));
            assertThat(triggers)
                    .extracting(RetrainTrigger::model)
                    .containsExactlyInAnyOrder("shifty", "perf");
            RetrainTrigger shiftyTrigger =
                    triggers.stream()
                            .filter(t -> t.model().equals("shifty"))
                            .findFirst()
                            .orElseThrow();
            assertThat(shiftyTrigger.reason()).isEqualTo(TriggerReason.DRIFT);
            // two drifted windows in a row, or fewer when the error-stream detector's drift came
            // first (the policy's detector fast path)
            assertThat(shiftyTrigger.evidence().reportIds())
                    .isNotEmpty()
                    .hasSizeLessThanOrEqualTo(2);
            assertThat(shiftyTrigger.evidence().statistics()).containsKey("income.psi");
            assertThat(
                            triggers.stream()
                                    .filter(t -> t.model().equals("perf"))
                                    .findFirst()
                                    .orElseThrow()
                                    .reason())
                    .isEqualTo(TriggerReason.PERFORMANCE);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> db.getCollection("retraining_triggers").countDocuments() == 2);
            Document stored =
                    db.getCollection("retraining_triggers")
                            .find(Filters.eq("_id", shiftyTrigger.triggerId()))
                            .first();
            assertThat(stored.getString("status")).isEqualTo("pending");
            assertThat(stored.getString("reason")).isEqualTo("drift");

            // the alerts: in Alertmanager when it runs, else in MongoDB's alerts collection
            if (ALERTMANAGER.running()) {
                AlertmanagerClient am = ALERTMANAGER.client();
                try {
                    await().atMost(Duration.ofSeconds(30))
                            .until(
                                    () ->
                                            am.active(Alert.MODEL_DRIFT_DETECTED, "model", "shifty")
                                                            .isPresent()
                                                    && am.active(
                                                                    Alert
                                                                            .MODEL_PERFORMANCE_DEGRADED,
                                                                    "model",
                                                                    "perf")
                                                            .isPresent());
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("active alerts: " + am.activeAlerts(), e);
                }
                JsonNode drift =
                        am.active(Alert.MODEL_DRIFT_DETECTED, "model", "shifty").orElseThrow();
                assertThat(drift.path("labels").path("severity").asText()).isEqualTo("warning");
                assertThat(drift.path("annotations").path("summary").asText()).contains("income");
                assertThat(am.active(Alert.MODEL_DRIFT_DETECTED, "model", "stable")).isEmpty();
            } else {
                await().atMost(Duration.ofSeconds(30))
                        .until(
                                () ->
                                        db.getCollection("alerts")
                                                        .countDocuments(
                                                                Filters.eq(
                                                                        "alertname",
                                                                        Alert.MODEL_DRIFT_DETECTED))
                                                >= 1);
            }
        } finally {
            job.cancel().get();
        }
    }

    private static boolean lastWindowsEvaluated(MongoDatabase db) {
        long last =
                db.getCollection("drift_reports")
                        .countDocuments(Filters.eq("window_end", T0 + WINDOWS * MINUTE));
        System.out.printf(
                "drift reports: %d, of the last window: %d%n",
                db.getCollection("drift_reports").countDocuments(), last);
        return last == 3;
    }

    /** 30 one-minute windows of event time for three models, interleaved, with late outcomes. */
    private static void produceWorkload() throws Exception {
        SplittableRandom rnd = new SplittableRandom(7);
        SyntheticModel world = SyntheticModel.creditRisk();
        ArrayDeque<FeedbackEvent> lateOutcomes = new ArrayDeque<>();
        try (KafkaProducer<byte[], byte[]> producer =
                KAFKA.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, "20"))) {
            long step = MINUTE / PER_WINDOW;
            for (long i = 0; i < (long) WINDOWS * PER_WINDOW; i++) {
                long ts = T0 + i * step;
                int window = (int) (i / PER_WINDOW);
                send(producer, event(rnd, world, "stable", ts, false, false, lateOutcomes));
                send(
                        producer,
                        event(
                                rnd,
                                world,
                                "shifty",
                                ts,
                                window >= DRIFT_FROM_WINDOW,
                                false,
                                lateOutcomes));
                send(
                        producer,
                        event(
                                rnd,
                                world,
                                "perf",
                                ts,
                                false,
                                window >= DRIFT_FROM_WINDOW,
                                lateOutcomes));
                // outcomes arrive ~200 events (12 s of event time) after their predictions
                while (lateOutcomes.size() > 600) {
                    send(producer, lateOutcomes.pollFirst());
                }
            }
            lateOutcomes.forEach(o -> send(producer, o));
            // one event far ahead moves event time past the last window for every model
            send(
                    producer,
                    event(
                            rnd,
                            world,
                            "clock",
                            T0 + (WINDOWS + 3) * MINUTE,
                            false,
                            false,
                            new ArrayDeque<>()));
            producer.flush();
        }
    }

    private static FeedbackEvent event(
            SplittableRandom rnd,
            SyntheticModel world,
            String model,
            long ts,
            boolean drifted,
            boolean badOutcomes,
            ArrayDeque<FeedbackEvent> lateOutcomes) {
        SyntheticModel.Draw draw = world.draw(rnd, drifted);
        FeatureValue actual = draw.actual();
        if (badOutcomes && rnd.nextDouble() < 0.4) {
            actual = new FeatureValue.Numeric(1 - ((FeatureValue.Numeric) actual).value());
        }
        String id = new UUID(rnd.nextLong(), rnd.nextLong()).toString();
        boolean late = rnd.nextDouble() < 0.2;
        if (late) {
            lateOutcomes.addLast(
                    new FeedbackEvent(
                            id, model, null, ts + 12_000, Map.of(), null, null, actual, Map.of()));
        }
        return new FeedbackEvent(
                id,
                model,
                "1",
                ts,
                draw.features(),
                draw.prediction(),
                draw.confidence(),
                late ? null : actual,
                Map.of());
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, FeedbackEvent e) {
        producer.send(
                new ProducerRecord<>(
                        StackConfig.TOPIC_FEEDBACK,
                        e.model().getBytes(StandardCharsets.UTF_8),
                        EventJson.toJson(e)));
    }

    private static List<DriftReport> reports(MongoDatabase db, String model) {
        List<DriftReport> out = new ArrayList<>();
        for (Document d :
                db.getCollection("drift_reports")
                        .find(Filters.eq("model", model))
                        .sort(new Document("window_start", 1))) {
            d.remove("_id");
            out.add(
                    EventJson.parseDriftReport(d.toJson().getBytes(StandardCharsets.UTF_8))
                            .value());
        }
        return out;
    }

    private static List<RetrainTrigger> readTriggers(int expected, Duration timeout) {
        // keep reading a little after the expected count to catch duplicates
        return KAFKA.readCommitted(
                StackConfig.TOPIC_RETRAIN_TRIGGERS,
                expected,
                timeout,
                Duration.ofSeconds(4),
                b -> EventJson.parseRetrainTrigger(b).value());
    }
}
