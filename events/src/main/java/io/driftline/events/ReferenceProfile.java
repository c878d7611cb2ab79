package io.driftline.events;

import java.util.Map;

/**
 * The reference a model's drift is measured against: per-feature distributions and baseline
 * performance, published with each model version.
 *
 * @param sampleCount number of training rows it was computed from
 * @param features feature name to profile
 * @param baselinePerformance metric name to the model's holdout value, e.g. {@code f1}
 */
public record ReferenceProfile(
        long sampleCount,
        Map<String, FeatureProfile> features,
        Map<String, Double> baselinePerformance) {

    public ReferenceProfile {
        features = WireCollections.map(features, "features");
        baselinePerformance = WireCollections.map(baselinePerformance, "baselinePerformance");
    }
}
