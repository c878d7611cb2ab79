package io.driftline.core.drift;

/**
 * Hellinger distance over shared bins, {@code sqrt(1 - sum(sqrt(p * q)))}, equivalently {@code
 * ||sqrt(p) - sqrt(q)||_2 / sqrt(2)}: a metric in [0, 1] that, unlike PSI, needs no smoothing.
 */
public final class HellingerDistance {

    private HellingerDistance() {}

    /** The distance between the reference and window proportions of {@code bins}. */
    public static double compute(SharedBins bins) {
        double[] p = bins.referenceProportions();
        double[] q = bins.windowProportions();
        double sumSquares = 0;
        for (int i = 0; i < p.length; i++) {
            double d = Math.sqrt(p[i]) - Math.sqrt(q[i]);
            sumSquares += d * d;
        }
        return Math.min(1.0, Math.sqrt(sumSquares / 2));
    }
}
