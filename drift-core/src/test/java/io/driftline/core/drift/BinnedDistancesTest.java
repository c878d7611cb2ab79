package io.driftline.core.drift;

import static io.driftline.core.drift.ChiSquareTestTest.counts;
import static io.driftline.core.drift.DriftSamples.REFERENCE;
import static io.driftline.core.drift.DriftSamples.WINDOW;
import static io.driftline.core.drift.DriftSamples.sketchOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftline.core.sketch.CategoryCounts;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PSI, Jensen-Shannon and Hellinger on shared bins, against numpy / scipy. */
class BinnedDistancesTest {

    /*
     * python3 (a, b as in DriftSamples):
     *   cuts = np.unique(np.quantile(a, np.arange(1,10)/10, method='inverted_cdf'))
     *   count(x) = np.diff(np.concatenate([[0], np.append(np.searchsorted(np.sort(x), cuts,
     *              side='right'), len(x))]))
     *   -> reference [6]*10, window [6 2 3 1 10 2 3 3 0 15]
     *   p, q = proportions; eps = 1e-4; ps, qs = (p+eps)/(1+10*eps), (q+eps)/(1+10*eps)
     *   np.sum((qs-ps)*np.log(qs/ps))                          -> 1.3245975173828575
     *   scipy.spatial.distance.jensenshannon(p, q, base=2)     -> 0.39883177568104755
     *   np.sqrt(np.sum((np.sqrt(p)-np.sqrt(q))**2)/2)          -> 0.3570179297126114
     */
    private static final SharedBins NUMERIC =
            SharedBins.ofQuantiles(sketchOf(REFERENCE), sketchOf(WINDOW), 10);

    @Test
    void quantileBinsAreTheReferenceDeciles() {
        // Counts come from rank differences times n, so they carry rounding noise.
        assertThat(NUMERIC.reference())
                .containsExactly(new double[] {6, 6, 6, 6, 6, 6, 6, 6, 6, 6}, within(1e-9));
        assertThat(NUMERIC.window())
                .containsExactly(new double[] {6, 2, 3, 1, 10, 2, 3, 3, 0, 15}, within(1e-9));
        assertThat(NUMERIC.labels()).startsWith("<=-0.87").endsWith(">0.94");
    }

    @Test
    void numericPsiJsHellingerMatchScipy() {
        assertThat(PopulationStabilityIndex.compute(NUMERIC))
                .isCloseTo(1.3245975173828575, within(1e-12));
        assertThat(JensenShannonDistance.compute(NUMERIC))
                .isCloseTo(0.39883177568104755, within(1e-12));
        assertThat(HellingerDistance.compute(NUMERIC)).isCloseTo(0.3570179297126114, within(1e-12));
    }

    @Test
    void categoricalPsiJsHellingerMatchScipy() {
        // python3: t = np.array([[50,30,20,0],[40,30,20,10]]); p, q = t[0]/100, t[1]/100
        //   psi with eps=1e-4 over 4 bins -> 0.7128996743179619
        //   jensenshannon(p, q, base=2)  -> 0.2324129365435581
        //   hellinger                    -> 0.22975292054736118
        SharedBins bins =
                SharedBins.ofCategories(
                        counts("a", 50, "b", 30, "c", 20),
                        counts("a", 40, "b", 30, "c", 20, "d", 10));

        assertThat(bins.labels()).containsExactly("a", "b", "c", "d");
        assertThat(PopulationStabilityIndex.compute(bins))
                .isCloseTo(0.7128996743179619, within(1e-12));
        assertThat(JensenShannonDistance.compute(bins))
                .isCloseTo(0.2324129365435581, within(1e-12));
        assertThat(HellingerDistance.compute(bins)).isCloseTo(0.22975292054736118, within(1e-12));
    }

    @Test
    void identicalDistributionsAreAtDistanceZero() {
        SharedBins same = SharedBins.ofQuantiles(sketchOf(REFERENCE), sketchOf(REFERENCE), 10);

        assertThat(PopulationStabilityIndex.compute(same)).isZero();
        assertThat(JensenShannonDistance.compute(same)).isZero();
        assertThat(HellingerDistance.compute(same)).isZero();
    }

    @Test
    void disjointSupportsAreAtTheUpperBounds() {
        SharedBins disjoint =
                new SharedBins(List.of("x", "y"), new double[] {10, 0}, new double[] {0, 10});

        assertThat(JensenShannonDistance.compute(disjoint)).isCloseTo(1.0, within(1e-15));
        assertThat(HellingerDistance.compute(disjoint)).isCloseTo(1.0, within(1e-15));
        // Smoothed: p = ((1+1e-4)/(1+2e-4), 1e-4/(1+2e-4)), q mirrored; each bin contributes
        // (q-p) ln(q/p) = ln(10001) / (1+2e-4).
        double expected = 2 * Math.log(10001) / (1 + 2e-4);
        assertThat(PopulationStabilityIndex.compute(disjoint)).isCloseTo(expected, within(1e-12));
    }

    @Test
    void psiWithoutSmoothingRejectsEmptyBins() {
        SharedBins disjoint =
                new SharedBins(List.of("x", "y"), new double[] {10, 0}, new double[] {0, 10});

        assertThatThrownBy(() -> PopulationStabilityIndex.compute(disjoint, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("epsilon > 0");
    }

    @Test
    void constantReferenceMergesRepeatedCutPoints() {
        SharedBins bins = SharedBins.ofQuantiles(sketchOf(1, 1, 1, 1), sketchOf(1, 2, 3, 1), 10);

        assertThat(bins.labels()).containsExactly("<=1.0", ">1.0");
        assertThat(bins.reference()).containsExactly(4, 0);
        assertThat(bins.window()).containsExactly(2, 2);
        assertThat(PopulationStabilityIndex.compute(bins)).isPositive().isFinite();
    }

    @Test
    void saturatedCategoryMapsAreComparedBelowBothCutoffs() {
        // Two maps with room for 4 categories, fed 10 categories each: only categories kept by
        // both (below both hash cutoffs) get their own bin; everything else is "other".
        CategoryCounts reference = new CategoryCounts(4);
        CategoryCounts window = new CategoryCounts(4);
        for (int i = 0; i < 10; i++) {
            reference.add("c" + i, 10);
            window.add("c" + i, 10 + i);
        }
        SharedBins bins = SharedBins.ofCategories(reference, window);

        assertThat(bins.labels()).last().isEqualTo(CategoryCounts.OTHER);
        assertThat(bins.labels().size()).isBetween(2, 5);
        assertThat(bins.referenceTotal()).isEqualTo(100);
        assertThat(bins.windowTotal()).isEqualTo(145);
        for (int i = 0; i < bins.size() - 1; i++) {
            String name = bins.labels().get(i);
            assertThat(bins.reference()[i]).isEqualTo(reference.countOf(name));
            assertThat(bins.window()[i]).isEqualTo(window.countOf(name));
        }
    }
}
