package io.driftline.core.catalog;

import io.driftline.events.FeatureValue;
import java.io.Serializable;

/**
 * What a model's {@code prediction} is: a class label, or a probability score that a decision
 * threshold turns into one. A classifier that sends scores such as 0.73 with 0/1 outcomes is read
 * as predicting {@code positive} when the score is at least {@code threshold}, else {@code
 * negative}; its performance and its error stream are those of that decision, while the drift of
 * its predictions is judged on the scores.
 *
 * @param kind how the prediction is read
 * @param threshold the decision threshold of a score, in (0, 1); unused for a class
 * @param positive the class a score at or above the threshold predicts
 * @param negative the class a score below the threshold predicts
 */
public record PredictionReading(Kind kind, double threshold, String positive, String negative)
        implements Serializable {

    /** How a prediction is read. */
    public enum Kind {
        /** The prediction is the class (or, for a regressor, the value). */
        CLASS,
        /** The prediction is a probability score with a decision threshold. */
        SCORE
    }

    /** A prediction that is the class itself. */
    public static final PredictionReading CLASS = new PredictionReading(Kind.CLASS, 0.5, "1", "0");

    public PredictionReading {
        if (kind == null || positive == null || negative == null) {
            throw new IllegalArgumentException("kind, positive and negative must be given");
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException(
                    "threshold must be in (0, 1), e.g. 0.5, but was " + threshold);
        }
        if (positive.equals(negative)) {
            throw new IllegalArgumentException(
                    "positive and negative must differ but both were '" + positive + "'");
        }
    }

    /** A score read with {@code threshold}: 1 at or above it, 0 below. */
    public static PredictionReading score(double threshold) {
        return new PredictionReading(Kind.SCORE, threshold, "1", "0");
    }

    /**
     * The class a prediction stands for: the prediction itself for a class; for a score, {@code
     * positive} or {@code negative} (a number when the label is one, as outcomes 0/1 are). Anything
     * that is not a number is left as it is (a score model sending a category is a schema matter).
     */
    public FeatureValue classOf(FeatureValue prediction) {
        if (kind == Kind.CLASS || !(prediction instanceof FeatureValue.Numeric score)) {
            return prediction;
        }
        return score.value() >= threshold ? positiveValue() : negativeValue();
    }

    private FeatureValue positiveValue() {
        return valueOf(positive);
    }

    private FeatureValue negativeValue() {
        return valueOf(negative);
    }

    private static FeatureValue valueOf(String label) {
        try {
            return FeatureValue.of(Long.parseLong(label));
        } catch (NumberFormatException e) {
            return FeatureValue.of(label);
        }
    }
}
