package io.driftline.operators.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.events.DriftReport;
import io.driftline.events.EventJson;
import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.junit.jupiter.api.Test;

/**
 * Valid but odd records that used to crash-loop the drift job: each is now a report (finite, with
 * the odd part counted) or a dead letter, never an exception out of the function.
 */
class DriftDetectionFunctionPoisonTest {

    static final long MINUTE = DriftDetectionFunctionTest.MINUTE;

    private static FeedbackEvent regression(String id, long ts, double prediction, double actual) {
        return new FeedbackEvent(
                id,
                "huge",
                "1",
                ts,
                Map.of("x", new FeatureValue.Numeric(prediction / 3)),
                new FeatureValue.Numeric(prediction),
                null,
                new FeatureValue.Numeric(actual),
                Map.of());
    }

    @Test
    void aKindFlipInsideAWindowIsCountedNotThrown() throws Exception {
        try (var h = DriftDetectionFunctionTest.harness()) {
            for (int i = 0; i < 50; i++) {
                FeatureValue x =
                        i % 10 == 0
                                ? new FeatureValue.Categorical(i == 0 ? "NaN" : "text")
                                : new FeatureValue.Numeric(i);
                h.processElement(
                        new FeedbackEvent(
                                "k" + i,
                                "m",
                                "1",
                                i * 100L,
                                Map.of("x", x),
                                new FeatureValue.Numeric(1),
                                null,
                                new FeatureValue.Numeric(1),
                                Map.of()),
                        i * 100L);
            }
            h.processWatermark(new Watermark(MINUTE + 1));

            assertThat(h.extractOutputValues()).hasSize(1);
            assertThat(h.getSideOutput(DriftDetectionFunction.DEAD_LETTERS)).isNull();
        }
    }

    @Test
    void extremeRegressionPredictionsGiveAFiniteReportWhileTheReferenceIsLearned()
            throws Exception {
        try (var h = DriftDetectionFunctionTest.harness()) {
            for (int w = 0; w < 4; w++) {
                for (int i = 0; i < 100; i++) {
                    long ts = w * MINUTE + i * 100;
                    double sign = i % 2 == 0 ? 1 : -1;
                    h.processElement(
                            regression(
                                    "r" + w + "-" + i, ts, sign * 1e200 * (1 + i), -sign * 1e300),
                            ts);
                }
                h.processWatermark(new Watermark((w + 1) * MINUTE + 1));
            }
            List<DriftReport> reports = h.extractOutputValues();
            assertThat(reports).hasSize(4);
            assertThat(reports.get(2).referenceVersion()).isEqualTo("learned");
            for (DriftReport report : reports) {
                // every report can be written as JSON (NaN/Infinity cannot)
                assertThat(EventJson.parseDriftReport(EventJson.toJson(report)).isValid()).isTrue();
            }
            assertThat(h.getSideOutput(DriftDetectionFunction.DEAD_LETTERS)).isNull();
        }
    }

    @Test
    void anIdleModelLosesItsLearnedReferenceAfterTheIdleTtl() throws Exception {
        try (var h = DriftDetectionFunctionTest.harness()) {
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
            h.setProcessingTime(0);
            for (int w = 0; w < 3; w++) {
                for (int i = 0; i < 100; i++) {
                    long ts = w * MINUTE + i * 100;
                    h.processElement(
                            DriftDetectionFunctionTest.event(rnd, "i" + w + i, ts, 0, null), ts);
                }
                h.processWatermark(new Watermark((w + 1) * MINUTE + 1));
            }
            assertThat(h.extractOutputValues().get(2).referenceVersion()).isEqualTo("learned");
            // eight days without traffic: past the default idle TTL of seven days
            h.setProcessingTime(8L * 24 * 3600 * 1000);
            for (int i = 0; i < 100; i++) {
                long ts = 3 * MINUTE + i * 100;
                h.processElement(DriftDetectionFunctionTest.event(rnd, "j" + i, ts, 0, null), ts);
            }
            h.processWatermark(new Watermark(4 * MINUTE + 1));
            List<DriftReport> reports = h.extractOutputValues();
            assertThat(reports.get(3).referenceVersion()).isNull(); // learning again
            // no traffic at all for another eight days: nothing of the key is left
            h.processWatermark(new Watermark(20 * MINUTE));
            h.setProcessingTime(16L * 24 * 3600 * 1000);
            assertThat(h.numProcessingTimeTimers()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void anArchivedProductionVersionIsPrunedFromBroadcastState() throws Exception {
        try (var h = DriftDetectionFunctionTest.harness()) {
            io.driftline.events.ModelPublished v1 = DriftDetectionFunctionTest.published(1, 0, 1);
            h.processBroadcastElement(v1, 0);
            assertThat(h.getBroadcastState(DriftDetectionFunction.REFERENCES).contains("m"))
                    .isTrue();
            h.processBroadcastElement(
                    new io.driftline.events.ModelPublished(
                            v1.model(),
                            v1.version(),
                            v1.parentVersion(),
                            v1.triggerId(),
                            v1.artifactUri(),
                            v1.sha256(),
                            v1.metrics(),
                            io.driftline.events.ModelStage.ARCHIVED,
                            null,
                            2),
                    0);
            assertThat(h.getBroadcastState(DriftDetectionFunction.REFERENCES).contains("m"))
                    .isFalse();
        }
    }
}
