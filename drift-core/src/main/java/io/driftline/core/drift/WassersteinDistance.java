package io.driftline.core.drift;

import io.driftline.core.sketch.NumericSketch;

/**
 * Wasserstein-1 (earth mover's) distance between a reference and a window sketch, raw and
 * normalized by the reference's spread so that one threshold (default 0.1) fits every feature.
 *
 * <p>{@code W1 = integral |F_ref(x) - F_win(x)| dx}, equal to the integral over u of the distance
 * between the two quantile functions; both are step functions on the union of retained values, so
 * the integral is an exact finite sum. While both sketches are exact this is {@code
 * scipy.stats.wasserstein_distance}.
 *
 * <p>Normalization: divided by the reference interquartile range {@code q(0.75) - q(0.25)}
 * (inverted-CDF quantiles of the reference sketch), which, unlike the standard deviation, is robust
 * to outliers and available from a sketch. If the IQR is 0 (a mostly constant feature) the
 * reference range {@code max - min} is used; if that is 0 too, the scale is 1 (the raw distance, in
 * the feature's units).
 */
public final class WassersteinDistance {

    private WassersteinDistance() {}

    /**
     * The distance.
     *
     * @param distance raw W1, in the feature's units
     * @param scale the reference spread it is divided by
     * @param normalized {@code distance / scale}
     */
    public record Result(double distance, double scale, double normalized) {}

    /** Computes raw and normalized W1; both sketches must be non-empty. */
    public static Result compute(NumericSketch reference, NumericSketch window) {
        if (reference.isEmpty() || window.isEmpty()) {
            throw new IllegalArgumentException("Wasserstein needs two non-empty sketches");
        }
        MergedCdf cdf = MergedCdf.of(reference, window);
        double[] x = cdf.points();
        double w = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            w += Math.abs(cdf.first()[i] - cdf.second()[i]) * (x[i + 1] - x[i]);
        }
        double scale = referenceScale(reference);
        return new Result(w, scale, w / scale);
    }

    /** The reference spread used for normalization, see the class comment. */
    public static double referenceScale(NumericSketch reference) {
        double iqr = reference.quantile(0.75) - reference.quantile(0.25);
        if (iqr > 0) {
            return iqr;
        }
        double range = reference.max() - reference.min();
        return range > 0 ? range : 1.0;
    }
}
