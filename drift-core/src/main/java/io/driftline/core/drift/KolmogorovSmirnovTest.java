package io.driftline.core.drift;

import io.driftline.core.sketch.NumericSketch;

/**
 * Two-sample Kolmogorov-Smirnov test between a reference and a window sketch, with the p-value from
 * the asymptotic Kolmogorov distribution.
 *
 * <p>The statistic {@code D = sup |F_ref(x) - F_win(x)|} is evaluated at the union of both
 * sketches' retained values, where the two step functions jump; while both sketches are exact
 * (fewer than k values) this is exactly {@code scipy.stats.ks_2samp}'s statistic.
 *
 * <p>Sketch error: an estimating KLL sketch's ranks may be off by its normalized rank error {@code
 * e} (about 1.33% at k = 200, 99% confidence). The p-value therefore uses {@code D' = max(0, D -
 * e_ref - e_win)}, the smallest distance consistent with the sketches, which makes the test
 * conservative (it can miss a shift smaller than the error bound, never invent one). With exact
 * sketches {@code e = 0}.
 *
 * <p>p-value: {@code Q_KS(sqrt(n m / (n + m)) * D')} with {@code Q_KS} the Kolmogorov survival
 * function ({@code scipy.special.kolmogorov}), using both sample sizes. This is the large-sample
 * approximation; for small samples it is slightly conservative compared with the exact
 * distribution.
 */
public final class KolmogorovSmirnovTest {

    private KolmogorovSmirnovTest() {}

    /**
     * The test result.
     *
     * @param statistic D as measured on the sketches
     * @param adjustedStatistic D minus both sketches' rank-error bounds, floored at 0
     * @param rankErrorBound the sum of both sketches' normalized rank errors subtracted
     * @param pValue Kolmogorov survival at {@code sqrt(nm/(n+m)) * adjustedStatistic}
     */
    public record Result(
            double statistic, double adjustedStatistic, double rankErrorBound, double pValue) {}

    /** Runs the test; both sketches must be non-empty. */
    public static Result test(NumericSketch reference, NumericSketch window) {
        if (reference.isEmpty() || window.isEmpty()) {
            throw new IllegalArgumentException("KS test needs two non-empty sketches");
        }
        MergedCdf cdf = MergedCdf.of(reference, window);
        double d = 0;
        for (int i = 0; i < cdf.points().length; i++) {
            d = Math.max(d, Math.abs(cdf.first()[i] - cdf.second()[i]));
        }
        double errorBound = reference.normalizedRankError() + window.normalizedRankError();
        double adjusted = Math.max(0.0, d - errorBound);
        double n = reference.count();
        double m = window.count();
        double effectiveN = n * m / (n + m);
        return new Result(
                d, adjusted, errorBound, kolmogorovSurvival(Math.sqrt(effectiveN) * adjusted));
    }

    /**
     * The survival function of the Kolmogorov distribution, {@code P(K > x)} for {@code K =
     * sup|B(t)|} of a Brownian bridge (scipy's {@code special.kolmogorov}).
     *
     * <p>For {@code x >= 1} the alternating series {@code 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2 x^2)},
     * which converges in a few terms there; below 1 the Jacobi-transformed series for the CDF,
     * {@code sqrt(2 pi) / x sum_{k>=1} exp(-(2k-1)^2 pi^2 / (8 x^2))}, which converges fast for
     * small x, and {@code 1 - CDF} (no cancellation issue: the survival exceeds 0.27 there).
     */
    public static double kolmogorovSurvival(double x) {
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("x must not be NaN");
        }
        if (x <= 0) {
            return 1.0;
        }
        if (x < 1) {
            double sum = 0;
            double c = Math.PI * Math.PI / (8 * x * x);
            for (int k = 1; k <= 100; k++) {
                double odd = 2 * k - 1;
                double term = Math.exp(-odd * odd * c);
                sum += term;
                if (term <= 1e-17 * sum) {
                    break;
                }
            }
            double cdf = Math.sqrt(2 * Math.PI) / x * sum;
            return Math.min(1.0, Math.max(0.0, 1.0 - cdf));
        }
        double sum = 0;
        for (int k = 1; k <= 100; k++) {
            double term = Math.exp(-2.0 * k * k * x * x);
            sum += (k % 2 == 1) ? term : -term;
            if (term <= 1e-17 * sum || term == 0) {
                break;
            }
        }
        return Math.min(1.0, Math.max(0.0, 2 * sum));
    }
}
