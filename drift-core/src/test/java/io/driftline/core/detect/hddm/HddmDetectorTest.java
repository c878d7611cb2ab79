package io.driftline.core.detect.hddm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftline.core.detect.ChangeSignal;
import org.junit.jupiter.api.Test;

/** Tests HDDM-A's Hoeffding test by hand and the one- and two-sided modes of both HDDMs. */
class HddmDetectorTest {

    @Test
    void hddmASignalsAtTheHoeffdingBound() {
        // After 100 zeros the cut point is c = 100 (mean 0). After k ones, n = 100 + k and the
        // rise k / n is significant at α when (k / n)^2 >= k / (2 c n) ln(1/α), i.e. k / n >=
        // ln(1/α) / 200: ln(200) / 200 = 0.02649 first holds at k = 3 (warning), ln(1000) / 200 =
        // 0.03454 at k = 4 (drift).
        HddmADetector detector = new HddmADetector();
        for (int i = 0; i < 100; i++) {
            assertThat(detector.update(0.0)).isEqualTo(ChangeSignal.NONE);
        }
        assertThat(detector.update(1.0)).isEqualTo(ChangeSignal.NONE);
        assertThat(detector.update(1.0)).isEqualTo(ChangeSignal.NONE);
        assertThat(detector.update(1.0)).isEqualTo(ChangeSignal.WARNING);
        assertThat(detector.update(1.0)).isEqualTo(ChangeSignal.DRIFT);
    }

    @Test
    void hddmATwoSidedUsesTheTwoSidedBound() {
        // The same stream two-sided: each side is tested at α/2, so the rise must reach
        // ln(2/α) / 200: ln(400) / 200 = 0.029957 is not reached at k = 3 (3/103 = 0.029126, no
        // warning), ln(2000) / 200 = 0.038005 is at k = 4 (4/104 = 0.038462, drift). With the
        // one-sided bound ln(1/α) on each side, k = 3 would be a warning.
        HddmADetector detector = new HddmADetector(new HddmAConfig(0.001, 0.005, true));
        for (int i = 0; i < 100; i++) {
            assertThat(detector.update(0.0)).isEqualTo(ChangeSignal.NONE);
        }
        assertThat(detector.update(1.0)).isEqualTo(ChangeSignal.NONE);
        assertThat(detector.update(1.0)).isEqualTo(ChangeSignal.NONE);
        assertThat(detector.update(1.0)).isEqualTo(ChangeSignal.NONE);
        assertThat(detector.update(1.0)).isEqualTo(ChangeSignal.DRIFT);
        assertThat(detector.declaredFalseAlarmRate()).isEqualTo(0.001);
    }

    @Test
    void hddmACriticalDifferenceIsHoeffdingsBound() {
        // n = 1000, cut = 400: m = 600 / (400 * 1000) = 0.0015; α = 0.001:
        // one-sided sqrt(0.00075 * ln 1000) = sqrt(0.00075 * 6.907755) = 0.0719779,
        // two-sided sqrt(0.00075 * ln 2000) = sqrt(0.00075 * 7.600902) = 0.0755028.
        assertThat(HddmADetector.criticalDifference(1_000, 400, 0.001, false))
                .isCloseTo(0.0719779, within(1e-7));
        assertThat(HddmADetector.criticalDifference(1_000, 400, 0.001, true))
                .isCloseTo(0.0755028, within(1e-7));
    }

    @Test
    void hddmWTwoSidedNeedsALargerRiseThanOneSided() {
        // The same rise must wait for a larger EWMA difference under ln(2/α) than under ln(1/α).
        int oneSided = firstDriftAfterRise(new HddmWDetector());
        int twoSided =
                firstDriftAfterRise(new HddmWDetector(new HddmWConfig(0.001, 0.005, 0.05, true)));
        assertThat(twoSided).isGreaterThan(oneSided);
        assertThat(
                        new HddmWDetector(new HddmWConfig(0.001, 0.005, 0.05, true))
                                .declaredFalseAlarmRate())
                .isEqualTo(0.001);
    }

    private static int firstDriftAfterRise(io.driftline.core.detect.ChangeDetector detector) {
        for (int i = 0; i < 1_000; i++) {
            detector.update(i % 10 == 0 ? 1.0 : 0.0);
        }
        for (int k = 1; k <= 1_000; k++) {
            if (detector.update(k % 2 == 0 ? 1.0 : 0.0) == ChangeSignal.DRIFT) {
                return k;
            }
        }
        return -1;
    }

    @Test
    void oneSidedByDefaultTwoSidedOnRequest() {
        assertThat(firstDriftAfterFall(new HddmADetector())).isNegative();
        assertThat(firstDriftAfterFall(new HddmWDetector())).isNegative();
        assertThat(firstDriftAfterFall(new HddmADetector(new HddmAConfig(0.001, 0.005, true))))
                .isBetween(1, 200);
        assertThat(
                        firstDriftAfterFall(
                                new HddmWDetector(new HddmWConfig(0.001, 0.005, 0.05, true))))
                .isBetween(1, 200);
    }

    @Test
    void hddmWDetectsARiseWithinTensOfObservations() {
        HddmWDetector detector = new HddmWDetector();
        for (int i = 0; i < 1_000; i++) {
            assertThat(detector.update(i % 10 == 0 ? 1.0 : 0.0)).isNotEqualTo(ChangeSignal.DRIFT);
        }
        int k = 0;
        ChangeSignal signal = ChangeSignal.NONE;
        while (signal != ChangeSignal.DRIFT && k < 1_000) {
            k++;
            signal = detector.update(1.0);
        }
        assertThat(k).isBetween(5, 40);
    }

    private static int firstDriftAfterFall(io.driftline.core.detect.ChangeDetector detector) {
        for (int i = 0; i < 1_000; i++) {
            detector.update(i % 2 == 0 ? 1.0 : 0.0);
        }
        for (int k = 1; k <= 1_000; k++) {
            if (detector.update(0.0) == ChangeSignal.DRIFT) {
                return k;
            }
        }
        return -1;
    }

    @Test
    void rejectsInvalidConfiguration() {
        assertThatThrownBy(() -> new HddmAConfig(0.0, 0.005, false))
                .hasMessageContaining("driftConfidence must be in (0, 1)");
        assertThatThrownBy(() -> new HddmAConfig(0.01, 0.005, false))
                .hasMessageContaining("warningConfidence must be in [driftConfidence");
        assertThatThrownBy(() -> new HddmWConfig(0.001, 0.005, 0.0, false))
                .hasMessageContaining("lambda must be in (0, 1]");
    }
}
