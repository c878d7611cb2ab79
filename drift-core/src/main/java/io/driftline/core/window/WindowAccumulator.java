package io.driftline.core.window;

import io.driftline.core.performance.ClassificationAccumulator;
import io.driftline.core.performance.PerformanceMetric;
import io.driftline.core.performance.RegressionAccumulator;
import io.driftline.core.summary.FeatureSummary;
import io.driftline.core.summary.SummaryConfig;
import io.driftline.core.summary.WindowSummary;
import io.driftline.events.FeatureValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a drift job keeps about one model's window, in constant memory: the distribution
 * summary (sketches, frequencies, missing counts), the performance counts of predictions whose
 * outcome is known, the last signal of each change detector, and the model version seen.
 *
 * <p>Performance is counted both ways: as classification (labels compared as strings, numbers
 * written without a trailing {@code .0}) while there are at most {@link #MAX_CLASSES} classes, and
 * as regression when prediction and outcome are numbers. The reference's baseline decides which
 * metrics matter.
 */
public final class WindowAccumulator {

    /** Binary format version of {@link #toBytes()}; 2 has overflow-safe regression errors. */
    public static final int FORMAT_VERSION = 2;

    /** Beyond this many distinct labels a model is not treated as a classifier. */
    public static final int MAX_CLASSES = 64;

    private static final long SMALL_LABEL_MIN = -128;
    private static final long SMALL_LABEL_MAX = 1023;
    private static final String[] SMALL_LABELS =
            new String[(int) (SMALL_LABEL_MAX - SMALL_LABEL_MIN + 1)];

    static {
        for (int i = 0; i < SMALL_LABELS.length; i++) {
            SMALL_LABELS[i] = Long.toString(i + SMALL_LABEL_MIN);
        }
    }

    private final WindowSummary summary;
    private ClassificationAccumulator classification;
    private boolean classificationOverflow;
    private final RegressionAccumulator regression;
    private String modelVersion;
    private final TreeMap<String, String> detectorSignals;

    public WindowAccumulator(SummaryConfig config) {
        this(
                new WindowSummary(config),
                new ClassificationAccumulator(),
                false,
                new RegressionAccumulator(),
                null,
                new TreeMap<>());
    }

    private WindowAccumulator(
            WindowSummary summary,
            ClassificationAccumulator classification,
            boolean classificationOverflow,
            RegressionAccumulator regression,
            String modelVersion,
            TreeMap<String, String> detectorSignals) {
        this.summary = summary;
        this.classification = classification;
        this.classificationOverflow = classificationOverflow;
        this.regression = regression;
        this.modelVersion = modelVersion;
        this.detectorSignals = detectorSignals;
    }

    /** A prediction event; {@code actual} may be null (the outcome comes later, or never). */
    public void observe(
            Map<String, FeatureValue> features,
            FeatureValue prediction,
            FeatureValue actual,
            String version) {
        observe(features, prediction, prediction, actual, version);
    }

    /**
     * A prediction event whose performance is judged on {@code predicted}, the class it stands for
     * (a score's decision), while the predictions' distribution is summarised from {@code
     * prediction} itself.
     */
    public void observe(
            Map<String, FeatureValue> features,
            FeatureValue prediction,
            FeatureValue predicted,
            FeatureValue actual,
            String version) {
        FeatureValue outcome = actual == null || actual.isMissing() ? null : actual;
        summary.observe(features, WindowAccumulator::addTo, prediction, outcome);
        if (version != null) {
            modelVersion = version;
        }
        if (outcome != null && predicted != null && !predicted.isMissing()) {
            countPerformance(predicted, actual);
        }
    }

    /** An outcome that arrived after its prediction (which this window already counted). */
    public void observeOutcome(FeatureValue prediction, FeatureValue actual) {
        if (actual == null || actual.isMissing()) {
            return;
        }
        addTo(summary.label(), actual);
        if (prediction != null && !prediction.isMissing()) {
            countPerformance(prediction, actual);
        }
    }

    /** Adds a value as {@link #plain} would hand it to the summary, without boxing the number. */
    private static void addTo(FeatureSummary summary, FeatureValue v) {
        if (v instanceof FeatureValue.Numeric n) {
            summary.addNumeric(n.value());
        } else if (v instanceof FeatureValue.Categorical c) {
            summary.addCategory(c.value());
        } else {
            summary.addMissing();
        }
    }

    private void countPerformance(FeatureValue prediction, FeatureValue actual) {
        if (!classificationOverflow) {
            classification.add(label(actual), label(prediction));
            if (classification.labelCount() > MAX_CLASSES) {
                classificationOverflow = true;
                classification = new ClassificationAccumulator();
            }
        }
        if (prediction instanceof FeatureValue.Numeric p
                && actual instanceof FeatureValue.Numeric a) {
            regression.add(a.value(), p.value());
        }
    }

    /** Records the latest signal of a change detector on one of this window's streams. */
    public void detectorSignal(String detectorAndStream, String signal) {
        detectorSignals.put(detectorAndStream, signal);
    }

    public WindowSummary summary() {
        return summary;
    }

    public String modelVersion() {
        return modelVersion;
    }

    public Map<String, String> detectorSignals() {
        return detectorSignals;
    }

    /** Predictions whose outcome is known. */
    public long labelled() {
        return Math.max(classification.count(), regression.count());
    }

    /** The window's performance: classification metrics for {@code positiveLabel}, and MAE/RMSE. */
    public Map<PerformanceMetric, Double> performance(String positiveLabel) {
        EnumMap<PerformanceMetric, Double> m = new EnumMap<>(PerformanceMetric.class);
        if (!classificationOverflow && classification.count() > 0) {
            m.putAll(classification.metrics(positiveLabel));
        }
        if (regression.count() > 0) {
            m.putAll(regression.metrics());
        }
        return m;
    }

    /** Adds another accumulator's counts (e.g. windows merged into a learned reference). */
    public void merge(WindowAccumulator other) {
        summary.merge(other.summary);
        if (other.classificationOverflow) {
            classificationOverflow = true;
            classification = new ClassificationAccumulator();
        } else if (!classificationOverflow) {
            classification.merge(other.classification);
        }
        regression.merge(other.regression);
        if (other.modelVersion != null) {
            modelVersion = other.modelVersion;
        }
        // parts of one window may disagree: the most severe signal of a stream wins
        other.detectorSignals.forEach(
                (stream, signal) ->
                        detectorSignals.merge(
                                stream,
                                signal,
                                (mine, theirs) ->
                                        severity(theirs) > severity(mine) ? theirs : mine));
    }

    private static int severity(String signal) {
        return switch (signal) {
            case "drift" -> 2;
            case "warning" -> 1;
            default -> 0;
        };
    }

    /** A label as the classification counts see it: {@code 1.0} and {@code "1"} are the same. */
    public static String label(FeatureValue v) {
        if (v instanceof FeatureValue.Numeric n) {
            double d = n.value();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                long l = (long) d;
                // class labels are mostly small integers: no new string per labelled event
                return l >= SMALL_LABEL_MIN && l <= SMALL_LABEL_MAX
                        ? SMALL_LABELS[(int) (l - SMALL_LABEL_MIN)]
                        : Long.toString(l);
            }
            return Double.toString(d);
        }
        if (v instanceof FeatureValue.Categorical c) {
            return c.value();
        }
        return "";
    }

    /** The drift engine's plain value for a feature value: Double, String or null. */
    static Object plain(FeatureValue v) {
        if (v instanceof FeatureValue.Numeric n) {
            return n.value();
        }
        if (v instanceof FeatureValue.Categorical c) {
            return c.value();
        }
        return null;
    }

    /** Versioned binary form, for Flink state. */
    public byte[] toBytes() {
        try {
            byte[] s = summary.toBytes();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length + 512);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(FORMAT_VERSION);
            out.writeInt(s.length);
            out.write(s);
            out.writeBoolean(classificationOverflow);
            classification.writeTo(out);
            regression.writeTo(out);
            out.writeBoolean(modelVersion != null);
            if (modelVersion != null) {
                out.writeUTF(modelVersion);
            }
            out.writeInt(detectorSignals.size());
            for (Map.Entry<String, String> e : detectorSignals.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads {@link #toBytes()}; rejects an unknown format version. */
    public static WindowAccumulator fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readInt();
            if (version != FORMAT_VERSION && version != 1) {
                throw new IllegalArgumentException(
                        "unsupported window accumulator format version "
                                + version
                                + " (this build reads versions 1 to "
                                + FORMAT_VERSION
                                + ")");
            }
            byte[] s = new byte[in.readInt()];
            in.readFully(s);
            WindowSummary summary = WindowSummary.fromBytes(s);
            boolean overflow = in.readBoolean();
            ClassificationAccumulator classification = ClassificationAccumulator.readFrom(in);
            RegressionAccumulator regression =
                    version == 1
                            ? RegressionAccumulator.readLegacyFrom(in)
                            : RegressionAccumulator.readFrom(in);
            String modelVersion = in.readBoolean() ? in.readUTF() : null;
            int signals = in.readInt();
            TreeMap<String, String> detectorSignals = new TreeMap<>();
            for (int i = 0; i < signals; i++) {
                detectorSignals.put(in.readUTF(), in.readUTF());
            }
            return new WindowAccumulator(
                    summary, classification, overflow, regression, modelVersion, detectorSignals);
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt window accumulator: " + e.getMessage(), e);
        }
    }
}
