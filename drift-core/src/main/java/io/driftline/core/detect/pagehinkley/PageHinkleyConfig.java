package io.driftline.core.detect.pagehinkley;

/**
 * Configuration of {@link PageHinkleyDetector}.
 *
 * @param delta the magnitude of change tolerated, subtracted from every deviation (default 0.005)
 * @param lambda the threshold λ on the faded cumulative deviation (default 50)
 * @param alpha the fading factor α applied to the cumulative deviation (default 0.9999)
 * @param minInstances observations after a (re)start before a drift can be signalled (default 30)
 * @param twoSided also run the mirrored test, which detects decreases of the mean (default false:
 *     increases only, e.g. of an error rate, a loss or a latency)
 */
public record PageHinkleyConfig(
        double delta, double lambda, double alpha, int minInstances, boolean twoSided) {

    /** Validates the values. */
    public PageHinkleyConfig {
        if (!(delta >= 0.0) || !Double.isFinite(delta)) {
            throw new IllegalArgumentException(
                    String.format(
                            "delta must be finite and >= 0 but was %s; the default is 0.005",
                            delta));
        }
        if (!(lambda > 0.0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException(
                    String.format(
                            "lambda must be finite and > 0 but was %s; the default is 50", lambda));
        }
        if (!(alpha > 0.0 && alpha <= 1.0)) {
            throw new IllegalArgumentException(
                    String.format(
                            "alpha must be in (0, 1] but was %s; the default is 0.9999", alpha));
        }
        if (minInstances < 1) {
            throw new IllegalArgumentException(
                    String.format(
                            "minInstances must be at least 1 but was %s; the default is 30",
                            minInstances));
        }
    }

    /** A one-sided configuration (increases only). */
    public PageHinkleyConfig(double delta, double lambda, double alpha, int minInstances) {
        this(delta, lambda, alpha, minInstances, false);
    }

    /** The defaults: δ = 0.005, λ = 50, α = 0.9999, at least 30 observations, one-sided. */
    public static PageHinkleyConfig defaults() {
        return new PageHinkleyConfig(0.005, 50.0, 0.9999, 30, false);
    }

    /** A copy that also detects decreases ({@code true}) or only increases ({@code false}). */
    public PageHinkleyConfig withTwoSided(boolean newTwoSided) {
        return new PageHinkleyConfig(delta, lambda, alpha, minInstances, newTwoSided);
    }
}
