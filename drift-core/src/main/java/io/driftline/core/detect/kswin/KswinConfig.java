package io.driftline.core.detect.kswin;

/**
 * Configuration of {@link KswinDetector}.
 *
 * @param alpha the significance level of each Kolmogorov-Smirnov test (default 1e-5; the paper's
 *     0.005, tested at every observation, alarms about once per 700 stationary observations)
 * @param windowSize the sliding window, in observations (default 800; the paper's is 100)
 * @param statSize the most recent observations compared with an equally large random sample of the
 *     older part of the window (default 200; the paper's is 30)
 * @param seed the seed of the sampling, so runs are reproducible (default 1)
 * @param twoSided test for any difference of the two samples' distributions, the two-sided test of
 *     the paper (default false: the one-sided test for recent values that are stochastically
 *     larger, i.e. an error rate, a loss or a latency that rose)
 */
public record KswinConfig(double alpha, int windowSize, int statSize, long seed, boolean twoSided) {

    /** Validates the values. */
    public KswinConfig {
        if (!(alpha > 0.0 && alpha < 1.0)) {
            throw new IllegalArgumentException(
                    String.format(
                            "alpha must be in (0, 1) but was %s; the default is 1e-5", alpha));
        }
        if (statSize < 2) {
            throw new IllegalArgumentException(
                    String.format(
                            "statSize must be at least 2 but was %s; the default is 200",
                            statSize));
        }
        if (windowSize < 2 * statSize || windowSize > 100_000) {
            throw new IllegalArgumentException(
                    String.format(
                            "windowSize must be in [2 * statSize = %s, 100000] but was %s; the default is 800",
                            2 * statSize, windowSize));
        }
    }

    /** A one-sided configuration (increases only). */
    public KswinConfig(double alpha, int windowSize, int statSize, long seed) {
        this(alpha, windowSize, statSize, seed, false);
    }

    /**
     * The defaults: α = 1e-5, window 800, statistic window 200, seed 1, one-sided. Calibrated for a
     * low false-alarm rate (see {@link KswinDetector#declaredFalseAlarmRate()}): with 200 values
     * per sample the one-sided test rejects from D⁺ = 48/200 on.
     */
    public static KswinConfig defaults() {
        return new KswinConfig(1e-5, 800, 200, 1L, false);
    }

    /**
     * The paper's and river's parameters, α = 0.005, window 100, statistic window 30, two-sided:
     * about one false alarm per 700 stationary normal observations.
     */
    public static KswinConfig paper() {
        return new KswinConfig(0.005, 100, 30, 1L, true);
    }

    /** A copy with another seed. */
    public KswinConfig withSeed(long newSeed) {
        return new KswinConfig(alpha, windowSize, statSize, newSeed, twoSided);
    }

    /** A copy with the two-sided ({@code true}) or the one-sided test ({@code false}). */
    public KswinConfig withTwoSided(boolean newTwoSided) {
        return new KswinConfig(alpha, windowSize, statSize, seed, newTwoSided);
    }
}
