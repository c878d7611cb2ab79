package io.driftline.operators.profile;

import java.util.Map;

/**
 * The plain-data form of a {@link ReferenceProfile}, field for field the wire contract's {@code
 * reference_profile} carried by ModelPublished; predictions and labels appear as the reserved
 * features {@link ReferenceProfile#PREDICTION_FEATURE} and {@link ReferenceProfile#LABEL_FEATURE}.
 *
 * @param sampleCount rows the profile was built from
 * @param features per-feature data by name
 * @param baselinePerformance the reference model's metrics by name (accuracy, f1, mae, ...)
 */
public record ReferenceProfileData(
        long sampleCount,
        Map<String, FeatureProfileData> features,
        Map<String, Double> baselinePerformance) {

    /** Copies the maps so the record is immutable. */
    public ReferenceProfileData {
        features = Map.copyOf(features);
        baselinePerformance =
                baselinePerformance == null ? Map.of() : Map.copyOf(baselinePerformance);
    }
}
