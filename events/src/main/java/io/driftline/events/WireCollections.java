package io.driftline.events;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Defensive, order-keeping, null-rejecting copies of the collections that wire records carry. */
final class WireCollections {

    private WireCollections() {}

    /**
     * Copies a map keeping the caller's iteration order; {@link Map#copyOf} would not, and the JSON
     * of a record must be the same bytes on every JVM.
     */
    static <K, V> Map<K, V> map(Map<K, V> source, String name) {
        return map(source, name, null);
    }

    /**
     * As {@link #map(Map, String)}, storing {@code ifNull} for a null value (one copy, however the
     * values are given); a null {@code ifNull} rejects null values.
     */
    static <K, V> Map<K, V> map(Map<K, V> source, String name, V ifNull) {
        if (source == null || source.isEmpty()) {
            return Map.of();
        }
        Map<K, V> copy = new LinkedHashMap<>(source.size() * 2);
        for (Map.Entry<K, V> entry : source.entrySet()) {
            Objects.requireNonNull(entry.getKey(), () -> "null key in " + name);
            V value = entry.getValue();
            if (value == null) {
                value =
                        Objects.requireNonNull(
                                ifNull, () -> "null value in " + name + "." + entry.getKey());
            }
            copy.put(entry.getKey(), value);
        }
        return Collections.unmodifiableMap(copy);
    }

    static <T> List<T> list(List<T> source, String name) {
        if (source == null || source.isEmpty()) {
            return List.of();
        }
        List<T> copy = new ArrayList<>(source.size());
        for (int i = 0; i < source.size(); i++) {
            int index = i;
            copy.add(
                    Objects.requireNonNull(
                            source.get(i), () -> "null element " + name + "[" + index + "]"));
        }
        return Collections.unmodifiableList(copy);
    }
}
