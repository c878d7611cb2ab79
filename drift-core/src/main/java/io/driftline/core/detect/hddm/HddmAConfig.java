package io.driftline.core.detect.hddm;

/**
 * Configuration of {@link HddmADetector}.
 *
 * @param driftConfidence α_D, the significance level of the drift test (default 0.001)
 * @param warningConfidence α_W, the significance level of the warning test (default 0.005)
 * @param twoSided also detect decreases of the mean (default false: only increases of an error
 *     rate, which is what a model monitor cares about)
 */
public record HddmAConfig(double driftConfidence, double warningConfidence, boolean twoSided) {

    /** Validates the values. */
    public HddmAConfig {
        HddmWConfig.checkConfidences(driftConfidence, warningConfidence);
    }

    /** The defaults of Frías-Blanco et al.: α_D = 0.001, α_W = 0.005, one-sided. */
    public static HddmAConfig defaults() {
        return new HddmAConfig(0.001, 0.005, false);
    }
}
