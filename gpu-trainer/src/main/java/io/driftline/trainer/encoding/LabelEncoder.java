package io.driftline.trainer.encoding;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Objects;

/**
 * How a model's target is encoded: class indices for a classifier, a standardized number for a
 * regressor or forecaster, nothing for an autoencoder.
 *
 * @param kind the encoding
 * @param classes class names in index order (classes); empty otherwise
 * @param mean training mean of the target (standardized), 0 otherwise
 * @param std training standard deviation of the target (standardized), 1 otherwise
 */
public record LabelEncoder(Kind kind, List<String> classes, double mean, double std) {

    /** The target encodings. */
    public enum Kind {
        CLASSES,
        STANDARDIZED,
        NONE
    }

    public LabelEncoder {
        Objects.requireNonNull(kind, "kind");
        classes = classes == null ? List.of() : List.copyOf(classes);
        std = std > 0 && Double.isFinite(std) ? std : 1;
    }

    /** Class indices over {@code classes} (sorted by the caller for stable indices). */
    public static LabelEncoder classes(List<String> classes) {
        return new LabelEncoder(Kind.CLASSES, classes, 0, 1);
    }

    /** A target standardized with the given mean and standard deviation. */
    public static LabelEncoder standardized(double mean, double std) {
        return new LabelEncoder(Kind.STANDARDIZED, List.of(), mean, std);
    }

    /** No target. */
    public static LabelEncoder none() {
        return new LabelEncoder(Kind.NONE, List.of(), 0, 1);
    }

    /** Number of classes (classifiers). */
    @JsonIgnore
    public int classCount() {
        return classes.size();
    }

    /** The index of class {@code actual}, or -1 if it was not seen in training. */
    public int classIndex(Object actual) {
        return classes.indexOf(FeatureEncoder.category(actual));
    }

    /** The standardized form of a numeric target. */
    public float standardize(double value) {
        return (float) ((value - mean) / std);
    }

    /** A standardized model output back in the target's units. */
    public double destandardize(float value) {
        return value * std + mean;
    }
}
