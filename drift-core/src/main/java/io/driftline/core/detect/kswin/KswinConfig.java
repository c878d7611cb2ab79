package io.driftline.core.detect.kswin;

/**
 * Configuration of {@link KswinDetector}.
 *
 * @param alpha the significance level of each Kolmogorov-Smirnov test (default 0.005)
 * @param windowSize the sliding window, in observations (default 100)
 * @param statSize the most recent observations compared with an equally large random sample of the
 *     older part of the window (default 30)
 * @param seed the seed of the sampling, so runs are reproducible (default 1)
 */
public record KswinConfig(double alpha, int windowSize, int statSize, long seed) {

    /** Validates the values. */
    public KswinConfig {
        if (!(alpha > 0.0 && alpha < 1.0)) {
            throw new IllegalArgumentException(
                    String.format(
                            "alpha must be in (0, 1) but was %s; the default is 0.005", alpha));
        }
        if (statSize < 2) {
            throw new IllegalArgumentException(
                    String.format(
                            "statSize must be at least 2 but was %s; the default is 30", statSize));
        }
        if (windowSize < 2 * statSize || windowSize > 100_000) {
            throw new IllegalArgumentException(
                    String.format(
                            "windowSize must be in [2 * statSize = %s, 100000] but was %s; the default is 100",
                            2 * statSize, windowSize));
        }
    }

    /** The defaults of Raab et al.: α = 0.005, window 100, statistic window 30, seed 1. */
    public static KswinConfig defaults() {
        return new KswinConfig(0.005, 100, 30, 1L);
    }

    /** A copy with another seed. */
    public KswinConfig withSeed(long newSeed) {
        return new KswinConfig(alpha, windowSize, statSize, newSeed);
    }
}
