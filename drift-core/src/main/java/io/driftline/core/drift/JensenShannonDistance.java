package io.driftline.core.drift;

/**
 * Jensen-Shannon distance in base 2 over shared bins: the square root of the Jensen-Shannon
 * divergence, so it is a metric in [0, 1] (0 identical, 1 disjoint support); the same value as
 * {@code scipy.spatial.distance.jensenshannon(p, q, base=2)}. Empty bins need no smoothing.
 */
public final class JensenShannonDistance {

    private JensenShannonDistance() {}

    /** The distance between the reference and window proportions of {@code bins}. */
    public static double compute(SharedBins bins) {
        double[] p = bins.referenceProportions();
        double[] q = bins.windowProportions();
        double divergence = 0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2;
            divergence += relativeEntropyTerm(p[i], m) + relativeEntropyTerm(q[i], m);
        }
        divergence /= 2 * Math.log(2);
        return Math.sqrt(Math.min(1.0, Math.max(0.0, divergence)));
    }

    private static double relativeEntropyTerm(double x, double m) {
        return x == 0 ? 0 : x * Math.log(x / m);
    }
}
