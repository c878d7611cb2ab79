package io.driftline.events;

import java.util.Map;
import java.util.Objects;

/**
 * The reference distribution of one feature, as computed from a model's training data.
 *
 * @param kind numeric or categorical
 * @param count number of non-missing values
 * @param missing number of missing values
 * @param sketch base64 of the drift engine's versioned binary numeric sketch (opaque here); null
 *     for categoricals
 * @param frequencies category to count for categoricals; empty for numerics
 * @param otherCount count of categories not kept in {@code frequencies}
 */
public record FeatureProfile(
        FeatureKind kind,
        long count,
        long missing,
        String sketch,
        Map<String, Long> frequencies,
        long otherCount) {

    public FeatureProfile {
        Objects.requireNonNull(kind, "kind");
        frequencies = WireCollections.map(frequencies, "frequencies");
    }
}
