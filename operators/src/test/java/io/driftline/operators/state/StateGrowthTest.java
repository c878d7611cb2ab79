package io.driftline.operators.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.core.summary.WindowSummary;
import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import io.driftline.events.MetricSample;
import io.driftline.operators.metrics.MetricAnomalyFunction;
import io.driftline.operators.metrics.MetricAnomalyFunctionTest;
import io.driftline.operators.window.DriftDetectionFunctionTest;
import java.util.Map;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.junit.jupiter.api.Test;

/**
 * State stays bounded whatever names producers invent: 100,000 distinct models, metric series or
 * feature names leave a checkpoint of bounded size (caps with counters, idle expiry).
 */
class StateGrowthTest {

    static final int DISTINCT = 100_000;
    static final long MINUTE = 60_000;
    static final long DAY = 24 * 3_600_000L;

    @Test
    void aHundredThousandModelsLeaveNothingBehindOnceIdle() throws Exception {
        try (var h = DriftDetectionFunctionTest.harness()) {
            h.setProcessingTime(0);
            for (int i = 0; i < DISTINCT; i++) {
                h.processElement(
                        new FeedbackEvent(
                                "e" + i,
                                "model-" + i,
                                null,
                                i % 1000,
                                Map.of("c", new FeatureValue.Categorical("a")),
                                new FeatureValue.Categorical("yes"),
                                null,
                                null,
                                Map.of()),
                        i % 1000);
            }
            // (a checkpoint now would be about 39 MB: one window and timers per model)
            // every window closes and its state goes; what a key learned stays until it idles
            h.processWatermark(new Watermark(10 * MINUTE));
            h.setProcessingTime(8 * DAY);
            long idle = h.snapshotSize(2, 2);

            assertThat(h.extractOutputValues()).hasSize(DISTINCT); // one report per model
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
            assertThat(idle).as("checkpoint after idle expiry").isLessThan(64_000);
        }
    }

    @Test
    void aHundredThousandMetricSeriesOfOneModelAreCapped() throws Exception {
        try (var h = MetricAnomalyFunctionTest.harness()) {
            for (int i = 0; i < DISTINCT; i++) {
                h.processElement(
                        new MetricSample(
                                "latency_seconds",
                                Map.of("model", "m", "request_id", "r" + i),
                                0.1,
                                1_000 + i % 1000),
                        0);
                if (i == MetricAnomalyFunction.MAX_SERIES_PER_MODEL - 1) {
                    assertThat(h.numKeyedStateEntries())
                            .isLessThan(3 * MetricAnomalyFunction.MAX_SERIES_PER_MODEL);
                }
            }
            int entries = h.numKeyedStateEntries();
            h.processWatermark(new Watermark(MINUTE));

            assertThat(entries)
                    .isLessThanOrEqualTo(2 * MetricAnomalyFunction.MAX_SERIES_PER_MODEL + 1);
            assertThat(h.extractOutputValues()).hasSize(1);
            assertThat(h.extractOutputValues().get(0).n())
                    .isEqualTo(MetricAnomalyFunction.MAX_SERIES_PER_MODEL);
        }
    }

    @Test
    void seriesThatStopArrivingMakeRoomForNewOnes() throws Exception {
        try (var h = MetricAnomalyFunctionTest.harness()) {
            int cap = MetricAnomalyFunction.MAX_SERIES_PER_MODEL;
            // a first generation of pods fills the cap
            for (int i = 0; i < cap; i++) {
                h.processElement(sample("pod-a" + i, 1_000), 0);
            }
            h.processWatermark(new Watermark(MINUTE));
            // two days later (event time) a new generation arrives; the old one is gone
            long later = 2 * DAY;
            h.processElement(sample("pod-b0", later), 0);
            h.processWatermark(new Watermark(later + MINUTE));
            for (int i = 1; i < cap; i++) {
                h.processElement(sample("pod-b" + i, later + MINUTE + 1_000), 0);
            }
            h.processWatermark(new Watermark(later + 2 * MINUTE));

            var reports = h.extractOutputValues();
            assertThat(reports.get(reports.size() - 1).n()).isEqualTo(cap - 1); // none dropped
        }
    }

    private static MetricSample sample(String instance, long ts) {
        return new MetricSample(
                "latency_seconds", Map.of("model", "m", "instance", instance), 0.1, ts);
    }

    @Test
    void aHundredThousandFeatureNamesInOneWindowAreCapped() {
        WindowSummary summary = new WindowSummary();
        for (int i = 0; i < DISTINCT; i++) {
            summary.observe(Map.of("f" + i, (double) i), 1.0, null);
        }
        assertThat(summary.features()).hasSize(WindowSummary.MAX_FEATURES);
        assertThat(summary.featureValuesDropped()).isEqualTo(DISTINCT - WindowSummary.MAX_FEATURES);
        assertThat(summary.toBytes().length).isLessThan(WindowSummary.MAX_FEATURES * 2_000);
        WindowSummary copy = WindowSummary.fromBytes(summary.toBytes());
        assertThat(copy.featureValuesDropped()).isEqualTo(DISTINCT - WindowSummary.MAX_FEATURES);
    }
}
