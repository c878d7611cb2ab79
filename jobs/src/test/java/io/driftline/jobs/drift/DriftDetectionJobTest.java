package io.driftline.jobs.drift;

import static io.driftline.jobs.TestingRecordSource.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.driftline.events.Alert;
import io.driftline.events.DeadLetter;
import io.driftline.events.DriftReport;
import io.driftline.events.EventJson;
import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import io.driftline.events.RetrainTrigger;
import io.driftline.events.Severity;
import io.driftline.events.TriggerReason;
import io.driftline.jobs.TestingRecordSource;
import io.driftline.jobs.TestingSink;
import io.driftline.jobs.config.DriftlineOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The drift detection job's graph ({@link DriftDetectionJob#build}) on a MiniCluster with bounded
 * in-memory sources (their end moves event time past every window) and collecting sinks: a model
 * learns its reference from its first windows, its inputs then shift, and the job reports drift on
 * the shifted features, raises {@code ModelDriftDetected} and emits exactly one retrain trigger
 * with the reports as evidence; invalid feedback, model updates and retrain statuses become dead
 * letters with their reason.
 */
class DriftDetectionJobTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    static final String MODEL = "credit-risk";
    static final long MINUTE = 60_000;
    static final int WINDOWS = 8;
    static final int PER_WINDOW = 200;
    static final int SHIFT_FROM_WINDOW = 4;

    /** Minute-aligned (like the one-minute windows), recent enough for the contract. */
    static final long T0 = (System.currentTimeMillis() - 30 * MINUTE) / MINUTE * MINUTE;

    @Test
    void shiftedInputsGiveDriftReportsAnAlertAndOneTrigger() throws Exception {
        List<byte[]> feedback = feedback();
        byte[] badFeedback = utf8("not json");
        feedback.add(PER_WINDOW, badFeedback);
        byte[] badUpdate = utf8("{\"model\":\"credit-risk\",\"version\":");
        byte[] badStatus =
                utf8(
                        "{\"trigger_id\":\"x\",\"model\":\"credit-risk\",\"to\":\"exploded\",\"ts\":1}");

        Configuration options = new Configuration();
        options.set(DriftlineOptions.WINDOW_SIZE, Duration.ofMinutes(1));
        DriftDetectionConfig config = DriftDetectionConfig.from(options, Map.of());
        Run run = run(options, feedback, List.of(badUpdate), List.of(badStatus));
        TestingSink<DriftReport> reports = run.reports();
        TestingSink<DriftReport> reportsStored = run.reportsStored();
        TestingSink<RetrainTrigger> triggers = run.triggers();
        TestingSink<RetrainTrigger> triggersStored = run.triggersStored();
        TestingSink<Alert> alerts = run.alerts();
        TestingSink<DeadLetter> deadLetters = run.deadLetters();

        // every full window is reported, to Kafka and to MongoDB alike
        List<DriftReport> all = reports.collected();
        assertThat(all)
                .extracting(DriftReport::windowStart)
                .containsAll(LongStream.range(0, WINDOWS).mapToObj(w -> T0 + w * MINUTE).toList());
        assertThat(reportsStored.collected())
                .extracting(DriftReport::reportId)
                .containsExactlyInAnyOrderElementsOf(
                        all.stream().map(DriftReport::reportId).toList());
        // judged against the learned reference before the shift: no drift
        assertThat(all)
                .filteredOn(r -> r.windowStart() < T0 + SHIFT_FROM_WINDOW * MINUTE)
                .allSatisfy(r -> assertThat(r.severity()).isNotEqualTo(Severity.DRIFT));
        DriftReport shifted =
                all.stream()
                        .filter(r -> r.windowStart() == T0 + SHIFT_FROM_WINDOW * MINUTE)
                        .findFirst()
                        .orElseThrow();
        assertThat(shifted.severity()).isEqualTo(Severity.DRIFT);
        assertThat(shifted.referenceVersion()).isNotNull();
        assertThat(shifted.features())
                .filteredOn(DriftReport.FeatureDrift::drifted)
                .extracting(DriftReport.FeatureDrift::feature)
                .contains("income", "region")
                .doesNotContain("age");

        assertThat(triggers.collected())
                .singleElement()
                .satisfies(
                        t -> {
                            assertThat(t.model()).isEqualTo(MODEL);
                            assertThat(t.reason()).isEqualTo(TriggerReason.DRIFT);
                            assertThat(t.evidence().reportIds()).hasSize(2);
                            assertThat(t.evidence().statistics()).containsKey("income.psi");
                        });
        assertThat(triggersStored.collected()).isEqualTo(triggers.collected());
        assertThat(alerts.collected())
                .anySatisfy(
                        a -> {
                            assertThat(a.alertname()).isEqualTo(Alert.MODEL_DRIFT_DETECTED);
                            assertThat(a.labels()).containsEntry(Alert.MODEL_LABEL, MODEL);
                            assertThat(a.resolved()).isFalse();
                        });

        assertThat(deadLetters.collected())
                .extracting(DeadLetter::sourceTopic, dl -> dl.reason().split(":")[0])
                .containsExactlyInAnyOrder(
                        tuple(config.feedbackTopic(), "malformed json"),
                        tuple(config.modelUpdatesTopic(), "malformed json"),
                        tuple(config.retrainStatusTopic(), "invalid value"));
        assertThat(deadLetters.collected())
                .filteredOn(dl -> dl.sourceTopic().equals(config.feedbackTopic()))
                .singleElement()
                .satisfies(dl -> assertThat(dl.payload()).isEqualTo(badFeedback));
    }

    @Test
    void theDecisionOptionsReachTheRunningJob() throws Exception {
        // every feature must drift: income and region do, age does not, so only a warning
        Configuration allMustDrift = new Configuration();
        allMustDrift.set(DriftlineOptions.WINDOW_SIZE, Duration.ofMinutes(1));
        allMustDrift.set(DriftlineOptions.DECISION_DRIFTED_SHARE, 1.0);
        Run strict = run(allMustDrift, feedback(), List.of(utf8("x")), List.of(utf8("x")));
        assertThat(shiftedWindow(strict).severity()).isEqualTo(Severity.WARNING);
        assertThat(strict.triggers().collected()).isEmpty();

        // ... unless income is critical: its drift alone is the model's
        Configuration critical = new Configuration(allMustDrift);
        critical.setString(DriftlineOptions.DECISION_CRITICAL_FEATURES.key(), "income");
        Run criticalRun = run(critical, feedback(), List.of(utf8("x")), List.of(utf8("x")));
        assertThat(shiftedWindow(criticalRun).severity()).isEqualTo(Severity.DRIFT);
        assertThat(criticalRun.triggers().collected()).hasSize(1);
    }

    private static DriftReport shiftedWindow(Run run) {
        return run.reports().collected().stream()
                .filter(r -> r.windowStart() == T0 + SHIFT_FROM_WINDOW * MINUTE)
                .findFirst()
                .orElseThrow();
    }

    /** What one run of the graph wrote. */
    record Run(
            TestingSink<DriftReport> reports,
            TestingSink<DriftReport> reportsStored,
            TestingSink<RetrainTrigger> triggers,
            TestingSink<RetrainTrigger> triggersStored,
            TestingSink<Alert> alerts,
            TestingSink<DeadLetter> deadLetters) {}

    /** Runs the graph with {@code options} on bounded in-memory topics. */
    private static Run run(
            Configuration options,
            List<byte[]> feedback,
            List<byte[]> modelUpdates,
            List<byte[]> retrainStatuses)
            throws Exception {
        DriftDetectionConfig config = DriftDetectionConfig.from(options, Map.of());
        Run run =
                new Run(
                        new TestingSink<>(),
                        new TestingSink<>(),
                        new TestingSink<>(),
                        new TestingSink<>(),
                        new TestingSink<>(),
                        new TestingSink<>());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1); // one ordered feedback stream: no event is late
        env.getConfig().disableGenericTypes(); // as in production: a Kryo fallback fails the job
        DriftDetectionJob.build(
                env,
                config,
                new DriftDetectionJob.Sources(
                        TestingRecordSource.of(config.feedbackTopic(), feedback),
                        TestingRecordSource.of(config.modelUpdatesTopic(), modelUpdates),
                        null,
                        TestingRecordSource.of(config.retrainStatusTopic(), retrainStatuses),
                        null),
                new DriftDetectionJob.Sinks(
                        run.reports(),
                        run.reportsStored(),
                        run.triggers(),
                        run.triggersStored(),
                        run.alerts(),
                        run.deadLetters()));
        env.execute("drift-detection-graph");
        return run;
    }

    /** {@link #WINDOWS} one-minute windows of feedback in event-time order; inputs shift late. */
    private static List<byte[]> feedback() {
        SplittableRandom random = new SplittableRandom(42);
        String[] regions = {"north", "south", "east"};
        List<byte[]> out = new ArrayList<>();
        long step = MINUTE / PER_WINDOW;
        for (int i = 0; i < WINDOWS * PER_WINDOW; i++) {
            boolean shifted = i / PER_WINDOW >= SHIFT_FROM_WINDOW;
            double income = 50_000 + 10_000 * gaussian(random) + (shifted ? 40_000 : 0);
            String region =
                    shifted && random.nextDouble() < 0.8
                            ? "east"
                            : regions[random.nextInt(regions.length)];
            double age = 40 + 10 * gaussian(random);
            int prediction = income > 50_000 ? 1 : 0;
            int actual = random.nextDouble() < 0.85 ? prediction : 1 - prediction;
            out.add(
                    EventJson.toJson(
                            new FeedbackEvent(
                                    "evt-" + i,
                                    MODEL,
                                    "1",
                                    T0 + i * step,
                                    Map.of(
                                            "income", new FeatureValue.Numeric(income),
                                            "age", new FeatureValue.Numeric(age),
                                            "region", new FeatureValue.Categorical(region)),
                                    new FeatureValue.Numeric(prediction),
                                    0.8,
                                    new FeatureValue.Numeric(actual),
                                    Map.of())));
        }
        return out;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
                * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
