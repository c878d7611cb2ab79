package io.driftline.core.summary;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Everything Driftline keeps about one model's window of feedback: a {@link FeatureSummary} per
 * feature, one for the predictions and one for the labels, and the event count; constant memory per
 * feature, mergeable across sliding-window panes and parallel partials.
 *
 * <p>Binary form ({@link #toBytes()}): an int format version ({@link #FORMAT_VERSION}), the {@link
 * SummaryConfig}, the event count, the features sorted by name, then predictions and labels.
 * Version 2 added the count of dropped feature values and each feature's kind-mismatch count;
 * version 1 is still read. Readers reject versions they do not know.
 */
public final class WindowSummary {

    /** Version of the byte format written by {@link #toBytes()}. */
    public static final int FORMAT_VERSION = 2;

    /**
     * Most distinct features one window summarises (twice the contract's features per event, so a
     * model whose feature set changes still fits); values of further features are counted in {@link
     * #featureValuesDropped()}, never kept: a producer that sends a new feature name with every
     * event cannot grow state without bound.
     */
    public static final int MAX_FEATURES = 2000;

    private final SummaryConfig config;
    private final TreeMap<String, FeatureSummary> features = new TreeMap<>();

    /**
     * The same summaries as {@link #features}, for the per-event lookup: a hash probe instead of a
     * string comparison per tree level; {@link #put} keeps both in step.
     */
    private final HashMap<String, FeatureSummary> index = new HashMap<>();

    /** Reused by {@link #observe(Map, ValueSink, Object, Object)} for its feature loop. */
    private final FeatureVisitor<?> visitor = new FeatureVisitor<>();

    private FeatureSummary prediction;
    private FeatureSummary label;
    private long eventCount;
    private long featureValuesDropped;

    /** Creates an empty summary with {@link SummaryConfig#defaults()}. */
    public WindowSummary() {
        this(SummaryConfig.defaults());
    }

    /** Creates an empty summary. */
    public WindowSummary(SummaryConfig config) {
        this.config = config;
        this.prediction = new FeatureSummary(config);
        this.label = new FeatureSummary(config);
    }

    /**
     * Adds one feedback event: its features (a {@code null} value is missing), its prediction, and
     * its label if already known ({@code null} means not known yet, not counted as missing: labels
     * often arrive later, see {@link #observeLabel}).
     */
    public void observe(Map<String, ?> featureValues, Object predicted, Object actual) {
        eventCount++;
        for (Map.Entry<String, ?> e : featureValues.entrySet()) {
            FeatureSummary f = featureOrNull(e.getKey());
            if (f == null) {
                featureValuesDropped++;
            } else {
                f.add(e.getValue());
            }
        }
        prediction.add(predicted);
        if (actual != null) {
            label.add(actual);
        }
    }

    /**
     * As {@link #observe(Map, Object, Object)}, each feature's value read through {@code plain}
     * (the hot path: no map of plain values is built per event).
     */
    public <V> void observe(
            Map<String, V> features, Function<V, Object> plain, Object predicted, Object actual) {
        eventCount++;
        for (Map.Entry<String, V> e : features.entrySet()) {
            FeatureSummary f = featureOrNull(e.getKey());
            if (f == null) {
                featureValuesDropped++;
            } else {
                f.add(plain.apply(e.getValue()));
            }
        }
        prediction.add(predicted);
        if (actual != null) {
            label.add(actual);
        }
    }

    /**
     * As {@link #observe(Map, Object, Object)} for values of a type the summary does not know: each
     * feature's value, the prediction and the label (when not {@code null}) are handed to {@code
     * sink} together with the summary they go to, so a caller can add a number without boxing it.
     * The sink must count a {@code null} prediction as missing, as the other overloads do.
     */
    public <V> void observe(Map<String, V> features, ValueSink<V> sink, V predicted, V actual) {
        eventCount++;
        @SuppressWarnings("unchecked")
        FeatureVisitor<V> v = (FeatureVisitor<V>) visitor;
        v.sink = sink;
        // forEach walks the event's map directly, where its entry set iterator wraps every entry
        features.forEach(v);
        v.sink = null;
        sink.addTo(prediction, predicted);
        if (actual != null) {
            sink.addTo(label, actual);
        }
    }

    /** Adds a label that arrived after its event. */
    public void observeLabel(Object actual) {
        label.add(actual);
    }

    /** The summary of feature {@code name}, created empty on first use. */
    public FeatureSummary feature(String name) {
        if (name == null) {
            throw new IllegalArgumentException("feature name must not be null");
        }
        FeatureSummary f = index.get(name);
        if (f == null) {
            f = new FeatureSummary(config);
            put(name, f);
        }
        return f;
    }

    /** The summary of feature {@code name}, or null when the window holds {@link #MAX_FEATURES}. */
    private FeatureSummary featureOrNull(String name) {
        FeatureSummary f = index.get(name);
        if (f != null) {
            return f;
        }
        // a new (or dropped) feature: the tree decides as before, including its NPE on a null name
        f = features.get(name);
        if (f == null && features.size() < MAX_FEATURES) {
            f = feature(name);
        }
        return f;
    }

    private void put(String name, FeatureSummary f) {
        features.put(name, f);
        index.put(name, f);
    }

    /** Values of features beyond {@link #MAX_FEATURES}, not summarised. */
    public long featureValuesDropped() {
        return featureValuesDropped;
    }

    /** The feature summaries by name, sorted; a read-only view. */
    public SortedMap<String, FeatureSummary> features() {
        return Collections.unmodifiableSortedMap(features);
    }

    /** The predictions' summary. */
    public FeatureSummary prediction() {
        return prediction;
    }

    /** The labels' summary. */
    public FeatureSummary label() {
        return label;
    }

    /** Number of events observed. */
    public long eventCount() {
        return eventCount;
    }

    /** The sizes of this summary's sketches. */
    public SummaryConfig config() {
        return config;
    }

    /** Adds everything {@code other} saw; {@code other} is unchanged. */
    public void merge(WindowSummary other) {
        if (!other.config.equals(config)) {
            throw new IllegalArgumentException(
                    "cannot merge summaries with different configs: "
                            + other.config
                            + " into "
                            + config);
        }
        eventCount += other.eventCount;
        featureValuesDropped += other.featureValuesDropped;
        for (Map.Entry<String, FeatureSummary> e : other.features.entrySet()) {
            FeatureSummary f = featureOrNull(e.getKey());
            if (f == null) {
                featureValuesDropped += e.getValue().count() + e.getValue().missing();
            } else {
                f.merge(e.getValue());
            }
        }
        prediction.merge(other.prediction);
        label.merge(other.label);
    }

    /** An independent copy. */
    public WindowSummary copy() {
        return fromBytes(toBytes());
    }

    /** Serializes this summary; see the class comment for the layout. */
    public byte[] toBytes() {
        // sized for the events seen, not for full sketches: a window of a few events is small,
        // and zeroing a 4 KiB guess per feature was most of a small window's cost
        long perFeature = Math.min(4096, 64 + 16 * eventCount);
        ByteArrayOutputStream bytes =
                new ByteArrayOutputStream((int) (256 + features.size() * perFeature));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT_VERSION);
            out.writeInt(config.sketchK());
            out.writeInt(config.maxDistinctCategories());
            out.writeLong(eventCount);
            out.writeLong(featureValuesDropped);
            out.writeInt(features.size());
            for (Map.Entry<String, FeatureSummary> e : features.entrySet()) {
                byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
                out.writeInt(name.length);
                out.write(name);
                e.getValue().write(out);
            }
            prediction.write(out);
            label.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads bytes written by {@link #toBytes()}; rejects unknown format versions. */
    public static WindowSummary fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readInt();
            if (version != FORMAT_VERSION && version != 1) {
                throw new IllegalArgumentException(
                        String.format(
                                "unsupported window summary format version %s (this build"
                                        + " reads versions 1 to %s); was it written by a newer"
                                        + " Driftline?",
                                version, FORMAT_VERSION));
            }
            SummaryConfig config = new SummaryConfig(in.readInt(), in.readInt());
            WindowSummary summary = new WindowSummary(config);
            summary.eventCount = in.readLong();
            summary.featureValuesDropped = version >= 2 ? in.readLong() : 0;
            int n = in.readInt();
            if (n < 0) {
                throw new IllegalArgumentException("corrupt feature count " + n);
            }
            for (int i = 0; i < n; i++) {
                int len = in.readInt();
                if (len < 0 || len > in.available()) {
                    throw new IllegalArgumentException("corrupt feature name length " + len);
                }
                byte[] name = new byte[len];
                in.readFully(name);
                summary.put(
                        new String(name, StandardCharsets.UTF_8),
                        FeatureSummary.read(in, config, version >= 2));
            }
            summary.prediction = FeatureSummary.read(in, config, version >= 2);
            summary.label = FeatureSummary.read(in, config, version >= 2);
            return summary;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated or corrupt window summary bytes", e);
        }
    }

    /**
     * Assembles a summary from parts, e.g. a decoded reference profile; the parts are taken over,
     * not copied.
     */
    public static WindowSummary of(
            SummaryConfig config,
            long eventCount,
            Map<String, FeatureSummary> features,
            FeatureSummary prediction,
            FeatureSummary label) {
        if (eventCount < 0) {
            throw new IllegalArgumentException("eventCount must not be negative");
        }
        WindowSummary summary = new WindowSummary(config);
        summary.eventCount = eventCount;
        for (Map.Entry<String, FeatureSummary> e : features.entrySet()) {
            summary.put(e.getKey(), e.getValue());
        }
        summary.prediction = prediction;
        summary.label = label;
        return summary;
    }

    /**
     * Adds one value of a caller's type to a feature's (or the predictions' or labels') summary,
     * typically through {@link FeatureSummary#addNumeric}, {@link FeatureSummary#addCategory} or
     * {@link FeatureSummary#addMissing}.
     *
     * @param <V> the caller's value type
     */
    @FunctionalInterface
    public interface ValueSink<V> {
        /** Adds {@code value}, which may be {@code null} (missing), to {@code summary}. */
        void addTo(FeatureSummary summary, V value);
    }

    /**
     * The feature loop of {@link #observe(Map, ValueSink, Object, Object)} as one reused object, so
     * an event allocates no lambda capturing the sink.
     */
    private final class FeatureVisitor<V> implements BiConsumer<String, V> {
        ValueSink<V> sink;

        @Override
        public void accept(String name, V value) {
            FeatureSummary f = featureOrNull(name);
            if (f == null) {
                featureValuesDropped++;
            } else {
                sink.addTo(f, value);
            }
        }
    }

    @Override
    public String toString() {
        return "WindowSummary{events=" + eventCount + ", features=" + features.keySet() + "}";
    }
}
