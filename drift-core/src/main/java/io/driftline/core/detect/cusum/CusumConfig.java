package io.driftline.core.detect.cusum;

/**
 * Configuration of {@link CusumDetector}. Both parameters are in units of the stream's standard
 * deviation, which the detector estimates, so the defaults suit any scale.
 *
 * @param k the drift allowance: half the shift, in standard deviations, the chart is tuned to
 *     detect (default 0.5, i.e. a shift of one standard deviation)
 * @param h the decision threshold in standard deviations (default 12; with k = 0.5 this gives an
 *     in-control average run length of about 10^6 observations for normal data by Siegmund's
 *     approximation; h = 10 gives about 1.4 · 10^5, the textbook h = 5 only about 930)
 * @param minInstances observations after a (re)start before a drift can be signalled, so the mean
 *     and standard deviation are estimated first (default 30)
 */
public record CusumConfig(double k, double h, int minInstances) {

    /** Validates the values. */
    public CusumConfig {
        if (!(k >= 0.0) || !Double.isFinite(k)) {
            throw new IllegalArgumentException(
                    String.format("k must be finite and >= 0 but was %s; the default is 0.5", k));
        }
        if (!(h > 0.0) || !Double.isFinite(h)) {
            throw new IllegalArgumentException(
                    String.format("h must be finite and > 0 but was %s; the default is 12", h));
        }
        if (minInstances < 2) {
            throw new IllegalArgumentException(
                    String.format(
                            "minInstances must be at least 2 but was %s; the default is 30",
                            minInstances));
        }
    }

    /** The defaults: k = 0.5, h = 12, at least 30 observations. */
    public static CusumConfig defaults() {
        return new CusumConfig(0.5, 12.0, 30);
    }
}
