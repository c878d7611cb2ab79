package io.driftline.core.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftline.core.sketch.CategoryCounts;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChiSquareTestTest {

    @Test
    void contingencyTestMatchesScipyIncludingUnseenCategory() {
        // python3: scipy.stats.chi2_contingency([[50,30,20,0],[40,30,20,10]], correction=False)
        //   -> statistic 11.11111111111111, dof 3, pvalue 0.011139980641667716
        CategoryCounts reference = counts("a", 50, "b", 30, "c", 20);
        CategoryCounts window = counts("a", 40, "b", 30, "c", 20, "d", 10);

        ChiSquareTest.Result r = ChiSquareTest.test(SharedBins.ofCategories(reference, window));

        assertThat(r.statistic()).isCloseTo(11.11111111111111, within(1e-12));
        assertThat(r.degreesOfFreedom()).isEqualTo(3);
        assertThat(r.pValue()).isCloseTo(0.011139980641667716, within(1e-15));
    }

    @Test
    void singleCategoryHasNothingToTest() {
        ChiSquareTest.Result r =
                ChiSquareTest.test(SharedBins.ofCategories(counts("a", 5), counts("a", 9)));

        assertThat(r.degreesOfFreedom()).isZero();
        assertThat(r.pValue()).isEqualTo(1.0);
    }

    @Test
    void binsEmptyOnBothSidesAreDroppedInsteadOfDividingByZero() {
        SharedBins bins =
                new SharedBins(
                        List.of("a", "b", "c"), new double[] {5, 0, 5}, new double[] {5, 0, 5});

        ChiSquareTest.Result r = ChiSquareTest.test(bins);

        assertThat(r.statistic()).isZero();
        assertThat(r.degreesOfFreedom()).isEqualTo(1);
        assertThat(r.pValue()).isEqualTo(1.0);
    }

    @ParameterizedTest
    @CsvSource({
        // python3: scipy.stats.chi2.sf(x, k)
        "3.84, 1, 0.05004352124870519",
        "100, 10, 5.4497019829205215e-17",
        "500, 3, 4.771672031912771e-108",
        "0.5, 7, 0.9994464813904249",
        "250, 255, 0.5766352636499277",
        "600, 255, 7.531973752277973e-30",
        "2000, 255, 6.879590201140631e-268",
        "1000, 100, 2.3060767380354624e-148",
        "12.5, 4, 0.013995792487650894",
        "0.001, 2, 0.9995001249791693",
        "30, 0.5, 1.0571160092571009e-08",
    })
    void survivalMatchesScipy(double x, double dof, double expected) {
        assertThat(ChiSquareTest.survival(x, dof)).isCloseTo(expected, within(expected * 1e-11));
    }

    @ParameterizedTest
    @CsvSource({
        // python3: scipy.special.gammaln(x)
        "0.1, 2.252712651734206",
        "0.5, 0.5723649429247",
        "1, 0.0",
        "2.5, 0.2846828704729192",
        "10, 12.801827480081469",
        "171.3, 708.1149470389971",
        "100000, 1051287.7089736569",
    })
    void logGammaMatchesScipy(double x, double expected) {
        assertThat(ChiSquareTest.logGamma(x))
                .isCloseTo(expected, within(Math.max(1e-13, Math.abs(expected) * 1e-13)));
    }

    static CategoryCounts counts(Object... nameCountPairs) {
        CategoryCounts counts = new CategoryCounts();
        for (int i = 0; i < nameCountPairs.length; i += 2) {
            counts.add((String) nameCountPairs[i], ((Integer) nameCountPairs[i + 1]).longValue());
        }
        return counts;
    }
}
