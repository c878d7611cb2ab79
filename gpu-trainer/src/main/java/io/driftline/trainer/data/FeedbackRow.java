package io.driftline.trainer.data;

import java.util.Map;
import java.util.Objects;

/**
 * One valid {@code ml_feedback} row as training sees it.
 *
 * @param id the document's {@code _id} (the event id)
 * @param ts event time, epoch millis
 * @param features feature name to a {@link Double}, a {@link String} or {@code null} (missing)
 * @param actual the outcome, a {@link Double} or a {@link String}; null when the family needs none
 */
public record FeedbackRow(String id, long ts, Map<String, Object> features, Object actual) {

    public FeedbackRow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(features, "features");
    }

    /** The outcome as a number; only for rows validated for a numeric label. */
    public double numericActual() {
        return ((Number) actual).doubleValue();
    }
}
