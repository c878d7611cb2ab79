package io.driftline.trainer.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of model the trainer builds; {@link #wireName()} is the name used in settings. */
public enum ModelFamily {
    /** Softmax MLP over the features; label = the class in {@code actual}. */
    MLP_CLASSIFIER("mlp-classifier", true),
    /** MLP with an L2 loss; label = the number in {@code actual}. */
    MLP_REGRESSOR("mlp-regressor", true),
    /** Bottleneck MLP reconstructing its input; anomaly score = reconstruction error. */
    AUTOENCODER("autoencoder", false),
    /** Window of past rows (all numeric features) to the next horizon values of {@code actual}. */
    FORECASTER("forecaster", true);

    private final String wireName;
    private final boolean needsLabel;

    ModelFamily(String wireName, boolean needsLabel) {
        this.wireName = wireName;
        this.needsLabel = needsLabel;
    }

    /** The settings and metadata name, e.g. {@code mlp-classifier}. */
    public String wireName() {
        return wireName;
    }

    /** Whether training rows must carry an {@code actual}. */
    public boolean needsLabel() {
        return needsLabel;
    }

    /** Whether {@code actual} must be a number. */
    public boolean numericLabel() {
        return this == MLP_REGRESSOR || this == FORECASTER;
    }

    /**
     * The family called {@code name} (wire name, case-insensitive).
     *
     * @throws IllegalArgumentException naming the known families
     */
    public static ModelFamily fromName(String name) {
        for (ModelFamily f : values()) {
            if (f.wireName.equalsIgnoreCase(name) || f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException(
                "unknown model family '"
                        + name
                        + "'; use one of "
                        + Arrays.stream(values())
                                .map(ModelFamily::wireName)
                                .collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return wireName.toLowerCase(Locale.ROOT);
    }
}
