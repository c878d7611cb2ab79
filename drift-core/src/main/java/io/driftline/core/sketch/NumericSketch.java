package io.driftline.core.sketch;

import java.util.Arrays;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.DoublesSortedView;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * A mergeable, constant-memory quantile summary of one numeric stream, backed by an Apache
 * DataSketches KLL sketch and serialized with a leading format version byte.
 *
 * <p>The sketch is exact (keeps every value) while it holds fewer than {@code k} values; above that
 * its ranks carry a normalized error of about 1.3% at the default {@code k = 200}, see {@link
 * #normalizedRankError()}.
 */
public final class NumericSketch {

    /** Default KLL accuracy parameter: about 1.33% single-rank error, a few KiB serialized. */
    public static final int DEFAULT_K = 200;

    /** Version of the byte format written by {@link #toBytes()}. */
    public static final byte FORMAT_VERSION = 1;

    /** Largest sketch image read (a K of 65535 with a billion items stays far below it). */
    static final int MAX_IMAGE_BYTES = 8 << 20;

    private static final int MIN_K = 8;
    private static final int MAX_K = 65535;

    private final KllDoublesSketch kll;

    /** Creates an empty sketch with {@link #DEFAULT_K}. */
    public NumericSketch() {
        this(DEFAULT_K);
    }

    /** Creates an empty sketch with accuracy parameter {@code k} (8 to 65535). */
    public NumericSketch(int k) {
        if (k < MIN_K || k > MAX_K) {
            throw new IllegalArgumentException(
                    String.format(
                            "KLL k must be in [%s, %s] but was %s; use %s unless you need other"
                                    + " accuracy",
                            MIN_K, MAX_K, k, DEFAULT_K));
        }
        this.kll = KllDoublesSketch.newHeapInstance(k);
    }

    private NumericSketch(KllDoublesSketch kll) {
        this.kll = kll;
    }

    /**
     * Adds one value. Non-finite values are rejected because they have no place on a quantile axis;
     * callers count them as missing instead.
     */
    public void update(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite but was " + value);
        }
        kll.update(value);
    }

    /** Adds every value of {@code other} into this sketch; {@code other} is unchanged. */
    public void merge(NumericSketch other) {
        if (other.kll.isEmpty()) {
            return;
        }
        kll.merge(other.kll);
    }

    /** Number of values added. */
    public long count() {
        return kll.getN();
    }

    /** The KLL accuracy parameter. */
    public int k() {
        return kll.getK();
    }

    /** Whether no value has been added. */
    public boolean isEmpty() {
        return kll.isEmpty();
    }

    /** Whether the sketch has started compacting, i.e. its ranks are approximate. */
    public boolean isEstimationMode() {
        return kll.isEstimationMode();
    }

    /**
     * The normalized single-rank error of this sketch (99% confidence, as published by DataSketches
     * for the sketch's k), or 0 while the sketch is exact.
     */
    public double normalizedRankError() {
        return kll.isEstimationMode() ? kll.getNormalizedRankError(false) : 0.0;
    }

    /** Smallest value added. */
    public double min() {
        requireNonEmpty();
        return kll.getMinItem();
    }

    /** Largest value added. */
    public double max() {
        requireNonEmpty();
        return kll.getMaxItem();
    }

    /**
     * The smallest retained value whose inclusive normalized rank is at least {@code rank} (the
     * "inverted CDF" quantile definition, numpy's {@code method='inverted_cdf'}).
     */
    public double quantile(double rank) {
        requireNonEmpty();
        return kll.getQuantile(rank, QuantileSearchCriteria.INCLUSIVE);
    }

    /** The fraction of values {@code <= value}. */
    public double cdf(double value) {
        requireNonEmpty();
        return kll.getRank(value, QuantileSearchCriteria.INCLUSIVE);
    }

    /**
     * The fractions of values {@code <=} each of the strictly increasing {@code splitPoints},
     * followed by 1.0 (DataSketches' {@code getCDF} with inclusive search).
     */
    public double[] cdf(double[] splitPoints) {
        requireNonEmpty();
        return kll.getCDF(splitPoints, QuantileSearchCriteria.INCLUSIVE);
    }

    /**
     * The retained values in ascending order and their cumulative weights; the weighted empirical
     * distribution the statistics are computed from.
     */
    public DoublesSortedView sortedView() {
        requireNonEmpty();
        return kll.getSortedView();
    }

    /** Serializes as one version byte followed by the DataSketches compact KLL image. */
    public byte[] toBytes() {
        byte[] image = kll.toByteArray();
        byte[] out = new byte[image.length + 1];
        out[0] = FORMAT_VERSION;
        System.arraycopy(image, 0, out, 1, image.length);
        return out;
    }

    /** Reads bytes written by {@link #toBytes()}; rejects unknown format versions. */
    public static NumericSketch fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length < 2) {
            throw new IllegalArgumentException(
                    "numeric sketch bytes are empty or truncated ("
                            + (bytes == null ? "null" : bytes.length + " bytes")
                            + ")");
        }
        if (bytes[0] != FORMAT_VERSION) {
            throw new IllegalArgumentException(
                    String.format(
                            "unsupported numeric sketch format version %s (this build reads"
                                    + " version %s); was it written by a newer Driftline?",
                            bytes[0], FORMAT_VERSION));
        }
        if (bytes.length > MAX_IMAGE_BYTES) {
            throw new IllegalArgumentException(
                    "numeric sketch too large: "
                            + bytes.length
                            + " > "
                            + MAX_IMAGE_BYTES
                            + " bytes");
        }
        byte[] image = Arrays.copyOfRange(bytes, 1, bytes.length);
        NumericSketch sketch;
        try {
            sketch = new NumericSketch(KllDoublesSketch.heapify(Memory.wrap(image)));
            // Exercise what evaluation will use, so a corrupt image fails here, not in a window.
            if (sketch.k() < MIN_K || sketch.k() > MAX_K) {
                throw new IllegalArgumentException("k " + sketch.k() + " out of range");
            }
            if (!sketch.isEmpty()) {
                double min = sketch.min();
                double max = sketch.max();
                if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
                    throw new IllegalArgumentException("min/max " + min + "/" + max);
                }
                double median = sketch.quantile(0.5);
                if (!(median >= min && median <= max)) {
                    throw new IllegalArgumentException("median " + median + " outside min..max");
                }
                sketch.cdf(min < max ? new double[] {min, max} : new double[] {min});
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "corrupt numeric sketch: "
                            + e.getClass().getSimpleName()
                            + ": "
                            + e.getMessage(),
                    e);
        }
        return sketch;
    }

    /** An independent copy. */
    public NumericSketch copy() {
        return new NumericSketch(KllDoublesSketch.heapify(Memory.wrap(kll.toByteArray())));
    }

    private void requireNonEmpty() {
        if (kll.isEmpty()) {
            throw new IllegalStateException("the sketch is empty");
        }
    }

    @Override
    public String toString() {
        return "NumericSketch{k=" + kll.getK() + ", n=" + kll.getN() + "}";
    }
}
