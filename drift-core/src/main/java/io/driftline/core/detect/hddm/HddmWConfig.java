package io.driftline.core.detect.hddm;

/**
 * Configuration of {@link HddmWDetector}.
 *
 * @param driftConfidence α_D, the significance level of the drift test (default 0.001)
 * @param warningConfidence α_W, the significance level of the warning test (default 0.005)
 * @param lambda λ, the weight of the newest observation in the moving averages (default 0.05)
 * @param twoSided also detect decreases of the mean (default false: only increases)
 */
public record HddmWConfig(
        double driftConfidence, double warningConfidence, double lambda, boolean twoSided) {

    /** Validates the values. */
    public HddmWConfig {
        checkConfidences(driftConfidence, warningConfidence);
        if (!(lambda > 0.0 && lambda <= 1.0)) {
            throw new IllegalArgumentException(
                    String.format(
                            "lambda must be in (0, 1] but was %s; the default is 0.05", lambda));
        }
    }

    /** The defaults of Frías-Blanco et al.: α_D = 0.001, α_W = 0.005, λ = 0.05, one-sided. */
    public static HddmWConfig defaults() {
        return new HddmWConfig(0.001, 0.005, 0.05, false);
    }

    static void checkConfidences(double driftConfidence, double warningConfidence) {
        if (!(driftConfidence > 0.0 && driftConfidence < 1.0)) {
            throw new IllegalArgumentException(
                    String.format(
                            "driftConfidence must be in (0, 1) but was %s; the default is 0.001",
                            driftConfidence));
        }
        if (!(warningConfidence >= driftConfidence && warningConfidence < 1.0)) {
            throw new IllegalArgumentException(
                    String.format(
                            "warningConfidence must be in [driftConfidence = %s, 1) but was %s; the default is 0.005",
                            driftConfidence, warningConfidence));
        }
    }
}
