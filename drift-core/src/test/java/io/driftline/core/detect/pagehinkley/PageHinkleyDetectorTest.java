package io.driftline.core.detect.pagehinkley;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftline.core.detect.ChangeSignal;
import org.junit.jupiter.api.Test;

/** Tests the Page-Hinkley statistic against a direct computation, and its restart. */
class PageHinkleyDetectorTest {

    @Test
    void statisticMatchesTheRecurrence() {
        // Python: mean=0; s=0; for n, x in enumerate(xs, 1): mean += (x - mean) / n;
        // s = 0.9999 * s + (x - mean - 0.005), with xs = [((i * 7) % 10) / 10 for i in range(100)].
        PageHinkleyDetector detector = new PageHinkleyDetector();
        for (int i = 0; i < 100; i++) {
            assertThat(detector.update(((i * 7) % 10) / 10.0)).isEqualTo(ChangeSignal.NONE);
        }
        assertThat(detector.statistic()).isCloseTo(0.9471622380675635, within(1e-12));
    }

    @Test
    void signalsWhenTheSumPassesLambdaAndRestarts() {
        PageHinkleyDetector detector =
                new PageHinkleyDetector(new PageHinkleyConfig(0.0, 5.0, 1.0, 30));
        for (int i = 0; i < 100; i++) {
            detector.update(0.0);
        }
        // After a jump to 1 the k-th deviation is 1 - k / (100 + k): the sum passes 5 at k = 6
        // (5.80; at k = 5 it is 4.86).
        for (int k = 1; k <= 5; k++) {
            assertThat(detector.update(1.0)).as("k = %s", k).isEqualTo(ChangeSignal.NONE);
        }
        assertThat(detector.update(1.0)).isEqualTo(ChangeSignal.DRIFT);
        assertThat(detector.statistic()).isZero();
        assertThat(detector.observations()).isEqualTo(106);
    }

    @Test
    void detectsAFallOnlyWhenTwoSided() {
        // 100 ones, then zeros: the mirrored deviation x̄ - x of the k-th zero is 100 / (100 + k)
        // = 1 - k / (100 + k), the same as the rise above, so it passes 5 at k = 6; the increase
        // test's deviations are all <= 0.
        PageHinkleyDetector twoSided =
                new PageHinkleyDetector(new PageHinkleyConfig(0.0, 5.0, 1.0, 30, true));
        PageHinkleyDetector oneSided =
                new PageHinkleyDetector(new PageHinkleyConfig(0.0, 5.0, 1.0, 30));
        for (int i = 0; i < 100; i++) {
            twoSided.update(1.0);
            oneSided.update(1.0);
        }
        for (int k = 1; k <= 5; k++) {
            assertThat(twoSided.update(0.0)).as("k = %s", k).isEqualTo(ChangeSignal.NONE);
        }
        assertThat(twoSided.fallStatistic()).isCloseTo(4.86, within(0.01));
        assertThat(twoSided.update(0.0)).isEqualTo(ChangeSignal.DRIFT);
        for (int k = 1; k <= 1_000; k++) {
            assertThat(oneSided.update(0.0)).as("k = %s", k).isEqualTo(ChangeSignal.NONE);
        }
        assertThat(oneSided.fallStatistic()).isZero();
        assertThat(twoSided.declaredFalseAlarmRate()).isEqualTo(2e-5);
    }

    @Test
    void waitsForMinInstances() {
        PageHinkleyDetector detector =
                new PageHinkleyDetector(new PageHinkleyConfig(0.0, 0.1, 1.0, 30));
        detector.update(0.0);
        for (int i = 2; i < 30; i++) {
            assertThat(detector.update(5.0)).isEqualTo(ChangeSignal.NONE);
        }
    }

    @Test
    void rejectsInvalidConfiguration() {
        assertThatThrownBy(() -> new PageHinkleyConfig(-1, 50, 0.9999, 30))
                .hasMessageContaining("delta must be finite and >= 0");
        assertThatThrownBy(() -> new PageHinkleyConfig(0.005, 0, 0.9999, 30))
                .hasMessageContaining("lambda must be finite and > 0");
        assertThatThrownBy(() -> new PageHinkleyConfig(0.005, 50, 1.5, 30))
                .hasMessageContaining("alpha must be in (0, 1]");
        assertThatThrownBy(() -> new PageHinkleyConfig(0.005, 50, 0.9999, 0))
                .hasMessageContaining("minInstances must be at least 1");
    }
}
