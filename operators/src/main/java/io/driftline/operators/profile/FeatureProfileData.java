package io.driftline.operators.profile;

import java.util.Map;

/**
 * The plain-data form of one feature in a reference profile, field for field the wire contract's
 * {@code reference_profile.features[name]}.
 *
 * @param kind {@code numeric}, {@code categorical} or {@code unknown} (only missing values seen)
 * @param count non-missing values
 * @param missing missing values
 * @param sketch base64 of the versioned numeric sketch bytes; {@code null} unless numeric
 * @param frequencies individually counted categories; empty unless categorical
 * @param otherCount occurrences of the categories in the other bucket; 0 unless categorical
 */
public record FeatureProfileData(
        String kind,
        long count,
        long missing,
        String sketch,
        Map<String, Long> frequencies,
        long otherCount) {

    /** Copies the frequencies so the record is immutable. */
    public FeatureProfileData {
        frequencies = frequencies == null ? Map.of() : Map.copyOf(frequencies);
    }
}
