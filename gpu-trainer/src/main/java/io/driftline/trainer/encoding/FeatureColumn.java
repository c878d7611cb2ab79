package io.driftline.trainer.encoding;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Objects;

/**
 * How one feature becomes model inputs: a standardized number (plus a missing indicator when the
 * training data had gaps), a one-hot category with an "other" slot, or a hashed category.
 *
 * @param name the feature name
 * @param kind how it is encoded
 * @param mean training mean (numeric), 0 otherwise
 * @param std training standard deviation, 1 when it was 0 (numeric), 1 otherwise
 * @param missingIndicator whether a 0/1 "was missing" input follows the value (numeric)
 * @param vocabulary the one-hot categories in slot order (one-hot); empty otherwise
 * @param buckets hash buckets (hashed); 0 otherwise
 */
public record FeatureColumn(
        String name,
        Kind kind,
        double mean,
        double std,
        boolean missingIndicator,
        List<String> vocabulary,
        int buckets) {

    /** How a feature is encoded. */
    public enum Kind {
        NUMERIC,
        ONE_HOT,
        HASHED
    }

    public FeatureColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        vocabulary = vocabulary == null ? List.of() : List.copyOf(vocabulary);
    }

    /** A standardized numeric column. */
    public static FeatureColumn numeric(
            String name, double mean, double std, boolean missingIndicator) {
        return new FeatureColumn(
                name,
                Kind.NUMERIC,
                mean,
                std > 0 && Double.isFinite(std) ? std : 1,
                missingIndicator,
                List.of(),
                0);
    }

    /** A one-hot column over {@code vocabulary}, plus one slot for unseen or missing values. */
    public static FeatureColumn oneHot(String name, List<String> vocabulary) {
        return new FeatureColumn(name, Kind.ONE_HOT, 0, 1, false, vocabulary, 0);
    }

    /** A hashed column with {@code buckets} slots. */
    public static FeatureColumn hashed(String name, int buckets) {
        return new FeatureColumn(name, Kind.HASHED, 0, 1, false, List.of(), buckets);
    }

    /** Number of model inputs this column writes. */
    @JsonIgnore
    public int width() {
        return switch (kind) {
            case NUMERIC -> missingIndicator ? 2 : 1;
            case ONE_HOT -> vocabulary.size() + 1;
            case HASHED -> buckets;
        };
    }

    /**
     * Writes this column's inputs for {@code value} at {@code out[offset..offset+width)}. A numeric
     * column reads a string as missing; a categorical one reads a number as its {@link
     * FeatureEncoder#category} string.
     */
    void encode(Object value, float[] out, int offset, VocabularyIndex index) {
        switch (kind) {
            case NUMERIC -> {
                boolean missing = !(value instanceof Number);
                double x = missing ? mean : ((Number) value).doubleValue();
                out[offset] = (float) ((x - mean) / std);
                if (missingIndicator) {
                    out[offset + 1] = missing ? 1f : 0f;
                }
            }
            case ONE_HOT -> {
                int slot = value == null ? -1 : index.slot(FeatureEncoder.category(value));
                out[offset + (slot < 0 ? vocabulary.size() : slot)] = 1f;
            }
            case HASHED -> {
                if (value != null) {
                    String category = FeatureEncoder.category(value);
                    out[offset + Math.floorMod((name + '=' + category).hashCode(), buckets)] = 1f;
                }
            }
        }
    }

    /** Looks up one-hot slots without a linear scan. */
    @FunctionalInterface
    interface VocabularyIndex {
        int slot(String category);
    }
}
