package io.driftline.core.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MultipleTestingCorrectionTest {

    private static final double[] P = {0.01, 0.04, 0.03, 0.20, 0.005, 0.5, 0.049};

    @Test
    void benjaminiHochbergMatchesScipy() {
        // python3: scipy.stats.false_discovery_control([0.01, 0.04, 0.03, 0.20, 0.005, 0.5, 0.049])
        //   -> [0.035, 0.0686, 0.0686, 0.23333333333333336, 0.035, 0.5, 0.0686]
        assertThat(MultipleTestingCorrection.BENJAMINI_HOCHBERG.adjust(P))
                .containsExactly(
                        new double[] {
                            0.035, 0.0686, 0.0686, 0.23333333333333336, 0.035, 0.5, 0.0686
                        },
                        within(1e-15));
    }

    @Test
    void bonferroniMultipliesByTheNumberOfTestsCappedAtOne() {
        assertThat(MultipleTestingCorrection.BONFERRONI.adjust(P))
                .containsExactly(
                        new double[] {0.07, 0.28, 0.21, 1.0, 0.035, 1.0, 0.343}, within(1e-15));
    }

    @Test
    void handlesEmptyAndRejectsInvalidPValues() {
        assertThat(MultipleTestingCorrection.BENJAMINI_HOCHBERG.adjust(new double[0])).isEmpty();
        assertThatThrownBy(
                        () ->
                                MultipleTestingCorrection.BONFERRONI.adjust(
                                        new double[] {Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
