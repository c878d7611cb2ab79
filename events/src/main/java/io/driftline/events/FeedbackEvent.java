package io.driftline.events;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
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

        /** Up to this many features a lookup is a scan of the names, beyond it a hash map. */
        private static final int SCAN_LIMIT = 16;

        private String[] names;
        private FeatureValue[] values;
        private int size;
        private HashMap<String, Integer> index; // beyond SCAN_LIMIT features

        public Features(int expected) {
            int capacity = Math.max(4, Math.min(expected, 1 << 16));
            names = new String[capacity];
            values = new FeatureValue[capacity];
        }

        /** Adds a feature; false (and the first value kept) when {@code name} was given already. */
        public boolean put(String name, FeatureValue value) {
            Objects.requireNonNull(name, "null key in features");
            if (indexOf(names, size, index, name) >= 0) {
                return false;
            }
            if (size == names.length) {
                names = Arrays.copyOf(names, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            names[size] = name;
            values[size] = value == null ? FeatureValue.MISSING : value;
            size++;
            if (index != null) {
                index.put(name, size - 1);
            } else if (size > SCAN_LIMIT) {
                index = new HashMap<>(size * 4);
                for (int i = 0; i < size; i++) {
                    index.put(names[i], i);
                }
            }
            return true;
        }

        public int size() {
            return size;
        }

        /** The features, read-only; the builder cannot be used again. */
        public Map<String, FeatureValue> build() {
            Map<String, FeatureValue> built =
                    size == 0 ? Map.of() : new Adopted(names, values, size, index);
            names = null;
            values = null;
            index = null;
            return built;
        }

        private static int indexOf(
                String[] names, int size, HashMap<String, Integer> index, Object key) {
            if (index != null) {
                Integer at = index.get(key);
                return at == null ? -1 : at;
            }
            if (!(key instanceof String name)) {
                return -1;
            }
            // the names of a payload are mostly the parser's cached instances: identity, then
            // the cached hash, before comparing characters
            int hash = name.hashCode();
            for (int i = 0; i < size; i++) {
                String n = names[i];
                if (n == name || (n.hashCode() == hash && n.equals(name))) {
                    return i;
                }
            }
            return -1;
        }

        /** A read-only map over the builder's arrays, in the order the features were given. */
        private static final class Adopted extends AbstractMap<String, FeatureValue> {
            private final String[] names;
            private final FeatureValue[] values;
            private final int size;
            private final HashMap<String, Integer> index;

            Adopted(
                    String[] names,
                    FeatureValue[] values,
                    int size,
                    HashMap<String, Integer> index) {
                this.names = names;
                this.values = values;
                this.size = size;
                this.index = index;
            }

            @Override
            public Set<Map.Entry<String, FeatureValue>> entrySet() {
                return new AbstractSet<>() {
                    @Override
                    public Iterator<Map.Entry<String, FeatureValue>> iterator() {
                        return new Iterator<>() {
                            private int next;

                            @Override
                            public boolean hasNext() {
                                return next < size;
                            }

                            @Override
                            public Map.Entry<String, FeatureValue> next() {
                                if (next >= size) {
                                    throw new NoSuchElementException();
                                }
                                int i = next++;
                                return new AbstractMap.SimpleImmutableEntry<>(names[i], values[i]);
                            }
                        };
                    }

                    @Override
                    public int size() {
                        return size;
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }

            @Override
            public FeatureValue get(Object key) {
                int at = indexOf(names, size, index, key);
                return at < 0 ? null : values[at];
            }

            @Override
            public boolean containsKey(Object key) {
                return indexOf(names, size, index, key) >= 0;
            }

            @Override
            public void forEach(BiConsumer<? super String, ? super FeatureValue> action) {
                for (int i = 0; i < size; i++) {
                    action.accept(names[i], values[i]);
                }
            }
        }
    }
}
