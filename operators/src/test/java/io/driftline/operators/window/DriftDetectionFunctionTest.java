package io.driftline.operators.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.core.decision.DriftDecisionConfig;
import io.driftline.core.summary.SummaryConfig;
import io.driftline.core.window.DriftDetectionSettings;
import io.driftline.core.window.WindowSpec;
import io.driftline.events.DriftReport;
import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import io.driftline.events.ModelPublished;
import io.driftline.events.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.junit.jupiter.api.Test;

public class DriftDetectionFunctionTest {

    static final long MINUTE = 60_000;

    static DriftDetectionSettings settings() {
        return settings(null);
    }

    /** The tests' settings with a model catalog (null: none). */
    static DriftDetectionSettings settings(io.driftline.core.catalog.CatalogFile catalog) {
        return new DriftDetectionSettings(
                WindowSpec.tumbling(Duration.ofMinutes(1), Duration.ofSeconds(30)),
                SummaryConfig.defaults(),
                DriftDecisionConfig.defaults(),
                2,
                30,
                "1",
                Duration.ofMinutes(5),
                DriftDetectionSettings.DEFAULT_IDLE_STATE_TTL,
                catalog);
    }

    public static DriftDetectionHarness harness() throws Exception {
        return new DriftDetectionHarness(settings());
    }

    static FeedbackEvent event(
            SplittableRandom rnd, String id, long ts, double mean, FeatureValue actual) {
        double x = mean + rnd.nextGaussian();
        return new FeedbackEvent(
                id,
                "m",
                "1",
                ts,
                Map.of(
                        "x",
                        new FeatureValue.Numeric(x),
                        "c",
                        new FeatureValue.Categorical(rnd.nextBoolean() ? "a" : "b")),
                new FeatureValue.Numeric(x > mean ? 1 : 0),
                0.9,
                actual,
                Map.of());
    }

    @Test
    void learnsAReferenceThenReportsDriftWhenTheWatermarkPassesTheWindow() throws Exception {
        try (var h = harness()) {
            SplittableRandom rnd = new SplittableRandom(1);
            for (int w = 0; w < 4; w++) {
                double mean = w < 3 ? 0 : 3;
                for (int i = 0; i < 500; i++) {
                    long ts = w * MINUTE + i * 100;
                    FeedbackEvent e =
                            event(rnd, "e" + w + "-" + i, ts, mean, new FeatureValue.Numeric(1));
                    h.processElement(e, ts);
                }
                h.processWatermark(new Watermark((w + 1) * MINUTE + 1));
            }
            List<DriftReport> reports = h.extractOutputValues();
            assertThat(reports).hasSize(4);
            assertThat(reports.get(0).referenceVersion()).isNull(); // learning
            assertThat(reports.get(1).referenceVersion()).isNull();
            assertThat(reports.get(2).referenceVersion()).isEqualTo("learned");
            assertThat(reports.get(2).severity()).isEqualTo(Severity.NONE);
            assertThat(reports.get(3).severity()).isEqualTo(Severity.DRIFT);
            assertThat(reports.get(3).windowStart()).isEqualTo(3 * MINUTE);
            assertThat(reports.get(3).n()).isEqualTo(500);

            // state of expired windows is dropped once past the allowed lateness
            h.processWatermark(new Watermark(10 * MINUTE));
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aLateOutcomeCountsInItsPredictionsWindowAndTheReportIsEmittedAgain() throws Exception {
        try (var h = harness()) {
            SplittableRandom rnd = new SplittableRandom(2);
            for (int i = 0; i < 100; i++) {
                h.processElement(event(rnd, "p" + i, i * 100, 0, null), i * 100);
            }
            h.processWatermark(new Watermark(MINUTE + 1));
            assertThat(h.extractOutputValues()).hasSize(1);
            // outcomes arrive 20 s after the window ended, within the 30 s lateness
            for (int i = 0; i < 100; i++) {
                h.processElement(lateOutcome("p" + i), MINUTE + 20_000);
            }
            h.processWatermark(new Watermark(MINUTE + 20_001));
            List<DriftReport> reports = h.extractOutputValues();
            assertThat(reports).hasSize(2);
            assertThat(reports.get(1).reportId()).isEqualTo(reports.get(0).reportId());
        }
    }

    /** The outcome of prediction {@code id}, 20 s after the first window (within its lateness). */
    static FeedbackEvent lateOutcome(String id) {
        return new FeedbackEvent(
                id,
                "m",
                null,
                MINUTE + 20_000,
                Map.of(),
                null,
                null,
                new FeatureValue.Numeric(1),
                Map.of());
    }

    /**
     * Runs 100 predictions (processing time 0) and one more, {@code q} (processing time 4 min), in
     * the first window, closes it, moves processing time to {@code outcomeAt} and sends the
     * outcomes of all of them 20 s after the window (within its lateness); returns the reports.
     */
    private static List<DriftReport> outcomesAt(long outcomeAt) throws Exception {
        try (var h = harness()) {
            SplittableRandom rnd = new SplittableRandom(5);
            h.setProcessingTime(0);
            for (int i = 0; i < 100; i++) {
                h.processElement(event(rnd, "p" + i, i * 100, 0, null), i * 100);
            }
            long buckets =
                    java.util.stream.IntStream.range(0, 100)
                            .map(
                                    i ->
                                            OutcomeJoinOperator.bucketOf(
                                                    io.driftline.core.window.OutcomeJoinRecord
                                                            .outcome(
                                                                    "m",
                                                                    "p" + i,
                                                                    FeatureValue.MISSING)))
                            .distinct()
                            .count();
            assertThat(h.numProcessingTimeTimers())
                    .as("the first stage's idle sweep and one sweep per bucket of pending ones")
                    .isEqualTo(1 + buckets);
            h.setProcessingTime(4 * MINUTE);
            h.processElement(event(rnd, "q", 500, 0, null), 500);
            h.processWatermark(new Watermark(MINUTE + 1));
            long waiting = h.snapshotSize(1, 1);
            h.setProcessingTime(5 * MINUTE); // the sweep: the p's expired, q has 4 min left
            long swept = h.snapshotSize(2, 2);
            assertThat(swept).as("100 expired predictions swept").isLessThan(waiting - 2_000);
            h.setProcessingTime(outcomeAt);
            for (String id : List.of("p0", "p1", "q")) {
                h.processElement(lateOutcome(id), MINUTE + 20_000);
            }
            h.processWatermark(new Watermark(MINUTE + 20_001));
            h.setProcessingTime(20 * MINUTE); // the last sweeps find nothing left, re-arm nothing
            assertThat(h.numProcessingTimeTimers())
                    .as("idle expiry only: the last sweeps found their buckets empty")
                    .isEqualTo(2);
            return h.extractOutputValues();
        }
    }

    @Test
    void anOutcomeJoinsItsPredictionOnlyWithinThePendingTtl() throws Exception {
        // q waits until 9 min: at 8 min its outcome counts and the window is reported again
        assertThat(outcomesAt(8 * MINUTE)).hasSize(2);
        // at 9.5 min q has expired (checked on read), the p's were swept at 5 min
        assertThat(outcomesAt(9 * MINUTE + 30_000)).hasSize(1);
    }

    public static ModelPublished published(int version, double mean, long publishedAt) {
        io.driftline.core.summary.WindowSummary summary =
                new io.driftline.core.summary.WindowSummary(SummaryConfig.defaults());
        SplittableRandom rnd = new SplittableRandom(version);
        for (int i = 0; i < 2_000; i++) {
            double x = mean + rnd.nextGaussian();
            summary.observe(
                    Map.of("x", x, "c", rnd.nextBoolean() ? "a" : "b"), x > mean ? 1.0 : 0.0, 1.0);
        }
        return new ModelPublished(
                "m",
                version,
                version > 1 ? version - 1 : null,
                "t-" + version,
                "file:///models/m/" + version,
                "a".repeat(64),
                Map.of("accuracy", 0.9),
                io.driftline.events.ModelStage.PRODUCTION,
                new io.driftline.core.profile.ReferenceSummary(summary, Map.of("accuracy", 0.5))
                        .toEvent(),
                publishedAt);
    }

    @Test
    void aPublishedVersionReplacesTheReferenceAtOnceAndARollbackSwapsBack() throws Exception {
        try (var h = harness()) {
            SplittableRandom rnd = new SplittableRandom(3);
            h.processBroadcastElement(published(1, 0, 1), 0);
            // traffic around 3: drift against version 1
            for (int i = 0; i < 500; i++) {
                h.processElement(
                        event(rnd, "a" + i, i * 100, 3, new FeatureValue.Numeric(1)), i * 100);
            }
            h.processWatermark(new Watermark(MINUTE + 1));
            // version 2 learned the new traffic: the same traffic is fine against it
            h.processBroadcastElement(published(2, 3, 2), 0);
            for (int i = 0; i < 500; i++) {
                h.processElement(
                        event(rnd, "b" + i, MINUTE + i * 100, 3, new FeatureValue.Numeric(1)), 0);
            }
            h.processWatermark(new Watermark(2 * MINUTE + 1));
            // rollback: version 1 published again (later), so drift again
            h.processBroadcastElement(published(1, 0, 3), 0);
            for (int i = 0; i < 500; i++) {
                h.processElement(
                        event(rnd, "c" + i, 2 * MINUTE + i * 100, 3, new FeatureValue.Numeric(1)),
                        0);
            }
            h.processWatermark(new Watermark(3 * MINUTE + 1));

            List<DriftReport> reports = h.extractOutputValues();
            assertThat(reports)
                    .extracting(DriftReport::referenceVersion)
                    .containsExactly("1", "2", "1");
            assertThat(reports)
                    .extracting(DriftReport::severity)
                    .containsExactly(Severity.DRIFT, Severity.NONE, Severity.DRIFT);
            assertThat(
                            h.getBroadcastState(DriftDetectionFunction.REFERENCES)
                                    .get("m")
                                    .publishedAt())
                    .isEqualTo(3);
        }
    }
}
