package io.driftline.core.detect.kswin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Checks the two-sample Kolmogorov-Smirnov p-values against scipy. */
class KolmogorovSmirnovDistributionTest {

    /**
     * Reference: scipy 1.17, {@code scipy.stats._stats_py._attempt_exact_2kssamp(n, m, gcd(n, m),
     * d, 'two-sided')}, the exact p-value that {@code ks_2samp(method='exact')} reports.
     */
    @ParameterizedTest
    @CsvSource({
        "30, 30, 0.3333333333333333, 0.07088798787114439",
        "30, 30, 0.4333333333333333, 0.006548396368058784",
        "30, 30, 0.4666666666666667, 0.0025300622362698397",
        "30, 30, 0.5, 0.0008995776840176799",
        "20, 35, 0.4, 0.0249008118021347",
        "20, 35, 0.2, 0.6209593656102207",
        "10, 10, 0.6, 0.05244755244755244",
        "50, 60, 0.25, 0.05510854881390684",
        "7, 13, 0.5, 0.11127450980392158",
        "1, 1, 1.0, 1.0"
    })
    void exactMatchesScipy(int n, int m, double d, double expected) {
        assertThat(KolmogorovSmirnovDistribution.twoSampleSurvival(n, m, d))
                .isCloseTo(expected, within(1e-12 + 1e-9 * expected));
    }

    @Test
    void completeSeparationOfTenAndTen() {
        // scipy: ks_2samp(range(1, 11), range(11, 21), method='exact').pvalue = 2 / C(20, 10).
        assertThat(KolmogorovSmirnovDistribution.twoSampleSurvival(10, 10, 1.0))
                .isCloseTo(1.0825088224469026e-05, within(1e-15));
    }

    /** Reference: scipy 1.17, {@code scipy.special.kolmogorov(λ)}. */
    @ParameterizedTest
    @CsvSource({
        "0.5, 0.9639452436648751",
        "1.0, 0.26999967167735456",
        "1.36, 0.049485876755377876",
        "2.0, 0.0006709252557796953"
    })
    void limitDistributionMatchesScipy(double lambda, double expected) {
        assertThat(KolmogorovSmirnovDistribution.kolmogorovSurvival(lambda))
                .isCloseTo(expected, within(1e-14));
    }

    @Test
    void largeSamplesUseTheLimitWithStephensCorrection() {
        // n = 200, m = 300, d = 0.12: λ = (√120 + 0.12 + 0.11/√120) · 0.12 = 1.3301391276389098,
        // scipy.special.kolmogorov(1.3301391276389098) = 0.05810999799937809.
        assertThat(KolmogorovSmirnovDistribution.twoSampleSurvival(200, 300, 0.12))
                .isCloseTo(0.05810999799937809, within(1e-12));
    }

    @Test
    void edgeValues() {
        assertThat(KolmogorovSmirnovDistribution.twoSampleSurvival(30, 30, 0.0)).isEqualTo(1.0);
        assertThat(KolmogorovSmirnovDistribution.twoSampleSurvival(30, 30, 1.5)).isEqualTo(0.0);
        assertThat(KolmogorovSmirnovDistribution.kolmogorovSurvival(0.1)).isEqualTo(1.0);
    }

    @Test
    void oneSidedEqualSizeSurvivalCountsTheArrangements() {
        // n = 3: of the C(6, 3) = 20 equally likely orders of the two samples, D+ >= 1/3 in 15,
        // >= 2/3 in 6 and = 1 in 1 (all of F's values below all of G's), i.e. C(6, 3 - k) / 20.
        assertThat(KolmogorovSmirnovDistribution.oneSidedEqualSizeSurvival(3, 0)).isEqualTo(1.0);
        assertThat(KolmogorovSmirnovDistribution.oneSidedEqualSizeSurvival(3, 1))
                .isCloseTo(0.75, within(1e-15));
        assertThat(KolmogorovSmirnovDistribution.oneSidedEqualSizeSurvival(3, 2))
                .isCloseTo(0.3, within(1e-15));
        assertThat(KolmogorovSmirnovDistribution.oneSidedEqualSizeSurvival(3, 3))
                .isCloseTo(0.05, within(1e-15));
        assertThat(KolmogorovSmirnovDistribution.oneSidedEqualSizeSurvival(3, 4)).isZero();
    }

    @ParameterizedTest
    @CsvSource({
        // C(400, 200 - k) / C(400, 200) in exact integer arithmetic (Python math.comb)
        "200, 47, 1.4803913684241202e-05",
        "200, 48, 9.133059651971387e-06",
        "200, 49, 5.57520107268936e-06"
    })
    void oneSidedEqualSizeSurvivalMatchesTheBinomialRatio(int n, int k, double expected) {
        assertThat(KolmogorovSmirnovDistribution.oneSidedEqualSizeSurvival(n, k))
                .isCloseTo(expected, within(expected * 1e-12));
    }
}
