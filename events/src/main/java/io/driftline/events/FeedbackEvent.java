package io.driftline.events;

import java.util.Map;
import java.util.Objects;

/**
 * One prediction of a model in production, its outcome, or both (topic {@code driftline.feedback},
 * key = model).
 *
 * <p>An outcome may arrive later in a second event with the same {@code eventId} and only {@code
 * actual} set. {@code prediction} and {@code actual} are {@code null} when absent; a {@link
 * FeatureValue#MISSING} given for either is stored as {@code null}. A {@code null} feature value is
 * stored as {@link FeatureValue#MISSING}.
 *
 * @param eventId producer-assigned id, non-empty, at most 256 chars
 * @param model model name, {@code [A-Za-z0-9._-]{1,128}}
 * @param modelVersion the serving model version, nullable
 * @param ts event time, epoch millis
 * @param features feature name to value; empty when absent
 * @param prediction the model's output; null when the event only carries an outcome
 * @param confidenceScore the model's confidence in 0..1, nullable
 * @param actual the observed outcome, nullable
 * @param segment segment name to value (e.g. region); empty when absent
 */
public record FeedbackEvent(
        String eventId,
        String model,
        String modelVersion,
        long ts,
        Map<String, FeatureValue> features,
        FeatureValue prediction,
        Double confidenceScore,
        FeatureValue actual,
        Map<String, String> segment) {

    public FeedbackEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(model, "model");
        features = WireCollections.map(features, "features", FeatureValue.MISSING);
        prediction = prediction == null || prediction.isMissing() ? null : prediction;
        actual = actual == null || actual.isMissing() ? null : actual;
        segment = WireCollections.map(segment, "segment");
    }

    /** Whether this event carries the observed outcome. */
    public boolean hasOutcome() {
        return actual != null;
    }
}
