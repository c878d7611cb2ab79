package io.driftline.events;

import java.util.Objects;

/**
 * The value of one feature, prediction or outcome: a number, a category, or missing.
 *
 * <p>JSON: a number is {@link Numeric}, a string is {@link Categorical}, {@code null} is {@link
 * #MISSING}; booleans, objects and arrays are invalid.
 */
public sealed interface FeatureValue
        permits FeatureValue.Numeric, FeatureValue.Categorical, FeatureValue.Missing {

    /** The one missing value (JSON {@code null}). */
    Missing MISSING = new Missing();

    /** Returns a numeric value. */
    static FeatureValue of(double value) {
        return new Numeric(value);
    }

    /** Returns a categorical value, or {@link #MISSING} for {@code null}. */
    static FeatureValue of(String value) {
        return value == null ? MISSING : new Categorical(value);
    }

    /** Whether this is the missing value. */
    default boolean isMissing() {
        return this instanceof Missing;
    }

    /**
     * A numeric value; it must be finite to be written as JSON.
     *
     * @param value the number
     */
    record Numeric(double value) implements FeatureValue {}

    /**
     * A categorical (string) value.
     *
     * @param value the category, never null
     */
    record Categorical(String value) implements FeatureValue {
        public Categorical {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A missing value; all instances are equal, use {@link FeatureValue#MISSING}. */
    record Missing() implements FeatureValue {}
}
