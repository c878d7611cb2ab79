package io.driftline.core.profile;

import io.driftline.core.sketch.CategoryCounts;
import io.driftline.core.sketch.NumericSketch;
import io.driftline.core.summary.FeatureSummary;
import io.driftline.core.summary.SummaryConfig;
import io.driftline.core.summary.WindowSummary;
import io.driftline.events.FeatureProfile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a window is compared against: the summaries of the training data (or of a reference period),
 * built with the same structures as a {@link WindowSummary}, plus the reference model's baseline
 * performance and the sample count.
 *
 * <p>Binary form ({@link #toBytes()}): an int format version ({@link #FORMAT_VERSION}), the
 * length-prefixed {@link WindowSummary} bytes, then the baseline metrics sorted by name. The wire
 * form ({@link #toEvent()}, carried by ModelPublished) has each numeric sketch as base64 ({@link
 * #encodeSketch}).
 */
public final class ReferenceSummary {

    /** Version of the byte format written by {@link #toBytes()}. */
    public static final int FORMAT_VERSION = 1;

    /** Reserved feature name carrying the predictions in the plain-data form. */
    public static final String PREDICTION_FEATURE = "__prediction__";

    /** Reserved feature name carrying the labels in the plain-data form. */
    public static final String LABEL_FEATURE = "__label__";

    private final WindowSummary summary;
    private final Map<String, Double> baselinePerformance;

    /**
     * Creates a profile from a summary of the reference data and the baseline metrics. The summary
     * is copied so the profile stays immutable.
     */
    public ReferenceSummary(WindowSummary summary, Map<String, Double> baselinePerformance) {
        this(baselinePerformance, summary.copy());
    }

    private ReferenceSummary(Map<String, Double> baselinePerformance, WindowSummary owned) {
        this.summary = owned;
        TreeMap<String, Double> metrics = new TreeMap<>();
        for (Map.Entry<String, Double> e : baselinePerformance.entrySet()) {
            if (e.getValue() == null || !Double.isFinite(e.getValue())) {
                throw new IllegalArgumentException(
                        "baseline metric "
                                + e.getKey()
                                + " must be finite but was "
                                + e.getValue());
            }
            metrics.put(e.getKey(), e.getValue());
        }
        this.baselinePerformance = Collections.unmodifiableMap(metrics);
    }

    /** Rows the profile was built from. */
    public long sampleCount() {
        return summary.eventCount();
    }

    /** The reference summaries; callers must not modify them. */
    public WindowSummary summary() {
        return summary;
    }

    /** The reference summary of feature {@code name}, or {@code null} if it has none. */
    public FeatureSummary feature(String name) {
        return summary.features().get(name);
    }

    /** Baseline metrics by name, sorted. */
    public Map<String, Double> baselinePerformance() {
        return baselinePerformance;
    }

    /** Serializes this profile; see the class comment for the layout. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT_VERSION);
            byte[] s = summary.toBytes();
            out.writeInt(s.length);
            out.write(s);
            out.writeInt(baselinePerformance.size());
            for (Map.Entry<String, Double> e : baselinePerformance.entrySet()) {
                byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
                out.writeInt(name.length);
                out.write(name);
                out.writeDouble(e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads bytes written by {@link #toBytes()}; rejects unknown format versions. */
    public static ReferenceSummary fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException(
                        String.format(
                                "unsupported reference profile format version %s (this build"
                                        + " reads version %s); was it written by a newer"
                                        + " Driftline?",
                                version, FORMAT_VERSION));
            }
            byte[] s = new byte[checkedLength(in, in.readInt())];
            in.readFully(s);
            WindowSummary summary = WindowSummary.fromBytes(s);
            int n = in.readInt();
            TreeMap<String, Double> metrics = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                byte[] name = new byte[checkedLength(in, in.readInt())];
                in.readFully(name);
                metrics.put(new String(name, StandardCharsets.UTF_8), in.readDouble());
            }
            return new ReferenceSummary(metrics, summary);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated or corrupt reference profile bytes", e);
        }
    }

    private static int checkedLength(DataInputStream in, int len) throws IOException {
        if (len < 0 || len > in.available()) {
            throw new IllegalArgumentException("corrupt length " + len + " in reference profile");
        }
        return len;
    }

    /**
     * The wire-contract form carried by {@code ModelPublished.reference_profile}: numeric sketches
     * as base64 of their versioned bytes, predictions and labels under the reserved names {@link
     * #PREDICTION_FEATURE} and {@link #LABEL_FEATURE}. A feature that only ever was missing is
     * written as numeric with no sketch and a count of 0.
     */
    public io.driftline.events.ReferenceProfile toEvent() {
        TreeMap<String, FeatureProfile> features = new TreeMap<>();
        for (Map.Entry<String, FeatureSummary> e : summary.features().entrySet()) {
            features.put(e.getKey(), featureData(e.getValue()));
        }
        features.put(PREDICTION_FEATURE, featureData(summary.prediction()));
        features.put(LABEL_FEATURE, featureData(summary.label()));
        return new io.driftline.events.ReferenceProfile(
                sampleCount(), features, baselinePerformance);
    }

    /**
     * Rebuilds a profile from its wire-contract form. A categorical feature's {@code maxDistinct}
     * is its number of categories when its other bucket is non-empty (the map was full), else the
     * larger of {@code config.maxDistinctCategories()} and its number of categories; numeric
     * sketches carry their own k.
     */
    public static ReferenceSummary fromEvent(
            io.driftline.events.ReferenceProfile data, SummaryConfig config) {
        TreeMap<String, FeatureSummary> features = new TreeMap<>();
        FeatureSummary prediction = new FeatureSummary(config);
        FeatureSummary label = new FeatureSummary(config);
        for (Map.Entry<String, FeatureProfile> e : data.features().entrySet()) {
            FeatureSummary f = featureSummary(e.getKey(), e.getValue(), config);
            switch (e.getKey()) {
                case PREDICTION_FEATURE -> prediction = f;
                case LABEL_FEATURE -> label = f;
                default -> features.put(e.getKey(), f);
            }
        }
        WindowSummary summary =
                WindowSummary.of(config, data.sampleCount(), features, prediction, label);
        return new ReferenceSummary(data.baselinePerformance(), summary);
    }

    /**
     * Checks a published profile completely before a job lets it into state: every sketch decodes
     * and answers queries, each feature's counts agree with its sketch or frequencies and fit in
     * the sample count, baselines are finite.
     *
     * @return null when usable, else why not
     */
    public static String problem(io.driftline.events.ReferenceProfile data, SummaryConfig config) {
        try {
            for (Map.Entry<String, FeatureProfile> e : data.features().entrySet()) {
                FeatureProfile f = e.getValue();
                if (f.count() > data.sampleCount()
                        || f.missing() > data.sampleCount()
                        || f.count() + f.missing() > data.sampleCount()) {
                    return String.format(
                            "feature %s: count %s + missing %s exceed sample_count %s",
                            e.getKey(), f.count(), f.missing(), data.sampleCount());
                }
            }
            fromEvent(data, config);
            return null;
        } catch (RuntimeException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    /** Base64 (RFC 4648, with padding) of the sketch's versioned bytes. */
    public static String encodeSketch(NumericSketch sketch) {
        return Base64.getEncoder().encodeToString(sketch.toBytes());
    }

    /** Decodes a string written by {@link #encodeSketch}. */
    public static NumericSketch decodeSketch(String base64) {
        if (base64 == null) {
            throw new IllegalArgumentException("sketch must not be null for a numeric feature");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sketch is not valid base64: " + e.getMessage(), e);
        }
        return NumericSketch.fromBytes(bytes);
    }

    private static FeatureProfile featureData(FeatureSummary f) {
        return switch (f.kind()) {
            case NUMERIC ->
                    new FeatureProfile(
                            io.driftline.events.FeatureKind.NUMERIC,
                            f.count(),
                            f.missing(),
                            encodeSketch(f.numericSketch()),
                            Map.of(),
                            0);
            case CATEGORICAL ->
                    new FeatureProfile(
                            io.driftline.events.FeatureKind.CATEGORICAL,
                            f.count(),
                            f.missing(),
                            null,
                            f.categoryCounts().frequencies(),
                            f.categoryCounts().otherCount());
            case UNKNOWN ->
                    new FeatureProfile(
                            io.driftline.events.FeatureKind.NUMERIC,
                            0,
                            f.missing(),
                            null,
                            Map.of(),
                            0);
        };
    }

    private static FeatureSummary featureSummary(
            String name, FeatureProfile d, SummaryConfig config) {
        FeatureSummary f =
                switch (d.kind()) {
                    case NUMERIC ->
                            d.sketch() == null
                                    ? FeatureSummary.of(config, d.missing(), null, null)
                                    : FeatureSummary.of(
                                            config, d.missing(), decodeSketch(d.sketch()), null);
                    case CATEGORICAL -> {
                        int maxDistinct =
                                d.otherCount() > 0
                                        ? d.frequencies().size()
                                        : Math.max(
                                                config.maxDistinctCategories(),
                                                d.frequencies().size());
                        yield FeatureSummary.of(
                                config,
                                d.missing(),
                                null,
                                CategoryCounts.restore(
                                        maxDistinct, d.frequencies(), d.otherCount()));
                    }
                };
        if (f.count() != d.count()) {
            throw new IllegalArgumentException(
                    String.format(
                            "feature %s: count %s does not match its sketch or frequencies (%s)",
                            name, d.count(), f.count()));
        }
        return f;
    }
}
