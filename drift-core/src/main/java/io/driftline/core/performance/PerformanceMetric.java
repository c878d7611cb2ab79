package io.driftline.core.performance;

/** A model-quality metric computed per window, with the direction in which it gets worse. */
public enum PerformanceMetric {
    /** Share of correct predictions. */
    ACCURACY("accuracy", true),
    /** Precision of the positive label. */
    PRECISION("precision", true),
    /** Recall of the positive label. */
    RECALL("recall", true),
    /** F1 of the positive label. */
    F1("f1", true),
    /** Unweighted mean of per-label precision. */
    MACRO_PRECISION("macro_precision", true),
    /** Unweighted mean of per-label recall. */
    MACRO_RECALL("macro_recall", true),
    /** Unweighted mean of per-label F1. */
    MACRO_F1("macro_f1", true),
    /** Mean absolute error. */
    MAE("mae", false),
    /** Root mean squared error. */
    RMSE("rmse", false);

    private final String wireName;
    private final boolean higherIsBetter;

    PerformanceMetric(String wireName, boolean higherIsBetter) {
        this.wireName = wireName;
        this.higherIsBetter = higherIsBetter;
    }

    /** The lower-case name used in reports and baselines. */
    public String wireName() {
        return wireName;
    }

    /** Whether larger values are better (accuracy) or worse (errors). */
    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** Parses a {@link #wireName()}. */
    public static PerformanceMetric fromWireName(String name) {
        for (PerformanceMetric m : values()) {
            if (m.wireName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown performance metric '" + name + "'");
    }
}
