package io.driftline.events;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

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
        features =
                features instanceof Features.Adopted
                        ? features
                        : WireCollections.map(features, "features", FeatureValue.MISSING);
        prediction = prediction == null || prediction.isMissing() ? null : prediction;
        actual = actual == null || actual.isMissing() ? null : actual;
        segment = WireCollections.map(segment, "segment");
    }

    /** Whether this event carries the observed outcome. */
    public boolean hasOutcome() {
        return actual != null;
    }

    /**
     * Collects an event's features in order, for code that builds many events (decoders,
     * serializers): the map is handed to the event as it is, where a plain map is copied by the
     * constructor. A null value is stored as {@link FeatureValue#MISSING}.
     */
    public static final class Features {

        private LinkedHashMap<String, FeatureValue> map;

        public Features(int expected) {
            map = new LinkedHashMap<>(Math.max(4, expected * 2));
        }

        /** Adds a feature; false (and the first value kept) when {@code name} was given already. */
        public boolean put(String name, FeatureValue value) {
            return map.putIfAbsent(
                            Objects.requireNonNull(name, "null key in features"),
                            value == null ? FeatureValue.MISSING : value)
                    == null;
        }

        public int size() {
            return map.size();
        }

        /** The features, read-only; the builder cannot be used again. */
        public Map<String, FeatureValue> build() {
            Map<String, FeatureValue> built = map.isEmpty() ? Map.of() : new Adopted(map);
            map = null;
            return built;
        }

        /** A read-only view of a map no one else holds. */
        private static final class Adopted extends AbstractMap<String, FeatureValue> {
            private final Map<String, FeatureValue> view;

            Adopted(LinkedHashMap<String, FeatureValue> map) {
                this.view = Collections.unmodifiableMap(map);
            }

            @Override
            public Set<Map.Entry<String, FeatureValue>> entrySet() {
                return view.entrySet();
            }

            @Override
            public int size() {
                return view.size();
            }

            @Override
            public FeatureValue get(Object key) {
                return view.get(key);
            }

            @Override
            public boolean containsKey(Object key) {
                return view.containsKey(key);
            }

            @Override
            public void forEach(BiConsumer<? super String, ? super FeatureValue> action) {
                view.forEach(action);
            }
        }
    }
}
