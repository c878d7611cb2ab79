package io.driftline.core.decision;

import io.driftline.core.performance.PerformanceComparison;
import io.driftline.events.Severity;
import java.util.List;
import java.util.Optional;

/**
 * The verdict on one model's window: per-feature results, prediction and label drift, the
 * performance comparison, and the severities they add up to.
 *
 * @param features evaluated features, sorted by name
 * @param skippedFeatures features not evaluated (too few values, no reference, kind changed)
 * @param prediction prediction drift, when both sides have predictions (not part of the
 *     multiple-testing family or the drifted share)
 * @param label label drift, likewise
 * @param driftedShare drifted features / evaluated features (0 when none evaluated)
 * @param featureSeverity DRIFT when the share reaches the threshold or a critical feature drifted,
 *     WARNING when any feature drifted or warned, else NONE
 * @param performance per-metric comparisons against the baseline
 * @param performanceSeverity DRIFT when any metric degraded past its tolerance, else NONE
 * @param severity the worse of the two
 */
public record WindowDriftResult(
        List<FeatureVerdict> features,
        List<String> skippedFeatures,
        Optional<FeatureVerdict> prediction,
        Optional<FeatureVerdict> label,
        double driftedShare,
        Severity featureSeverity,
        List<PerformanceComparison> performance,
        Severity performanceSeverity,
        Severity severity) {

    /** Copies the lists. */
    public WindowDriftResult {
        features = List.copyOf(features);
        skippedFeatures = List.copyOf(skippedFeatures);
        performance = List.copyOf(performance);
    }
}
