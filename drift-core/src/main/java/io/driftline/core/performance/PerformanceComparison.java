package io.driftline.core.performance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One window metric against the reference model's baseline: the delta and whether it degraded by
 * more than the allowed tolerance (a drop for accuracy-like metrics, a rise for errors).
 *
 * @param metric the metric
 * @param value the window's value
 * @param baseline the reference model's value
 * @param delta {@code value - baseline}
 * @param degraded whether the change in the bad direction exceeds the tolerance
 */
public record PerformanceComparison(
        PerformanceMetric metric, double value, double baseline, double delta, boolean degraded) {

    /**
     * Compares one metric. {@code tolerance} is the largest acceptable change in the bad direction,
     * as a positive number (0.05 allows accuracy to drop from 0.90 to 0.85).
     */
    public static PerformanceComparison of(
            PerformanceMetric metric, double value, double baseline, double tolerance) {
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0 but was " + tolerance);
        }
        double delta = value - baseline;
        double worsening = metric.higherIsBetter() ? -delta : delta;
        return new PerformanceComparison(metric, value, baseline, delta, worsening > tolerance);
    }

    /**
     * Compares every metric present in the window, the baseline (keyed by wire name) and the
     * tolerances; metrics missing from any of the three are skipped.
     */
    public static List<PerformanceComparison> compareAll(
            Map<PerformanceMetric, Double> window,
            Map<String, Double> baseline,
            Map<PerformanceMetric, Double> tolerances) {
        List<PerformanceComparison> out = new ArrayList<>();
        for (PerformanceMetric metric : PerformanceMetric.values()) {
            Double value = window.get(metric);
            Double base = baseline.get(metric.wireName());
            Double tolerance = tolerances.get(metric);
            if (value != null && base != null && tolerance != null) {
                out.add(of(metric, value, base, tolerance));
            }
        }
        return out;
    }
}
