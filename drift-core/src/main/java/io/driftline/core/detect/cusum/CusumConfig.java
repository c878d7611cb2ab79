package io.driftline.core.detect.cusum;

/**
 * Configuration of {@link CusumDetector}. {@code k} and {@code h} are in the units of the input:
 * the defaults suit 0/1 error streams and losses in [0, 1] (standard deviation up to 0.5); for
 * other inputs scale both with the input's spread σ: the defaults are k = 0.1σ and h = 50σ at σ =
 * 0.5, the largest spread of a 0/1 stream.
 *
 * @param k the drift allowance, subtracted from every deviation: half the shift of the mean the
 *     chart is tuned to detect (default 0.05, i.e. an error rate rising by 0.1, as from 0.2 to 0.3)
 * @param h the decision threshold on the cumulative sum (default 25; a warning at h / 2)
 * @param warmUp observations after a (re)start that only estimate the reference mean, before the
 *     chart starts (default 500; at rate 0.2 the estimate's standard error is then 0.018)
 * @param twoSided also run the lower chart, which detects decreases of the mean (default false:
 *     increases only, e.g. of an error rate, a loss or a latency)
 */
public record CusumConfig(double k, double h, int warmUp, boolean twoSided) {

    /** Validates the values. */
    public CusumConfig {
        if (!(k >= 0.0) || !Double.isFinite(k)) {
            throw new IllegalArgumentException(
                    String.format("k must be finite and >= 0 but was %s; the default is 0.05", k));
        }
        if (!(h > 0.0) || !Double.isFinite(h)) {
            throw new IllegalArgumentException(
                    String.format("h must be finite and > 0 but was %s; the default is 25", h));
        }
        if (warmUp < 1) {
            throw new IllegalArgumentException(
                    String.format(
                            "warmUp must be at least 1 but was %s; the default is 500", warmUp));
        }
    }

    /** The defaults: k = 0.05, h = 25, a warm-up of 500 observations, one-sided. */
    public static CusumConfig defaults() {
        return new CusumConfig(0.05, 25.0, 500, false);
    }

    /** A copy that also detects decreases ({@code true}) or only increases ({@code false}). */
    public CusumConfig withTwoSided(boolean newTwoSided) {
        return new CusumConfig(k, h, warmUp, newTwoSided);
    }
}
