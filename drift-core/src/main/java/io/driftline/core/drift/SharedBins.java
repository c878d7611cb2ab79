package io.driftline.core.drift;

import io.driftline.core.sketch.CategoryCounts;
import io.driftline.core.sketch.NumericSketch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Reference and window counts over the same bins: reference-quantile bins for a numeric feature, or
 * the comparable categories plus one "other" bin for a categorical feature. PSI, Jensen-Shannon,
 * Hellinger and chi-square are all computed from it.
 *
 * @param labels a label per bin (the bin's upper edge, or the category name)
 * @param reference reference counts per bin (approximate for an estimating sketch)
 * @param window window counts per bin
 */
public record SharedBins(List<String> labels, double[] reference, double[] window) {

    /** Default number of reference-quantile bins (deciles). */
    public static final int DEFAULT_BINS = 10;

    /** Validates that all three have one entry per bin and at least one bin. */
    public SharedBins {
        labels = List.copyOf(labels);
        if (reference.length != window.length || reference.length != labels.size()) {
            throw new IllegalArgumentException(
                    String.format(
                            "bins disagree: %s labels, %s reference, %s window",
                            labels.size(), reference.length, window.length));
        }
        if (reference.length == 0) {
            throw new IllegalArgumentException("need at least one bin");
        }
        reference = reference.clone();
        window = window.clone();
    }

    /**
     * Bins a numeric feature at the reference's quantiles {@code 1/bins, ..., (bins-1)/bins}
     * (inverted-CDF definition): bin i is {@code (cut[i-1], cut[i]]}, the last one is open above.
     * Repeated cut points (a discrete or constant reference) are merged, so there can be fewer bins
     * than asked for.
     */
    public static SharedBins ofQuantiles(NumericSketch reference, NumericSketch window, int bins) {
        if (bins < 2) {
            throw new IllegalArgumentException("need at least 2 bins but got " + bins);
        }
        requireNonEmpty(reference.count(), window.count());
        TreeSet<Double> cuts = new TreeSet<>();
        for (int i = 1; i < bins; i++) {
            cuts.add(reference.quantile((double) i / bins));
        }
        double[] split = cuts.stream().mapToDouble(Double::doubleValue).toArray();
        List<String> labels = new ArrayList<>(split.length + 1);
        for (double cut : split) {
            labels.add("<=" + cut);
        }
        labels.add(">" + split[split.length - 1]);
        return new SharedBins(
                labels,
                countsFromCdf(reference.cdf(split), reference.count()),
                countsFromCdf(window.cdf(split), window.count()));
    }

    private static double[] countsFromCdf(double[] cdf, long n) {
        double[] counts = new double[cdf.length];
        double previous = 0;
        for (int i = 0; i < cdf.length; i++) {
            counts[i] = Math.max(0.0, cdf[i] - previous) * n;
            previous = cdf[i];
        }
        return counts;
    }

    /**
     * Bins a categorical feature: one bin per category counted exactly by both maps (see {@link
     * CategoryCounts#isComparable}), sorted by name, plus an {@link CategoryCounts#OTHER} bin with
     * everything else when either side has something there. A category the window has and the
     * reference lacks is its own bin with reference count 0.
     */
    public static SharedBins ofCategories(CategoryCounts reference, CategoryCounts window) {
        requireNonEmpty(reference.count(), window.count());
        TreeSet<String> names = new TreeSet<>();
        for (String name : reference.frequencies().keySet()) {
            if (CategoryCounts.isComparable(name, reference, window)) {
                names.add(name);
            }
        }
        for (String name : window.frequencies().keySet()) {
            if (CategoryCounts.isComparable(name, reference, window)) {
                names.add(name);
            }
        }
        List<String> labels = new ArrayList<>(names);
        double[] ref = new double[names.size() + 1];
        double[] win = new double[names.size() + 1];
        double refKept = 0;
        double winKept = 0;
        int i = 0;
        for (String name : names) {
            ref[i] = reference.countOf(name);
            win[i] = window.countOf(name);
            refKept += ref[i];
            winKept += win[i];
            i++;
        }
        double refOther = reference.count() - refKept;
        double winOther = window.count() - winKept;
        if (refOther == 0 && winOther == 0) {
            return new SharedBins(
                    labels, Arrays.copyOf(ref, names.size()), Arrays.copyOf(win, names.size()));
        }
        labels.add(CategoryCounts.OTHER);
        ref[names.size()] = refOther;
        win[names.size()] = winOther;
        return new SharedBins(labels, ref, win);
    }

    private static void requireNonEmpty(long referenceCount, long windowCount) {
        if (referenceCount == 0 || windowCount == 0) {
            throw new IllegalArgumentException(
                    String.format(
                            "cannot compare empty distributions (reference %s, window %s values)",
                            referenceCount, windowCount));
        }
    }

    /** Number of bins. */
    public int size() {
        return reference.length;
    }

    /** Reference counts normalized to sum to 1. */
    public double[] referenceProportions() {
        return normalize(reference);
    }

    /** Window counts normalized to sum to 1. */
    public double[] windowProportions() {
        return normalize(window);
    }

    /** Sum of the reference counts. */
    public double referenceTotal() {
        return Arrays.stream(reference).sum();
    }

    /** Sum of the window counts. */
    public double windowTotal() {
        return Arrays.stream(window).sum();
    }

    private static double[] normalize(double[] counts) {
        double total = Arrays.stream(counts).sum();
        if (!(total > 0)) {
            throw new IllegalArgumentException("counts sum to " + total + ", cannot normalize");
        }
        double[] p = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            p[i] = counts[i] / total;
        }
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SharedBins other
                && labels.equals(other.labels)
                && Arrays.equals(reference, other.reference)
                && Arrays.equals(window, other.window);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * labels.hashCode() + Arrays.hashCode(reference)) + Arrays.hashCode(window);
    }

    @Override
    public String toString() {
        return "SharedBins{labels="
                + labels
                + ", reference="
                + Arrays.toString(reference)
                + ", window="
                + Arrays.toString(window)
                + "}";
    }
}
