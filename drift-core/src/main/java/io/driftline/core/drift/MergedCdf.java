package io.driftline.core.drift;

import io.driftline.core.sketch.NumericSketch;
import java.util.Arrays;
import org.apache.datasketches.quantilescommon.DoublesSortedView;

/**
 * Both sketches' empirical CDFs evaluated at the union of their retained values, the grid on which
 * the two step functions can differ; shared by the KS and Wasserstein computations.
 *
 * @param points the distinct retained values of both sketches, ascending
 * @param first the first sketch's CDF (fraction {@code <=} point) at each point
 * @param second the second sketch's CDF at each point
 */
record MergedCdf(double[] points, double[] first, double[] second) {

    static MergedCdf of(NumericSketch a, NumericSketch b) {
        DoublesSortedView va = a.sortedView();
        DoublesSortedView vb = b.sortedView();
        double[] xa = va.getQuantiles();
        long[] wa = va.getCumulativeWeights();
        double[] xb = vb.getQuantiles();
        long[] wb = vb.getCumulativeWeights();
        double na = va.getN();
        double nb = vb.getN();
        int capacity = xa.length + xb.length;
        double[] points = new double[capacity];
        double[] fa = new double[capacity];
        double[] fb = new double[capacity];
        int i = 0;
        int j = 0;
        int k = 0;
        long cumA = 0;
        long cumB = 0;
        while (i < xa.length || j < xb.length) {
            double x;
            if (j >= xb.length || (i < xa.length && xa[i] <= xb[j])) {
                x = xa[i];
            } else {
                x = xb[j];
            }
            while (i < xa.length && xa[i] == x) {
                cumA = wa[i];
                i++;
            }
            while (j < xb.length && xb[j] == x) {
                cumB = wb[j];
                j++;
            }
            points[k] = x;
            fa[k] = cumA / na;
            fb[k] = cumB / nb;
            k++;
        }
        return new MergedCdf(Arrays.copyOf(points, k), Arrays.copyOf(fa, k), Arrays.copyOf(fb, k));
    }
}
