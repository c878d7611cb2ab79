package io.driftline.operators.window;

import io.driftline.events.FeatureValue;

/**
 * A prediction still waiting for its outcome, kept (without its features) so that an outcome
 * arriving later in a second event can be counted in the window of the prediction. A record of
 * plain fields, so Flink stores it with its POJO serializer.
 *
 * @param ts the prediction's event time
 * @param numeric whether the prediction is a number
 * @param number the prediction when numeric
 * @param category the prediction when categorical
 * @param expiresAt processing time after which the outcome is no longer awaited
 */
public record PendingPrediction(
        long ts, boolean numeric, double number, String category, long expiresAt) {

    public static PendingPrediction of(FeatureValue prediction, long ts, long expiresAt) {
        if (prediction instanceof FeatureValue.Numeric n) {
            return new PendingPrediction(ts, true, n.value(), null, expiresAt);
        }
        if (prediction instanceof FeatureValue.Categorical c) {
            return new PendingPrediction(ts, false, 0, c.value(), expiresAt);
        }
        return new PendingPrediction(ts, false, 0, null, expiresAt);
    }

    /** Whether the outcome is no longer awaited at processing time {@code now}. */
    public boolean expiredAt(long now) {
        return now >= expiresAt;
    }

    public FeatureValue prediction() {
        if (numeric) {
            return new FeatureValue.Numeric(number);
        }
        return category == null ? FeatureValue.MISSING : new FeatureValue.Categorical(category);
    }
}
