package io.driftline.core.detect.cusum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftline.core.detect.ChangeSignal;
import io.driftline.core.detect.DetectorKind;
import io.driftline.core.detect.DetectorSnapshot;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tests the raw-unit CUSUM against a hand computation, its direction and its old snapshots. */
class CusumDetectorTest {

    @Test
    void statisticAndSignalsMatchAHandComputation() {
        // k = 0.05, h = 1.2 (warning above 0.6), warm-up of 4.
        // Warm-up 0, 1, 0, 0: mean 1/4. Then, with r the reference:
        //   x = 0: S was 0, r = 1/4:  S = max(0, 0 + 0 - 0.25 - 0.05) = 0            NONE
        //   x = 1: S was 0, r = 1/5:  S = 1 - 0.2 - 0.05 = 0.75                       WARNING
        //   x = 0: S > 0, r held 0.2: S = 0.75 + 0 - 0.2 - 0.05 = 0.5                 NONE
        //   x = 1: S > 0, r held 0.2: S = 0.5 + 1 - 0.2 - 0.05 = 1.25 > 1.2           DRIFT
        // (a running reference, 2/7, would give 0.5 + 1 - 0.2857 - 0.05 = 1.164: WARNING.)
        CusumDetector detector = new CusumDetector(new CusumConfig(0.05, 1.2, 4, false));
        for (double x : new double[] {0, 1, 0, 0}) {
            assertThat(detector.update(x)).isEqualTo(ChangeSignal.NONE);
            assertThat(detector.statistic()).isZero();
        }
        assertThat(detector.warmedUp()).isTrue();
        assertThat(detector.update(0)).isEqualTo(ChangeSignal.NONE);
        assertThat(detector.statistic()).isZero();
        assertThat(detector.update(1)).isEqualTo(ChangeSignal.WARNING);
        assertThat(detector.statistic()).isCloseTo(0.75, within(1e-12));
        assertThat(detector.update(0)).isEqualTo(ChangeSignal.NONE);
        assertThat(detector.statistic()).isCloseTo(0.5, within(1e-12));
        assertThat(detector.update(1)).isEqualTo(ChangeSignal.DRIFT);
        // restarted: a new warm-up begins
        assertThat(detector.statistic()).isZero();
        assertThat(detector.warmedUp()).isFalse();
        assertThat(detector.observations()).isEqualTo(8);
    }

    @Test
    void theLowerChartRunsOnlyWhenTwoSided() {
        // Warm-up 1, 1, 0, 1: mean 3/4. Zeros then lower the mean; the lower chart:
        //   x = 0: T was 0, r = 3/4:  T = 0.75 - 0 - 0.05 = 0.7                       WARNING
        //   x = 0: T > 0, r held 3/4: T = 0.7 + 0.75 - 0.05 = 1.4 > 1.2               DRIFT
        CusumDetector twoSided = new CusumDetector(new CusumConfig(0.05, 1.2, 4, true));
        CusumDetector oneSided = new CusumDetector(new CusumConfig(0.05, 1.2, 4, false));
        for (double x : new double[] {1, 1, 0, 1}) {
            twoSided.update(x);
            oneSided.update(x);
        }
        assertThat(twoSided.update(0)).isEqualTo(ChangeSignal.WARNING);
        assertThat(twoSided.fallStatistic()).isCloseTo(0.7, within(1e-12));
        assertThat(twoSided.update(0)).isEqualTo(ChangeSignal.DRIFT);
        for (int i = 0; i < 1_000; i++) {
            assertThat(oneSided.update(0)).isEqualTo(ChangeSignal.NONE);
        }
        assertThat(oneSided.fallStatistic()).isZero();
    }

    @Test
    void findsARiseOfTheErrorRateFromPointTwoToPointThreeAtTheDefaults() {
        // Expected delay h / (0.3 - 0.2 - k) = 25 / 0.05 = 500 observations, a little less as the
        // sum starts above zero; a fixed seed, far inside the 2,000 the benchmark allows.
        CusumDetector detector = new CusumDetector();
        SplittableRandom random = new SplittableRandom(21);
        for (int i = 0; i < 20_000; i++) {
            assertThat(detector.update(random.nextDouble() < 0.2 ? 1 : 0))
                    .isNotEqualTo(ChangeSignal.DRIFT);
        }
        int delay = 0;
        ChangeSignal signal = ChangeSignal.NONE;
        while (signal != ChangeSignal.DRIFT && delay < 2_000) {
            delay++;
            signal = detector.update(random.nextDouble() < 0.3 ? 1 : 0);
        }
        assertThat(signal).isEqualTo(ChangeSignal.DRIFT);
        assertThat(delay).isBetween(150, 1_200);
    }

    @Test
    void readsAVersionOneSnapshotAsAFreshDefaultDetectorWithItsCount() {
        // The version 1 body: k, h (double), minInstances (int), observations, sinceRestart
        // (long), mean, m2, sum (double).
        ByteBuffer v1 = ByteBuffer.allocate(2 + 8 + 8 + 4 + 8 + 8 + 8 * 3);
        v1.put((byte) 1).put((byte) DetectorKind.CUSUM.tag());
        v1.putDouble(0.5).putDouble(12.0).putInt(30);
        v1.putLong(12_345L).putLong(345L);
        v1.putDouble(0.21).putDouble(55.0).putDouble(3.5);
        CusumDetector restored = CusumDetector.restore(v1.array());
        assertThat(restored.config()).isEqualTo(CusumConfig.defaults());
        assertThat(restored.observations()).isEqualTo(12_345L);
        assertThat(restored.statistic()).isZero();
        assertThat(restored.warmedUp()).isFalse();
        assertThat(restored.snapshot()[0]).isEqualTo((byte) DetectorSnapshot.FORMAT_VERSION);
    }

    @Test
    void rejectsInvalidConfiguration() {
        assertThatThrownBy(() -> new CusumConfig(-0.5, 25, 500, false))
                .hasMessageContaining("k must be finite and >= 0");
        assertThatThrownBy(() -> new CusumConfig(0.05, 0, 500, false))
                .hasMessageContaining("h must be finite and > 0");
        assertThatThrownBy(() -> new CusumConfig(0.05, 25, 0, false))
                .hasMessageContaining("warmUp must be at least 1");
    }
}
