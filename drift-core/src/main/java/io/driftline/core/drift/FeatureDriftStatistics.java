package io.driftline.core.drift;

import io.driftline.core.sketch.CategoryCounts;
import io.driftline.core.sketch.NumericSketch;
import io.driftline.core.summary.FeatureSummary;
import io.driftline.core.summary.ObservedKind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * All drift statistics of one feature's window against its reference, with the p-value of the
 * feature's significance test (KS for numeric, chi-square for categorical).
 *
 * <p>Numeric features get {@link #PSI}, {@link #JS_DISTANCE}, {@link #HELLINGER} (on {@code bins}
 * reference-quantile bins), {@link #KS_STATISTIC}, {@link #KS_STATISTIC_ADJUSTED}, {@link
 * #WASSERSTEIN} and {@link #WASSERSTEIN_NORMALIZED}; categorical features get PSI, JS, Hellinger
 * and {@link #CHI_SQUARE}. Both get the window's and the reference's missing rates.
 *
 * @param kind the feature kind
 * @param values statistic name to value, in a stable order
 * @param pValue p-value of the significance test
 * @param referenceCount non-missing reference values
 * @param windowCount non-missing window values
 */
public record FeatureDriftStatistics(
        ObservedKind kind,
        Map<String, Double> values,
        double pValue,
        long referenceCount,
        long windowCount) {

    /** Population Stability Index. */
    public static final String PSI = "psi";

    /** Jensen-Shannon distance, base 2. */
    public static final String JS_DISTANCE = "js_distance";

    /** Hellinger distance. */
    public static final String HELLINGER = "hellinger";

    /** KS statistic D as measured on the sketches. */
    public static final String KS_STATISTIC = "ks_statistic";

    /** KS statistic after subtracting the sketches' rank-error bounds (used for the p-value). */
    public static final String KS_STATISTIC_ADJUSTED = "ks_statistic_adjusted";

    /** Raw Wasserstein-1 distance. */
    public static final String WASSERSTEIN = "wasserstein";

    /** Wasserstein-1 divided by the reference spread. */
    public static final String WASSERSTEIN_NORMALIZED = "wasserstein_normalized";

    /** Pearson chi-square statistic. */
    public static final String CHI_SQUARE = "chi_square";

    /** Chi-square degrees of freedom. */
    public static final String CHI_SQUARE_DOF = "chi_square_dof";

    /** Share of missing values in the window. */
    public static final String MISSING_RATE = "missing_rate";

    /** Share of missing values in the reference. */
    public static final String REFERENCE_MISSING_RATE = "reference_missing_rate";

    /** Makes the values map immutable. */
    public FeatureDriftStatistics {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The value of statistic {@code name}, or NaN if it was not computed. */
    public double value(String name) {
        Double v = values.get(name);
        return v == null ? Double.NaN : v;
    }

    /**
     * Compares one feature; empty when it cannot be compared: either side has no non-missing value,
     * or the kinds differ (a schema change the caller should report separately).
     */
    public static Optional<FeatureDriftStatistics> compare(
            FeatureSummary reference, FeatureSummary window, int bins, double psiEpsilon) {
        if (reference.kind() != window.kind()
                || reference.kind() == ObservedKind.UNKNOWN
                || reference.count() == 0
                || window.count() == 0) {
            return Optional.empty();
        }
        Map<String, Double> values = new LinkedHashMap<>();
        double pValue;
        if (reference.kind() == ObservedKind.NUMERIC) {
            pValue =
                    numeric(
                            reference.numericSketch(),
                            window.numericSketch(),
                            bins,
                            psiEpsilon,
                            values);
        } else {
            pValue =
                    categorical(
                            reference.categoryCounts(),
                            window.categoryCounts(),
                            psiEpsilon,
                            values);
        }
        values.put(MISSING_RATE, rate(window));
        values.put(REFERENCE_MISSING_RATE, rate(reference));
        return Optional.of(
                new FeatureDriftStatistics(
                        reference.kind(), values, pValue, reference.count(), window.count()));
    }

    private static double numeric(
            NumericSketch reference,
            NumericSketch window,
            int bins,
            double psiEpsilon,
            Map<String, Double> values) {
        SharedBins shared = SharedBins.ofQuantiles(reference, window, bins);
        values.put(PSI, PopulationStabilityIndex.compute(shared, psiEpsilon));
        values.put(JS_DISTANCE, JensenShannonDistance.compute(shared));
        values.put(HELLINGER, HellingerDistance.compute(shared));
        KolmogorovSmirnovTest.Result ks = KolmogorovSmirnovTest.test(reference, window);
        values.put(KS_STATISTIC, ks.statistic());
        values.put(KS_STATISTIC_ADJUSTED, ks.adjustedStatistic());
        WassersteinDistance.Result w = WassersteinDistance.compute(reference, window);
        values.put(WASSERSTEIN, w.distance());
        values.put(WASSERSTEIN_NORMALIZED, w.normalized());
        return ks.pValue();
    }

    private static double categorical(
            CategoryCounts reference,
            CategoryCounts window,
            double psiEpsilon,
            Map<String, Double> values) {
        SharedBins shared = SharedBins.ofCategories(reference, window);
        values.put(PSI, PopulationStabilityIndex.compute(shared, psiEpsilon));
        values.put(JS_DISTANCE, JensenShannonDistance.compute(shared));
        values.put(HELLINGER, HellingerDistance.compute(shared));
        ChiSquareTest.Result chi = ChiSquareTest.test(shared);
        values.put(CHI_SQUARE, chi.statistic());
        values.put(CHI_SQUARE_DOF, (double) chi.degreesOfFreedom());
        return chi.pValue();
    }

    private static double rate(FeatureSummary f) {
        long total = f.count() + f.missing();
        return total == 0 ? 0.0 : (double) f.missing() / total;
    }
}
