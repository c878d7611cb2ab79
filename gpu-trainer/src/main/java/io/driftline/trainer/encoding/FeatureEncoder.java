package io.driftline.trainer.encoding;

import io.driftline.trainer.data.FeedbackRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns a row's features into a fixed-width float vector: numerics standardized with the training
 * split's mean and standard deviation (missing = the mean, with a missing-indicator input), and
 * categoricals one-hot over a bounded vocabulary or hashed above it. Immutable once fitted.
 */
public final class FeatureEncoder {

    private final List<FeatureColumn> columns;
    private final List<Map<String, Integer>> slots;
    private final int width;

    /** An encoder over {@code columns}, in input order. */
    public FeatureEncoder(List<FeatureColumn> columns) {
        this.columns = List.copyOf(columns);
        this.slots = new ArrayList<>(columns.size());
        int w = 0;
        for (FeatureColumn c : this.columns) {
            Map<String, Integer> slot = new HashMap<>();
            for (int i = 0; i < c.vocabulary().size(); i++) {
                slot.put(c.vocabulary().get(i), i);
            }
            slots.add(slot);
            w += c.width();
        }
        this.width = w;
    }

    /**
     * Fits an encoder to {@code rows} (the training split). A feature whose present values are all
     * numbers is numeric; any string makes it categorical. Features are ordered by name.
     */
    public static FeatureEncoder fit(List<FeedbackRow> rows, int maxCategories, int hashBuckets) {
        Map<String, Stats> stats = new TreeMap<>();
        for (FeedbackRow row : rows) {
            for (Map.Entry<String, Object> e : row.features().entrySet()) {
                stats.computeIfAbsent(e.getKey(), k -> new Stats()).add(e.getValue());
            }
        }
        for (FeedbackRow row : rows) {
            // a feature absent from a row is as missing as an explicit null
            for (Map.Entry<String, Stats> e : stats.entrySet()) {
                if (!row.features().containsKey(e.getKey())) {
                    e.getValue().add(null);
                }
            }
        }
        List<FeatureColumn> columns = new ArrayList<>(stats.size());
        for (Map.Entry<String, Stats> e : stats.entrySet()) {
            Stats s = e.getValue();
            if (!s.categorical) {
                double mean = s.count == 0 ? 0 : s.sum / s.count;
                double variance = s.count == 0 ? 0 : Math.max(0, s.sumSq / s.count - mean * mean);
                columns.add(
                        FeatureColumn.numeric(
                                e.getKey(), mean, Math.sqrt(variance), s.missing > 0));
            } else if (s.strings.size() + s.numbers.size() <= maxCategories) {
                columns.add(FeatureColumn.oneHot(e.getKey(), new ArrayList<>(s.categories())));
            } else {
                columns.add(FeatureColumn.hashed(e.getKey(), hashBuckets));
            }
        }
        return new FeatureEncoder(columns);
    }

    /** The columns, in input order. */
    public List<FeatureColumn> columns() {
        return columns;
    }

    /** Number of model inputs per row. */
    public int width() {
        return width;
    }

    /** The inputs for {@code features}. */
    public float[] encode(Map<String, Object> features) {
        float[] out = new float[width];
        encode(features, out, 0);
        return out;
    }

    /** Writes the inputs for {@code features} at {@code out[offset..offset+width)}. */
    public void encode(Map<String, Object> features, float[] out, int offset) {
        int at = offset;
        for (int i = 0; i < columns.size(); i++) {
            FeatureColumn c = columns.get(i);
            Map<String, Integer> slot = slots.get(i);
            c.encode(features.get(c.name()), out, at, category -> slot.getOrDefault(category, -1));
            at += c.width();
        }
    }

    /**
     * The category string of a value: strings as they are, whole numbers without a fraction ({@code
     * 1.0} → {@code "1"}), other numbers as {@link Double#toString}.
     */
    public static String category(Object value) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            return Double.toString(d);
        }
        return String.valueOf(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureEncoder other && other.columns.equals(columns);
    }

    @Override
    public int hashCode() {
        return columns.hashCode();
    }

    @Override
    public String toString() {
        return "FeatureEncoder" + columns;
    }

    /** Running statistics of one feature while fitting. */
    private static final class Stats {
        private static final int DISTINCT_CAP = 1 << 16;

        long count;
        long missing;
        double sum;
        double sumSq;
        boolean categorical;
        // numbers are kept as numbers (cheap) and turned into category strings only if the
        // feature turns out categorical
        final Set<Double> numbers = new HashSet<>();
        final Set<String> strings = new HashSet<>();

        void add(Object value) {
            if (value == null) {
                missing++;
            } else if (value instanceof Number n) {
                double d = n.doubleValue();
                count++;
                sum += d;
                sumSq += d * d;
                if (numbers.size() < DISTINCT_CAP) {
                    numbers.add(d);
                }
            } else {
                categorical = true;
                if (strings.size() < DISTINCT_CAP) {
                    strings.add(String.valueOf(value));
                }
            }
        }

        /** The distinct categories, sorted. */
        TreeSet<String> categories() {
            TreeSet<String> all = new TreeSet<>(strings);
            for (double d : numbers) {
                all.add(category(d));
            }
            return all;
        }
    }
}
