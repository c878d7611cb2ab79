package io.driftline.core.performance;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Mergeable per-window counts of (label, prediction) outcomes, from which accuracy and
 * precision/recall/F1 (of a positive label, and macro-averaged) are derived the way scikit-learn
 * computes them ({@code zero_division=0}: an undefined ratio counts as 0).
 *
 * <p>State is three counters per label seen (true positives, false positives, false negatives), so
 * it is meant for classifiers with a modest number of classes.
 */
public final class ClassificationAccumulator {

    private final Map<String, long[]> perLabel = new HashMap<>();
    private long total;
    private long correct;

    /** Counts one labelled prediction. */
    public void add(String actual, String predicted) {
        if (actual == null || predicted == null) {
            throw new IllegalArgumentException("actual and predicted labels must not be null");
        }
        total++;
        if (actual.equals(predicted)) {
            correct++;
            counters(actual)[TP]++;
        } else {
            counters(predicted)[FP]++;
            counters(actual)[FN]++;
        }
    }

    /** Adds the counts of {@code other}. */
    public void merge(ClassificationAccumulator other) {
        total += other.total;
        correct += other.correct;
        for (Map.Entry<String, long[]> e : other.perLabel.entrySet()) {
            long[] mine = counters(e.getKey());
            for (int i = 0; i < 3; i++) {
                mine[i] += e.getValue()[i];
            }
        }
    }

    /** Labelled predictions counted. */
    public long count() {
        return total;
    }

    /** Share of correct predictions; 0 when empty. */
    public double accuracy() {
        return total == 0 ? 0 : (double) correct / total;
    }

    /** Precision of {@code label}: TP / (TP + FP), 0 when undefined. */
    public double precision(String label) {
        long[] c = perLabel.getOrDefault(label, new long[3]);
        return ratio(c[TP], c[TP] + c[FP]);
    }

    /** Recall of {@code label}: TP / (TP + FN), 0 when undefined. */
    public double recall(String label) {
        long[] c = perLabel.getOrDefault(label, new long[3]);
        return ratio(c[TP], c[TP] + c[FN]);
    }

    /** F1 of {@code label}: 2 TP / (2 TP + FP + FN), 0 when undefined. */
    public double f1(String label) {
        long[] c = perLabel.getOrDefault(label, new long[3]);
        return ratio(2 * c[TP], 2 * c[TP] + c[FP] + c[FN]);
    }

    /**
     * All metrics: accuracy and the macro averages over every label seen as actual or predicted;
     * plus precision, recall and F1 of {@code positiveLabel} when it is not {@code null}.
     */
    public Map<PerformanceMetric, Double> metrics(String positiveLabel) {
        EnumMap<PerformanceMetric, Double> m = new EnumMap<>(PerformanceMetric.class);
        m.put(PerformanceMetric.ACCURACY, accuracy());
        if (positiveLabel != null) {
            m.put(PerformanceMetric.PRECISION, precision(positiveLabel));
            m.put(PerformanceMetric.RECALL, recall(positiveLabel));
            m.put(PerformanceMetric.F1, f1(positiveLabel));
        }
        double p = 0;
        double r = 0;
        double f = 0;
        TreeSet<String> labels = new TreeSet<>(perLabel.keySet());
        for (String label : labels) {
            p += precision(label);
            r += recall(label);
            f += f1(label);
        }
        int n = Math.max(1, labels.size());
        m.put(PerformanceMetric.MACRO_PRECISION, p / n);
        m.put(PerformanceMetric.MACRO_RECALL, r / n);
        m.put(PerformanceMetric.MACRO_F1, f / n);
        return m;
    }

    /** Number of distinct labels seen. */
    public int labelCount() {
        return perLabel.size();
    }

    /** Writes the counts (labels sorted, so equal accumulators write equal bytes). */
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(total);
        out.writeLong(correct);
        out.writeInt(perLabel.size());
        for (String label : new TreeSet<>(perLabel.keySet())) {
            long[] c = perLabel.get(label);
            out.writeUTF(label);
            out.writeLong(c[TP]);
            out.writeLong(c[FP]);
            out.writeLong(c[FN]);
        }
    }

    /** Reads counts written by {@link #writeTo}. */
    public static ClassificationAccumulator readFrom(DataInput in) throws IOException {
        ClassificationAccumulator acc = new ClassificationAccumulator();
        acc.total = in.readLong();
        acc.correct = in.readLong();
        int labels = in.readInt();
        if (labels < 0) {
            throw new IOException("corrupt label count " + labels);
        }
        for (int i = 0; i < labels; i++) {
            acc.perLabel.put(
                    in.readUTF(), new long[] {in.readLong(), in.readLong(), in.readLong()});
        }
        return acc;
    }

    private long[] counters(String label) {
        return perLabel.computeIfAbsent(label, l -> new long[3]);
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }

    private static final int TP = 0;
    private static final int FP = 1;
    private static final int FN = 2;
}
