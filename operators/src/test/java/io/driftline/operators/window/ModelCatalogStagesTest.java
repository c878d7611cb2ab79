package io.driftline.operators.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.core.catalog.CatalogFile;
import io.driftline.core.decision.DriftDecisionConfig;
import io.driftline.core.window.DriftDetectionSettings;
import io.driftline.events.DriftReport;
import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import io.driftline.events.Severity;
import io.driftline.operators.ingest.EventValidationFunction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model catalog in the window stages and the evaluation: a score model's performance is that of
 * its decision threshold, and an edit of the file changes the next window's verdict with no
 * restart.
 */
class ModelCatalogStagesTest {

    static final long MINUTE = 60_000;

    @TempDir Path dir;

    static DriftDetectionSettings settings(CatalogFile catalog) {
        return DriftDetectionFunctionTest.settings(catalog);
    }

    /**
     * A window of a classifier that sends scores; 90 % of outcomes are what the 0.5 threshold
     * decides, half of them with the prediction, half later.
     */
    private static void scoreWindow(DriftDetectionHarness h, int w, SplittableRandom rnd)
            throws Exception {
        for (int i = 0; i < 400; i++) {
            long ts = w * MINUTE + i * 100;
            double score = rnd.nextDouble();
            int decided = score >= 0.5 ? 1 : 0;
            FeatureValue actual = FeatureValue.of(rnd.nextDouble() < 0.9 ? decided : 1 - decided);
            String id = "s" + w + "-" + i;
            boolean late = i % 2 == 0;
            h.processElement(
                    new FeedbackEvent(
                            id,
                            "scorer",
                            "1",
                            ts,
                            Map.of("x", FeatureValue.of(rnd.nextGaussian())),
                            FeatureValue.of(Math.round(score * 1e3) / 1e3),
                            null,
                            late ? null : actual,
                            Map.of()),
                    ts);
            if (late) {
                h.processElement(
                        new FeedbackEvent(
                                id,
                                "scorer",
                                null,
                                ts + 5_000,
                                Map.of(),
                                null,
                                null,
                                actual,
                                Map.of()),
                        ts + 5_000);
            }
        }
        h.processWatermark(new Watermark((w + 1) * MINUTE + 6_000));
    }

    private static DriftReport lastOf(DriftDetectionHarness h, long windowStart) {
        List<DriftReport> reports =
                h.extractOutputValues().stream()
                        .filter(r -> r.windowStart() == windowStart)
                        .toList();
        return reports.get(reports.size() - 1);
    }

    @Test
    void aScoreModelIsJudgedByItsDecisionThreshold() throws Exception {
        Path file = dir.resolve("models.yaml");
        Files.writeString(
                file,
                "version: 1\nmodels:\n  scorer: {prediction: {kind: score, threshold: 0.5}}\n");
        CatalogFile catalog =
                CatalogFile.load(file, Duration.ofSeconds(10), DriftDecisionConfig.defaults());
        try (var without = new DriftDetectionHarness(settings(null));
                var with = new DriftDetectionHarness(settings(catalog))) {
            for (int w = 0; w < 3; w++) {
                scoreWindow(without, w, new SplittableRandom(w));
                scoreWindow(with, w, new SplittableRandom(w));
            }
            // without the catalog every score is a class of its own: no performance at all
            assertThat(lastOf(without, 2 * MINUTE).performance()).isNull();
            DriftReport.PerformanceDrift performance = lastOf(with, 2 * MINUTE).performance();
            assertThat(performance).isNotNull();
            assertThat(performance.metric()).isEqualTo("accuracy");
            assertThat(performance.value()).isBetween(0.85, 0.95);
            assertThat(performance.severity()).isEqualTo(Severity.NONE);
        }
    }

    @Test
    void anEditedCatalogChangesTheNextVerdictWithoutARestart() throws Exception {
        Path file = dir.resolve("models.yaml");
        // every feature must drift for the model to drift
        Files.writeString(file, "version: 1\nmodels:\n  m: {decision: {drifted-share: 1.0}}\n");
        CatalogFile catalog =
                CatalogFile.load(file, Duration.ofSeconds(10), DriftDecisionConfig.defaults());
        try (var h = new DriftDetectionHarness(settings(catalog))) {
            SplittableRandom rnd = new SplittableRandom(3);
            h.setProcessingTime(0);
            for (int w = 0; w < 5; w++) {
                if (w == 3) {
                    // an edit that does not validate: the last good catalog stays, nothing fails
                    Files.writeString(
                            file, "version: 1\nmodels:\n  m: {decision: {drifted-share: 7}}\n");
                    h.setProcessingTime(30_000);
                }
                if (w == 4) {
                    // x alone is enough once it is critical
                    Files.writeString(
                            file,
                            "version: 1\nmodels:\n  m: {decision: {drifted-share: 1.0},"
                                    + " critical-features: [x]}\n");
                    h.setProcessingTime(60_000);
                }
                double mean = w < 3 ? 0 : 3; // x shifts from window 3; c never does
                for (int i = 0; i < 500; i++) {
                    long ts = w * MINUTE + i * 100;
                    h.processElement(
                            DriftDetectionFunctionTest.event(
                                    rnd, "e" + w + "-" + i, ts, mean, FeatureValue.of(1)),
                            ts);
                }
                h.processWatermark(new Watermark((w + 1) * MINUTE + 1));
            }
            assertThat(lastOf(h, 2 * MINUTE).severity()).isEqualTo(Severity.NONE);
            DriftReport before = lastOf(h, 3 * MINUTE);
            assertThat(before.features())
                    .filteredOn(DriftReport.FeatureDrift::drifted)
                    .extracting(DriftReport.FeatureDrift::feature)
                    .contains("x")
                    .doesNotContain("c");
            assertThat(before.severity()).isEqualTo(Severity.WARNING);
            assertThat(lastOf(h, 4 * MINUTE).severity()).isEqualTo(Severity.DRIFT);
            assertThat(h.getSideOutput(EventValidationFunction.DEAD_LETTERS)).isNull();
        }
    }
}
