package io.driftline.core.detect.kswin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.core.detect.ChangeSignal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Tests KSWIN's test threshold, its detection of a shift and its configuration checks. */
class KswinDetectorTest {

    @Test
    void paperCriticalValueIsFourteenOfThirty() {
        // scipy exact two-sided p-values for n = m = 30: D = 13/30 -> 0.006548 > 0.005,
        // D = 14/30 -> 0.002530 <= 0.005, so the test rejects from D = 14/30 on.
        assertThat(new KswinDetector(KswinConfig.paper()).criticalCount()).isEqualTo(14);
    }

    @Test
    void defaultCriticalValueIsFortyEightOfTwoHundred() {
        // One-sided, n = 200: P(D+ >= 47/200) = C(400, 153) / C(400, 200) = 1.48e-5 > 1e-5,
        // P(D+ >= 48/200) = C(400, 152) / C(400, 200) = 9.13e-6 <= 1e-5.
        assertThat(new KswinDetector().criticalCount()).isEqualTo(48);
    }

    @Test
    void detectsAShiftOfThreeStandardDeviationsSoonAfterTheCriticalCount() {
        // D+ grows by about 1/200 per shifted value (each lies above nearly all older ones), so
        // the drift comes some 48 observations after the shift.
        KswinDetector detector = new KswinDetector();
        Random random = new Random(3);
        for (int i = 0; i < 1_000; i++) {
            detector.update(random.nextGaussian());
        }
        int delay = 0;
        ChangeSignal signal = ChangeSignal.NONE;
        while (signal != ChangeSignal.DRIFT && delay < 200) {
            delay++;
            signal = detector.update(3.0 + random.nextGaussian());
        }
        assertThat(signal).isEqualTo(ChangeSignal.DRIFT);
        assertThat(delay).isBetween(40, 80);
        assertThat(detector.lastPValue()).isLessThanOrEqualTo(1e-5);
    }

    @Test
    void oneSidedIgnoresAFallThatTheTwoSidedTestFinds() {
        KswinDetector oneSided = new KswinDetector();
        KswinDetector twoSided = new KswinDetector(KswinConfig.defaults().withTwoSided(true));
        Random random = new Random(4);
        for (int i = 0; i < 1_000; i++) {
            double x = random.nextGaussian();
            oneSided.update(x);
            twoSided.update(x);
        }
        int twoSidedDelay = -1;
        for (int i = 1; i <= 1_000; i++) {
            double x = random.nextGaussian() - 3.0;
            assertThat(oneSided.update(x)).isEqualTo(ChangeSignal.NONE);
            if (twoSided.update(x) == ChangeSignal.DRIFT && twoSidedDelay < 0) {
                twoSidedDelay = i;
            }
        }
        assertThat(twoSidedDelay).isBetween(1, 100);
    }

    @Test
    void theSameSeedGivesTheSameSignals() {
        KswinDetector a = new KswinDetector(KswinConfig.defaults().withSeed(9));
        KswinDetector b = new KswinDetector(KswinConfig.defaults().withSeed(9));
        Random random = new Random(1);
        for (int i = 0; i < 5_000; i++) {
            double x = random.nextGaussian() + (i > 2_500 ? 0.8 : 0.0);
            assertThat(a.update(x)).isEqualTo(b.update(x));
        }
        assertThat(a.snapshot()).isEqualTo(b.snapshot());
    }

    @Test
    void rejectsInvalidConfiguration() {
        assertThatThrownBy(() -> new KswinConfig(0.0, 100, 30, 1))
                .hasMessageContaining("alpha must be in (0, 1)");
        assertThatThrownBy(() -> new KswinConfig(0.005, 50, 30, 1))
                .hasMessageContaining("windowSize must be in [2 * statSize = 60");
        assertThat(KswinConfig.defaults()).isEqualTo(new KswinConfig(1e-5, 800, 200, 1L, false));
        assertThatThrownBy(() -> new KswinConfig(0.005, 100, 1, 1))
                .hasMessageContaining("statSize must be at least 2");
    }
}
