package io.driftline.core.drift;

/**
 * Population Stability Index, {@code sum((q - p) * ln(q / p))} over shared bins, with p the
 * reference and q the window proportions; 0.1 is conventionally "moderate" and 0.25 "significant"
 * shift.
 *
 * <p>Smoothing: an empty bin would make the log infinite, so every proportion is replaced by {@code
 * (x + epsilon) / (1 + bins * epsilon)} (additive smoothing that keeps the proportions summing to
 * 1), with {@link #DEFAULT_EPSILON} = 1e-4 — i.e. an empty bin counts as about 0.01% of the mass,
 * which caps a single empty bin's contribution near {@code q * ln(q / 1e-4)}.
 */
public final class PopulationStabilityIndex {

    /** Default smoothing added to every bin proportion. */
    public static final double DEFAULT_EPSILON = 1e-4;

    private PopulationStabilityIndex() {}

    /** PSI with {@link #DEFAULT_EPSILON}. */
    public static double compute(SharedBins bins) {
        return compute(bins, DEFAULT_EPSILON);
    }

    /** PSI with the given smoothing {@code epsilon} (0 allowed only if no bin is empty). */
    public static double compute(SharedBins bins, double epsilon) {
        if (!(epsilon >= 0) || epsilon >= 1) {
            throw new IllegalArgumentException("epsilon must be in [0, 1) but was " + epsilon);
        }
        double[] p = bins.referenceProportions();
        double[] q = bins.windowProportions();
        double norm = 1 + p.length * epsilon;
        double psi = 0;
        for (int i = 0; i < p.length; i++) {
            double pi = (p[i] + epsilon) / norm;
            double qi = (q[i] + epsilon) / norm;
            if (pi == 0 || qi == 0) {
                if (pi != qi) {
                    throw new IllegalArgumentException(
                            "bin "
                                    + bins.labels().get(i)
                                    + " is empty on one side; use epsilon > 0");
                }
                continue;
            }
            psi += (qi - pi) * Math.log(qi / pi);
        }
        return psi;
    }
}
