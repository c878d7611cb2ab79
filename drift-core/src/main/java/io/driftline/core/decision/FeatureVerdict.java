package io.driftline.core.decision;

import io.driftline.core.summary.ObservedKind;
import io.driftline.events.Severity;
import java.util.Map;

/**
 * The verdict on one feature in one window, with the statistics behind it.
 *
 * @param feature the feature name
 * @param kind numeric or categorical
 * @param statistics statistic name to value (see {@code FeatureDriftStatistics})
 * @param pValue the raw p-value of the feature's test
 * @param adjustedPValue the p-value after the multiple-testing correction
 * @param drifted significant and past a drift effect-size threshold
 * @param severity NONE, WARNING (significant and PSI past the warning level) or DRIFT
 */
public record FeatureVerdict(
        String feature,
        ObservedKind kind,
        Map<String, Double> statistics,
        double pValue,
        double adjustedPValue,
        boolean drifted,
        Severity severity) {}
