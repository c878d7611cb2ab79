package io.driftline.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftline.events.DriftReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricAnomalyRulesTest {

    private final MetricAnomalyRules rules =
            new MetricAnomalyRules(List.of(MetricRule.parse("model_accuracy<0.9")), 3, 3.0);

    @Test
    void aGaugeIsItsMeanAndACounterItsPerSecondRate() {
        SeriesWindow gauge =
                SeriesWindow.start("latency_seconds", 1.0, 0).add(1.0, 0).add(3.0, 500);
        SeriesWindow counter = SeriesWindow.start("errors_total", 10, 0).add(10, 0).add(40, 10_000);

        assertThat(gauge.value("latency_seconds")).isEqualTo(2.0);
        assertThat(gauge.count()).isEqualTo(2);
        assertThat(counter.value("errors_total")).isCloseTo(3.0, within(1e-12));
        assertThat(SeriesWindow.start("errors_total", 5, 0).add(5, 0).value("errors_total"))
                .as("one sample has no rate")
                .isZero();
    }

    @Test
    void aBrokenThresholdIsASignalAndThePerformanceBlock() {
        MetricAnomalyRules.Verdict verdict =
                rules.evaluate(
                        "model_accuracy{model=\"m\"}",
                        SeriesWindow.start("model_accuracy", 0.5, 0).add(0.5, 0),
                        SeriesBaseline.of(null),
                        60_000);

        assertThat(verdict.signals())
                .containsExactly(
                        new DriftReport.DetectorSignal(
                                "threshold", "model_accuracy{model=\"m\"}", "drift"));
        assertThat(verdict.breach().metric()).isEqualTo("model_accuracy");
        assertThat(verdict.breach().delta()).isCloseTo(-0.4, within(1e-12));
    }

    @Test
    void aBaselineAnomalyNeedsEnoughWindowsAndAChangeThatMatters() {
        SeriesBaseline baseline = SeriesBaseline.of(null);
        for (int w = 1; w <= 3; w++) {
            MetricAnomalyRules.Verdict calm =
                    rules.evaluate("latency_seconds", window(0.100 + 0.001 * (w % 2)), baseline, w);
            assertThat(calm.signals()).isEmpty();
        }
        // a tiny variance makes a 5 % wobble many standard deviations away: not an anomaly
        assertThat(rules.evaluate("latency_seconds", window(0.105), baseline, 4).signals())
                .isEmpty();
        assertThat(rules.evaluate("latency_seconds", window(0.300), baseline, 5).signals())
                .extracting(DriftReport.DetectorSignal::detector)
                .containsExactly("baseline");
    }

    @Test
    void aSeriesIsIdleAfterItsLastWindowWithSamples() {
        SeriesBaseline baseline = SeriesBaseline.of(null);
        assertThat(baseline.idleAt(Long.MAX_VALUE, 1)).as("never closed a window").isFalse();

        baseline.update(1.0, 60_000);

        assertThat(baseline.idleAt(60_000 + 1000, 1000)).isFalse();
        assertThat(baseline.idleAt(60_000 + 1001, 1000)).isTrue();
        assertThat(SeriesBaseline.of(new double[] {2, 1.0, 0}).idleAt(Long.MAX_VALUE, 1))
                .as("a baseline from before last-seen existed")
                .isFalse();
    }

    private static SeriesWindow window(double value) {
        return SeriesWindow.start("latency_seconds", value, 0).add(value, 0);
    }
}
