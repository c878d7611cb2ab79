package io.driftline.operators.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.core.metrics.MetricRule;
import io.driftline.core.window.WindowSpec;
import io.driftline.events.DriftReport;
import io.driftline.events.MetricSample;
import io.driftline.events.Severity;
import io.driftline.operators.serialization.EventJsonSerializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

public class MetricAnomalyFunctionTest {

    static final long MINUTE = 60_000;

    public static KeyedOneInputStreamOperatorTestHarness<String, MetricSample, DriftReport>
            harness() throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new MetricAnomalyFunction(
                                        WindowSpec.tumbling(Duration.ofMinutes(1), Duration.ZERO),
                                        List.of(
                                                MetricRule.parse("model_accuracy<0.6"),
                                                MetricRule.parse("errors_total>5")),
                                        3,
                                        6.0)),
                        (MetricSample s) -> s.model().orElseThrow(),
                        Types.STRING);
        h.setup(new EventJsonSerializer<>(DriftReport.class));
        h.open();
        return h;
    }

    static MetricSample sample(String name, double value, long ts) {
        return new MetricSample(name, Map.of("model", "m"), value, ts);
    }

    @Test
    void aThresholdBreachIsAPerformanceDriftReport() throws Exception {
        try (var h = harness()) {
            for (int w = 0; w < 3; w++) {
                double accuracy = w < 2 ? 0.8 : 0.4;
                for (int i = 0; i < 6; i++) {
                    h.processElement(
                            sample("model_accuracy", accuracy, w * MINUTE + i * 10_000), 0);
                }
                h.processWatermark(new Watermark((w + 1) * MINUTE));
            }
            List<DriftReport> reports = h.extractOutputValues();
            assertThat(reports).hasSize(3);
            assertThat(reports.get(0).severity()).isEqualTo(Severity.NONE);
            assertThat(reports.get(0).kind()).isEqualTo(io.driftline.events.ReportKind.METRIC);
            assertThat(reports.get(0).referenceVersion()).isNull();
            assertThat(reports.get(0).reportId()).isEqualTo("m:metrics:60000");
            DriftReport bad = reports.get(2);
            assertThat(bad.severity()).isEqualTo(Severity.DRIFT);
            assertThat(bad.performance().metric()).isEqualTo("model_accuracy");
            assertThat(bad.performance().value())
                    .isCloseTo(0.4, org.assertj.core.api.Assertions.within(1e-12));
            assertThat(bad.performance().baseline()).isEqualTo(0.6);
            assertThat(bad.detectors())
                    .extracting(DriftReport.DetectorSignal::detector)
                    .contains("threshold");
            // only the series baseline and the count of series are kept
            assertThat(h.numKeyedStateEntries()).isEqualTo(2);
        }
    }

    @Test
    void aJumpAwayFromTheTrailingBaselineIsAnAnomalyAndCountersAreRates() throws Exception {
        try (var h = harness()) {
            for (int w = 0; w < 6; w++) {
                double latency = w < 5 ? 20 + (w % 2) : 80; // steady, then a jump
                for (int i = 0; i < 6; i++) {
                    long ts = w * MINUTE + i * 10_000;
                    h.processElement(sample("latency_ms", latency, ts), 0);
                    // a counter growing 1 per second: rate 1/s, under the rule's 5/s
                    h.processElement(sample("errors_total", ts / 1000.0, ts), 0);
                }
                h.processWatermark(new Watermark((w + 1) * MINUTE));
            }
            List<DriftReport> reports = h.extractOutputValues();
            assertThat(reports.subList(0, 5))
                    .allSatisfy(r -> assertThat(r.severity()).isEqualTo(Severity.NONE));
            DriftReport jump = reports.get(5);
            assertThat(jump.severity()).isEqualTo(Severity.DRIFT);
            assertThat(jump.detectors())
                    .containsExactly(
                            new DriftReport.DetectorSignal(
                                    "baseline", "latency_ms{model=\"m\"}", "drift"));
            assertThat(jump.performance()).isNull();
        }
    }

    @Test
    void aSmallWobbleOfASteadyGaugeIsNotAnAnomaly() throws Exception {
        try (var h = harness()) {
            for (int w = 0; w < 8; w++) {
                double latency = w < 7 ? 22.0 + 0.01 * (w % 2) : 23.5; // many sigmas, but +7 %
                for (int i = 0; i < 6; i++) {
                    h.processElement(sample("latency_ms", latency, w * MINUTE + i * 10_000), 0);
                }
                h.processWatermark(new Watermark((w + 1) * MINUTE));
            }
            assertThat(h.extractOutputValues())
                    .allSatisfy(r -> assertThat(r.severity()).isEqualTo(Severity.NONE));
        }
    }

    @Test
    void rulesParse() {
        assertThat(MetricRule.parse(" model_accuracy < 0.9 "))
                .isEqualTo(new MetricRule("model_accuracy", true, 0.9));
        assertThat(MetricRule.parse("errors_total>5").breachedBy(6)).isTrue();
        assertThatThrownBy(() -> MetricRule.parse("accuracy=0.9"))
                .hasMessageContaining("looks like");
    }
}
