package io.driftline.core.detect.cusum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftline.core.detect.ChangeSignal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests the standardized CUSUM against a direct computation. */
class CusumDetectorTest {

    @Test
    void statisticAndSignalsMatchADirectComputation() {
        // Python (statistics module): ys = [((i * 7) % 10) / 10 for i in range(40)] + [1.5] * 5;
        // from t = 30 on, S = max(0, S + (ys[t-1] - fmean(ys[:t])) / stdev(ys[:t]) - 0.5);
        // WARNING when S > 6, DRIFT when S > 12: signals from t = 30 are 13 x NONE then 3 x
        // WARNING, and S = 10.33669521158245 at the end.
        CusumDetector detector = new CusumDetector();
        List<ChangeSignal> signals = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            signals.add(detector.update(((i * 7) % 10) / 10.0));
        }
        for (int i = 0; i < 5; i++) {
            signals.add(detector.update(1.5));
        }
        assertThat(signals.subList(0, 42)).containsOnly(ChangeSignal.NONE);
        assertThat(signals.subList(42, 45)).containsOnly(ChangeSignal.WARNING);
        assertThat(detector.statistic()).isCloseTo(10.33669521158245, within(1e-9));
    }

    @Test
    void signalsDriftAndRestartsOnAShift() {
        CusumDetector detector = new CusumDetector();
        java.util.Random random = new java.util.Random(8);
        for (int i = 0; i < 2_000; i++) {
            assertThat(detector.update(10.0 + random.nextGaussian()))
                    .isNotEqualTo(ChangeSignal.DRIFT);
        }
        int delay = 0;
        ChangeSignal signal = ChangeSignal.NONE;
        while (signal != ChangeSignal.DRIFT && delay < 200) {
            delay++;
            signal = detector.update(12.0 + random.nextGaussian());
        }
        // A 2σ shift adds about 1.5σ per observation against h = 12.
        assertThat(signal).isEqualTo(ChangeSignal.DRIFT);
        assertThat(delay).isBetween(5, 20);
        assertThat(detector.statistic()).isZero();
    }

    @Test
    void rejectsInvalidConfiguration() {
        assertThatThrownBy(() -> new CusumConfig(-0.5, 12, 30))
                .hasMessageContaining("k must be finite and >= 0");
        assertThatThrownBy(() -> new CusumConfig(0.5, 0, 30))
                .hasMessageContaining("h must be finite and > 0");
        assertThatThrownBy(() -> new CusumConfig(0.5, 12, 1))
                .hasMessageContaining("minInstances must be at least 2");
    }
}
