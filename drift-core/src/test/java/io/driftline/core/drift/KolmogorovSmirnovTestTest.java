package io.driftline.core.drift;

import static io.driftline.core.drift.DriftSamples.REFERENCE;
import static io.driftline.core.drift.DriftSamples.WINDOW;
import static io.driftline.core.drift.DriftSamples.sketchOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.within;

import io.driftline.core.sketch.NumericSketch;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KolmogorovSmirnovTestTest {

    @Test
    void exactSketchesGiveScipyStatisticAndAsymptoticPValue() {
        // python3: r = scipy.stats.ks_2samp(a, b)  -> statistic 0.25
        //          scipy.special.kolmogorov(np.sqrt(60*45/(60+45)) * 0.25) -> 0.080362838028932
        KolmogorovSmirnovTest.Result r =
                KolmogorovSmirnovTest.test(sketchOf(REFERENCE), sketchOf(WINDOW));

        assertThat(r.statistic()).isCloseTo(0.25, within(1e-12));
        assertThat(r.rankErrorBound()).isZero();
        assertThat(r.adjustedStatistic()).isEqualTo(r.statistic());
        assertThat(r.pValue()).isCloseTo(0.080362838028932, within(1e-12));
    }

    @Test
    void identicalSamplesHaveNoDistance() {
        KolmogorovSmirnovTest.Result r =
                KolmogorovSmirnovTest.test(sketchOf(REFERENCE), sketchOf(REFERENCE));

        assertThat(r.statistic()).isZero();
        assertThat(r.pValue()).isEqualTo(1.0);
    }

    @Test
    void estimatingSketchesSubtractBothRankErrorBounds() {
        Random random = new Random(7);
        NumericSketch reference = new NumericSketch();
        NumericSketch window = new NumericSketch();
        for (int i = 0; i < 100_000; i++) {
            reference.update(random.nextGaussian());
            window.update(random.nextGaussian() + 0.5);
        }
        KolmogorovSmirnovTest.Result r = KolmogorovSmirnovTest.test(reference, window);

        // Normal CDFs shifted by 0.5: D = 2 * Phi(0.25) - 1 = 0.19741 (scipy.stats.norm.cdf).
        // KLL k=200 single-rank error is 1.33% per sketch, so D lies within 0.03 of it.
        assertThat(r.rankErrorBound())
                .isCloseTo(2 * reference.normalizedRankError(), offset(1e-15))
                .isBetween(0.02, 0.03);
        assertThat(r.statistic()).isCloseTo(0.19741, within(0.03));
        assertThat(r.adjustedStatistic())
                .isCloseTo(r.statistic() - r.rankErrorBound(), within(1e-15));
        assertThat(r.pValue()).isLessThan(1e-100);
    }

    @ParameterizedTest
    @CsvSource({
        // python3: [scipy.special.kolmogorov(x) for x in xs]
        "0.1, 1.0",
        "0.3, 0.9999906941986655",
        "0.5, 0.9639452436648751",
        "0.8, 0.5441424115741981",
        "0.99, 0.2808738392255489",
        "1.0, 0.26999967167735456",
        "1.36, 0.049485876755377876",
        "2.0, 0.0006709252557796953",
        "3.0, 3.045995948942526e-08",
        "5.0, 3.8574996959278356e-22",
    })
    void kolmogorovSurvivalMatchesScipy(double x, double expected) {
        assertThat(KolmogorovSmirnovTest.kolmogorovSurvival(x))
                .isCloseTo(expected, within(Math.max(1e-15, expected * 1e-12)));
    }

    @Test
    void kolmogorovSurvivalIsOneAtAndBelowZero() {
        assertThat(KolmogorovSmirnovTest.kolmogorovSurvival(0)).isEqualTo(1.0);
        assertThat(KolmogorovSmirnovTest.kolmogorovSurvival(-3)).isEqualTo(1.0);
    }
}
