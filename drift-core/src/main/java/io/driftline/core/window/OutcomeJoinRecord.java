package io.driftline.core.window;

import io.driftline.events.FeatureValue;
import java.util.Objects;

/**
 * What the drift job's first window stage hands to the outcome join for one feedback event: a
 * prediction that waits for its outcome (its key, version, time and prediction, no features), or an
 * outcome that arrived in an event of its own. Small, so the shuffle by event id carries a few
 * dozen bytes per event instead of the event.
 *
 * @param model the model (the join key is model and event id)
 * @param eventId the event's id
 * @param key the window key of a prediction (the model, or {@code model|segment}); null for an
 *     outcome
 * @param version the prediction's model version, may be null
 * @param ts the prediction's event time (0 for an outcome)
 * @param prediction the prediction; null for an outcome
 * @param actual the outcome; null for a prediction
 * @param expiresAt for a prediction the join keeps: the processing time after which its outcome is
 *     no longer awaited (0 on the way to the join)
 */
public record OutcomeJoinRecord(
        String model,
        String eventId,
        String key,
        String version,
        long ts,
        FeatureValue prediction,
        FeatureValue actual,
        long expiresAt) {

    public OutcomeJoinRecord {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(eventId, "eventId");
    }

    /** A prediction waiting for its outcome. */
    public static OutcomeJoinRecord prediction(
            String model,
            String eventId,
            String key,
            String version,
            long ts,
            FeatureValue prediction) {
        return new OutcomeJoinRecord(
                model, eventId, key, version, ts, Objects.requireNonNull(prediction), null, 0);
    }

    /** An outcome-only event. */
    public static OutcomeJoinRecord outcome(String model, String eventId, FeatureValue actual) {
        return new OutcomeJoinRecord(
                model, eventId, null, null, 0, null, Objects.requireNonNull(actual), 0);
    }

    /** This prediction, awaiting its outcome until processing time {@code expiresAt}. */
    public OutcomeJoinRecord awaitingUntil(long expiresAt) {
        return new OutcomeJoinRecord(
                model, eventId, key, version, ts, prediction, actual, expiresAt);
    }

    public boolean isPrediction() {
        return prediction != null;
    }

    /** The join key: a prediction and its outcome share it. */
    public String joinKey() {
        return model + '\u0000' + eventId;
    }
}
