package io.driftline.core.summary;

import io.driftline.core.sketch.CategoryCounts;
import io.driftline.core.sketch.NumericSketch;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The summary of one feature (or of the predictions, or of the labels) over a window: a KLL sketch
 * for numbers or a bounded frequency map for strings, plus the count of missing values.
 *
 * <p>The kind is fixed by the first non-missing value; a value of the other kind afterwards (a
 * producer that sends {@code "NaN"} as a string for a number, or a feature whose type changed) is
 * not summarised but counted in {@link #kindMismatches()}, which the report shows as schema drift.
 * Non-finite numbers count as missing.
 */
public final class FeatureSummary {

    private final SummaryConfig config;
    private ObservedKind kind = ObservedKind.UNKNOWN;
    private long missing;
    private long kindMismatches;
    private NumericSketch numeric;
    private CategoryCounts categories;

    /** Creates an empty summary whose kind is decided by its first value. */
    public FeatureSummary(SummaryConfig config) {
        this.config = config;
    }

    /** Adds a value: a {@link Number}, a {@link CharSequence}, or {@code null} for missing. */
    public void add(Object value) {
        if (value == null) {
            addMissing();
        } else if (value instanceof Number number) {
            addNumeric(number.doubleValue());
        } else if (value instanceof CharSequence text) {
            addCategory(text.toString());
        } else {
            throw new IllegalArgumentException(
                    "feature values must be numbers, strings or null, got "
                            + value.getClass().getName());
        }
    }

    /** Adds a number; NaN and infinities are counted as missing. */
    public void addNumeric(double value) {
        if (!Double.isFinite(value)) {
            missing++;
            return;
        }
        if (acceptKind(ObservedKind.NUMERIC)) {
            numeric.update(value);
        }
    }

    /** Adds a category. */
    public void addCategory(String value) {
        if (acceptKind(ObservedKind.CATEGORICAL)) {
            categories.update(value);
        }
    }

    /** Counts one missing value. */
    public void addMissing() {
        missing++;
    }

    /**
     * Adds everything {@code other} saw. When the kinds differ, this summary keeps its kind and
     * counts {@code other}'s values as kind mismatches.
     */
    public void merge(FeatureSummary other) {
        missing += other.missing;
        kindMismatches += other.kindMismatches;
        if (other.kind == ObservedKind.UNKNOWN) {
            return;
        }
        if (!acceptKind(other.kind)) {
            kindMismatches += other.count() - 1; // acceptKind counted one
            return;
        }
        if (kind == ObservedKind.NUMERIC) {
            numeric.merge(other.numeric);
        } else {
            categories.merge(other.categories);
        }
    }

    /** Whether a value of kind {@code wanted} can be summarised; counts a mismatch if not. */
    private boolean acceptKind(ObservedKind wanted) {
        if (kind == wanted) {
            return true;
        }
        if (kind != ObservedKind.UNKNOWN) {
            kindMismatches++;
            return false;
        }
        kind = wanted;
        if (wanted == ObservedKind.NUMERIC) {
            numeric = new NumericSketch(config.sketchK());
        } else {
            categories = new CategoryCounts(config.maxDistinctCategories());
        }
        return true;
    }

    /** Values of the other kind than this feature's, not summarised (schema drift). */
    public long kindMismatches() {
        return kindMismatches;
    }

    /** The kind, {@link ObservedKind#UNKNOWN} until a non-missing value is seen. */
    public ObservedKind kind() {
        return kind;
    }

    /** Number of non-missing values. */
    public long count() {
        return switch (kind) {
            case NUMERIC -> numeric.count();
            case CATEGORICAL -> categories.count();
            case UNKNOWN -> 0;
        };
    }

    /** Number of missing values. */
    public long missing() {
        return missing;
    }

    /** The numeric sketch; only for {@link ObservedKind#NUMERIC}. */
    public NumericSketch numericSketch() {
        if (kind != ObservedKind.NUMERIC) {
            throw new IllegalStateException("feature is " + kind.wireName() + ", not numeric");
        }
        return numeric;
    }

    /** The category counts; only for {@link ObservedKind#CATEGORICAL}. */
    public CategoryCounts categoryCounts() {
        if (kind != ObservedKind.CATEGORICAL) {
            throw new IllegalStateException("feature is " + kind.wireName() + ", not categorical");
        }
        return categories;
    }

    /** The sizes new sketches are created with. */
    public SummaryConfig config() {
        return config;
    }

    /** Builds a summary from existing parts (e.g. a decoded reference profile). */
    public static FeatureSummary of(
            SummaryConfig config, long missing, NumericSketch numeric, CategoryCounts categories) {
        if (numeric != null && categories != null) {
            throw new IllegalArgumentException("a feature is either numeric or categorical");
        }
        if (missing < 0) {
            throw new IllegalArgumentException("missing must not be negative but was " + missing);
        }
        FeatureSummary s = new FeatureSummary(config);
        s.missing = missing;
        if (numeric != null) {
            s.kind = ObservedKind.NUMERIC;
            s.numeric = numeric;
        } else if (categories != null) {
            s.kind = ObservedKind.CATEGORICAL;
            s.categories = categories;
        }
        return s;
    }

    /** Writes the unversioned body; the enclosing format's version covers it. */
    void write(DataOutputStream out) throws IOException {
        out.writeByte(kind.ordinal());
        out.writeLong(missing);
        out.writeLong(kindMismatches);
        switch (kind) {
            case NUMERIC -> {
                byte[] sketch = numeric.toBytes();
                out.writeInt(sketch.length);
                out.write(sketch);
            }
            case CATEGORICAL -> categories.writeBody(out);
            case UNKNOWN -> {}
        }
    }

    /**
     * Reads a body written by {@link #write} ({@code withMismatches}) or by format version 1, which
     * had no mismatch count.
     */
    static FeatureSummary read(DataInputStream in, SummaryConfig config, boolean withMismatches)
            throws IOException {
        int kindOrdinal = in.readByte();
        if (kindOrdinal < 0 || kindOrdinal >= ObservedKind.values().length) {
            throw new IllegalArgumentException("corrupt feature kind " + kindOrdinal);
        }
        long missing = in.readLong();
        long mismatches = withMismatches ? in.readLong() : 0;
        if (mismatches < 0) {
            throw new IllegalArgumentException("corrupt kind mismatch count " + mismatches);
        }
        ObservedKind kind = ObservedKind.values()[kindOrdinal];
        FeatureSummary summary = readKind(in, config, kind, missing);
        summary.kindMismatches = mismatches;
        return summary;
    }

    private static FeatureSummary readKind(
            DataInputStream in, SummaryConfig config, ObservedKind kind, long missing)
            throws IOException {
        return switch (kind) {
            case NUMERIC -> {
                int len = in.readInt();
                if (len < 2 || len > in.available()) {
                    throw new IllegalArgumentException("corrupt sketch length " + len);
                }
                byte[] sketch = new byte[len];
                in.readFully(sketch);
                yield of(config, missing, NumericSketch.fromBytes(sketch), null);
            }
            case CATEGORICAL -> of(config, missing, null, CategoryCounts.readBody(in));
            case UNKNOWN -> of(config, missing, null, null);
        };
    }

    @Override
    public String toString() {
        return "FeatureSummary{kind="
                + kind.wireName()
                + ", count="
                + count()
                + ", missing="
                + missing
                + "}";
    }
}
