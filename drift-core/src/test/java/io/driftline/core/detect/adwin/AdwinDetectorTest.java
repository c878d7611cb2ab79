package io.driftline.core.detect.adwin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftline.core.detect.ChangeSignal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tests ADWIN's window statistics, its cut and its bounded exponential histogram. */
class AdwinDetectorTest {

    @Test
    void windowStatisticsMatchADirectComputationWhileStationary() {
        AdwinDetector detector = new AdwinDetector();
        SplittableRandom random = new SplittableRandom(2);
        double[] xs = new double[3_000];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = random.nextDouble();
            assertThat(detector.update(xs[i])).isEqualTo(ChangeSignal.NONE);
        }
        double mean = 0.0;
        for (double x : xs) {
            mean += x;
        }
        mean /= xs.length;
        double variance = 0.0;
        for (double x : xs) {
            variance += (x - mean) * (x - mean);
        }
        variance /= xs.length;
        assertThat(detector.width()).isEqualTo(3_000);
        assertThat(detector.mean()).isCloseTo(mean, within(1e-12));
        assertThat(detector.variance()).isCloseTo(variance, within(1e-9));
    }

    @Test
    void aCutDropsTheOldConceptFromTheWindow() {
        AdwinDetector detector = new AdwinDetector();
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 10_000; i++) {
            detector.update(random.nextDouble() < 0.1 ? 1.0 : 0.0);
        }
        int detectedAfter = -1;
        for (int i = 1; i <= 3_000; i++) {
            if (detector.update(random.nextDouble() < 0.9 ? 1.0 : 0.0) == ChangeSignal.DRIFT
                    && detectedAfter < 0) {
                detectedAfter = i;
            }
        }
        // A rise of 0.8 is found within two checks (clock 32) and the old 10,000 leave the window.
        assertThat(detectedAfter).isBetween(1, 64);
        assertThat(detector.width()).isLessThan(3_100);
        assertThat(detector.mean()).isCloseTo(0.9, within(0.03));
        assertThat(detector.detections()).isPositive();
    }

    @Test
    void aFallShrinksTheWindowButIsADriftOnlyWhenTwoSided() {
        AdwinDetector oneSided = new AdwinDetector();
        AdwinDetector twoSided = new AdwinDetector(AdwinConfig.defaults().withTwoSided(true));
        SplittableRandom random = new SplittableRandom(6);
        for (int i = 0; i < 10_000; i++) {
            double x = random.nextDouble() < 0.6 ? 1.0 : 0.0;
            oneSided.update(x);
            twoSided.update(x);
        }
        int twoSidedAfter = -1;
        for (int i = 1; i <= 3_000; i++) {
            double x = random.nextDouble() < 0.1 ? 1.0 : 0.0;
            assertThat(oneSided.update(x)).as("observation %s", i).isEqualTo(ChangeSignal.NONE);
            if (twoSided.update(x) == ChangeSignal.DRIFT && twoSidedAfter < 0) {
                twoSidedAfter = i;
            }
        }
        assertThat(twoSidedAfter).isBetween(1, 128);
        // Both dropped the old concept: the window holds the low error rate only.
        assertThat(oneSided.width()).isEqualTo(twoSided.width()).isLessThan(3_100);
        assertThat(oneSided.mean()).isCloseTo(0.1, within(0.03));
        assertThat(oneSided.detections()).isZero();
        assertThat(twoSided.detections()).isPositive();
    }

    @Test
    void checksOnlyEveryClockObservations() {
        AdwinDetector detector = new AdwinDetector(AdwinConfig.defaults().withClock(1_000));
        for (int i = 0; i < 500; i++) {
            detector.update(0.0);
        }
        for (int i = 1; i < 500; i++) {
            assertThat(detector.update(1.0))
                    .as("observation %s", 500 + i)
                    .isEqualTo(ChangeSignal.NONE);
        }
        assertThat(detector.update(1.0)).isEqualTo(ChangeSignal.DRIFT);
    }

    @Test
    void memoryGrowsWithTheLogarithmOfTheWindow() {
        AdwinDetector detector = new AdwinDetector();
        for (int i = 0; i < 1 << 20; i++) {
            detector.update(0.25);
        }
        // M = 5 buckets per row, 2^20 observations: at most 5 buckets in each of about 18 rows.
        assertThat(detector.width()).isEqualTo(1 << 20);
        assertThat(detector.snapshot().length).isLessThan(2 + 20 + 52 + 18 * (4 + 5 * 16) + 100);
    }

    @Test
    void rejectsInvalidConfiguration() {
        assertThatThrownBy(() -> new AdwinConfig(0.0, 5, 32, 5))
                .hasMessageContaining("delta must be in (0, 1)");
        assertThatThrownBy(() -> new AdwinConfig(0.002, 1, 32, 5))
                .hasMessageContaining("maxBucketsPerRow must be in [2, 1024]");
        assertThatThrownBy(() -> new AdwinConfig(0.002, 5, 0, 5))
                .hasMessageContaining("clock must be at least 1");
        assertThatThrownBy(() -> new AdwinConfig(0.002, 5, 32, 0))
                .hasMessageContaining("minSubWindowLength must be at least 1");
        assertThat(AdwinConfig.defaults().twoSided()).isFalse();
    }
}
