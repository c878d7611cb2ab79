package io.driftline.core.detect.adwin;

import io.driftline.core.detect.ChangeDetector;
import io.driftline.core.detect.ChangeSignal;
import io.driftline.core.detect.DetectorInput;
import io.driftline.core.detect.DetectorKind;
import io.driftline.core.detect.DetectorSnapshot;
import java.nio.ByteBuffer;

/**
 * ADWIN, the adaptive sliding window of Bifet and Gavaldà ("Learning from Time-Changing Data with
 * Adaptive Windowing", SDM 2007), in its ADWIN2 form: the window is kept as an exponential
 * histogram, and whenever two sub-windows have means that differ by more than the Hoeffding /
 * Bernstein bound the older part is dropped and {@link ChangeSignal#DRIFT} is signalled.
 *
 * <p>Input: real values (typically a 0/1 error stream or a bounded loss). The test is two-sided.
 *
 * <p>The histogram has at most {@link AdwinConfig#maxBucketsPerRow()} + 1 buckets in each of at
 * most 64 rows (row {@code r} buckets hold 2<sup>r</sup> observations), stored in flat arrays so an
 * update is an append plus, rarely, a merge cascade. Cuts are checked every {@link
 * AdwinConfig#clock()} observations, which the algorithm allows (the guarantees hold for any subset
 * of checking times) and MOA and river do too; between checks the window only grows.
 *
 * <p>The cut threshold for sub-windows W0 (older, n0 observations) and W1 (newer, n1) of the window
 * W (n observations, variance σ²) is ε = sqrt(2 (1/n0 + 1/n1) σ² L) + (2/3) (1/n0 + 1/n1) L with L
 * = ln(2 ln(n) / δ), from section 4 of the paper.
 */
public final class AdwinDetector implements ChangeDetector {

    private static final int MAX_ROWS = 64;

    private final AdwinConfig config;
    private final int maxBuckets;
    private final int slots;
    private final double[] bucketSum;
    private final double[] bucketM2;
    private final int[] rowCount = new int[MAX_ROWS];
    private int rows;
    private long width;
    private double total;
    private double m2;
    private long observations;
    private int sinceCheck;
    private long detections;

    /** A detector with the {@link AdwinConfig#defaults()}. */
    public AdwinDetector() {
        this(AdwinConfig.defaults());
    }

    /** A detector with the given configuration. */
    public AdwinDetector(AdwinConfig config) {
        this.config = config;
        this.maxBuckets = config.maxBucketsPerRow();
        this.slots = maxBuckets + 1;
        this.bucketSum = new double[MAX_ROWS * slots];
        this.bucketM2 = new double[MAX_ROWS * slots];
    }

    /** The configuration. */
    public AdwinConfig config() {
        return config;
    }

    @Override
    public ChangeSignal update(double x) {
        if (!Double.isFinite(x)) {
            DetectorInput.REAL_VALUE.check(x);
        }
        observations++;
        insert(x);
        if (++sinceCheck < config.clock()) {
            return ChangeSignal.NONE;
        }
        sinceCheck = 0;
        if (cutWhileChanged()) {
            detections++;
            return ChangeSignal.DRIFT;
        }
        return ChangeSignal.NONE;
    }

    private void insert(double x) {
        if (width > 0) {
            double d = x - total / width;
            m2 += d * d * width / (width + 1);
        }
        width++;
        total += x;
        int c = rowCount[0];
        bucketSum[c] = x;
        bucketM2[c] = 0.0;
        rowCount[0] = c + 1;
        if (rows == 0) {
            rows = 1;
        }
        if (c + 1 > maxBuckets) {
            compress();
        }
    }

    /** Merges the two oldest buckets of each over-full row into the next row, cascading. */
    private void compress() {
        for (int r = 0; r < MAX_ROWS - 1 && rowCount[r] > maxBuckets; r++) {
            int base = r * slots;
            double s0 = bucketSum[base];
            double s1 = bucketSum[base + 1];
            double size = (double) (1L << r);
            double d = s0 - s1;
            double mergedM2 = bucketM2[base] + bucketM2[base + 1] + d * d / (2.0 * size);
            int remaining = rowCount[r] - 2;
            System.arraycopy(bucketSum, base + 2, bucketSum, base, remaining);
            System.arraycopy(bucketM2, base + 2, bucketM2, base, remaining);
            rowCount[r] = remaining;
            int next = (r + 1) * slots + rowCount[r + 1];
            bucketSum[next] = s0 + s1;
            bucketM2[next] = mergedM2;
            rowCount[r + 1]++;
            if (r + 2 > rows) {
                rows = r + 2;
            }
        }
    }

    /** Drops the oldest bucket while some split of the window shows a significant change. */
    private boolean cutWhileChanged() {
        boolean changed = false;
        int minSub = config.minSubWindowLength();
        while (width >= 2L * minSub && hasSignificantSplit(minSub)) {
            removeOldest();
            changed = true;
        }
        return changed;
    }

    private boolean hasSignificantSplit(int minSub) {
        double n = width;
        double lnTerm = Math.log(2.0 * Math.log(n) / config.delta());
        double variance = m2 / n;
        double twoVarLn = 2.0 * variance * lnTerm;
        double twoThirdsLn = (2.0 / 3.0) * lnTerm;
        long n0 = 0;
        double s0 = 0.0;
        for (int r = rows - 1; r >= 0; r--) {
            long size = 1L << r;
            int base = r * slots;
            int count = rowCount[r];
            for (int j = 0; j < count; j++) {
                n0 += size;
                s0 += bucketSum[base + j];
                long n1 = width - n0;
                if (n1 < minSub) {
                    return false;
                }
                if (n0 < minSub) {
                    continue;
                }
                double inv = 1.0 / n0 + 1.0 / n1;
                double diff = Math.abs(s0 / n0 - (total - s0) / n1);
                double excess = diff - twoThirdsLn * inv;
                // diff > sqrt(2 inv σ² L) + (2/3) inv L, without the square root.
                if (excess > 0.0 && excess * excess > twoVarLn * inv) {
                    return true;
                }
            }
        }
        return false;
    }

    private void removeOldest() {
        int r = rows - 1;
        int base = r * slots;
        double size = (double) (1L << r);
        double s = bucketSum[base];
        double v = bucketM2[base];
        long rest = width - (1L << r);
        if (rest > 0) {
            double d = s / size - (total - s) / rest;
            m2 -= v + d * d * size * rest / width;
            if (m2 < 0.0) {
                m2 = 0.0;
            }
        } else {
            m2 = 0.0;
        }
        width = rest;
        total -= s;
        int remaining = rowCount[r] - 1;
        System.arraycopy(bucketSum, base + 1, bucketSum, base, remaining);
        System.arraycopy(bucketM2, base + 1, bucketM2, base, remaining);
        rowCount[r] = remaining;
        while (rows > 0 && rowCount[rows - 1] == 0) {
            rows--;
        }
    }

    /** The number of observations in the current window. */
    public long width() {
        return width;
    }

    /** The mean of the current window (0 when it is empty). */
    public double mean() {
        return width == 0 ? 0.0 : total / width;
    }

    /** The variance of the current window (0 when it is empty). */
    public double variance() {
        return width == 0 ? 0.0 : m2 / width;
    }

    /** The number of drifts signalled since construction or the last reset. */
    public long detections() {
        return detections;
    }

    @Override
    public void reset() {
        java.util.Arrays.fill(rowCount, 0);
        rows = 0;
        width = 0;
        total = 0.0;
        m2 = 0.0;
        observations = 0;
        sinceCheck = 0;
        detections = 0;
    }

    @Override
    public long observations() {
        return observations;
    }

    /**
     * δ: Theorem 3 of the paper bounds the probability that a check shrinks the window of a
     * stationary stream by δ, and there is at most one check per observation.
     */
    @Override
    public double declaredFalseAlarmRate() {
        return config.delta();
    }

    @Override
    public DetectorInput input() {
        return DetectorInput.REAL_VALUE;
    }

    @Override
    public DetectorKind kind() {
        return DetectorKind.ADWIN;
    }

    @Override
    public byte[] snapshot() {
        int buckets = 0;
        for (int r = 0; r < rows; r++) {
            buckets += rowCount[r];
        }
        int configBytes = 8 + 4 + 4 + 4;
        int stateBytes = 4 + 8 + 8 + 8 + 8 + 4 + 8 + rows * 4 + buckets * 16;
        ByteBuffer out = DetectorSnapshot.begin(kind(), configBytes + stateBytes);
        out.putDouble(config.delta());
        out.putInt(config.maxBucketsPerRow());
        out.putInt(config.clock());
        out.putInt(config.minSubWindowLength());
        out.putInt(rows);
        out.putLong(width);
        out.putDouble(total);
        out.putDouble(m2);
        out.putLong(observations);
        out.putInt(sinceCheck);
        out.putLong(detections);
        for (int r = 0; r < rows; r++) {
            out.putInt(rowCount[r]);
            int base = r * slots;
            for (int j = 0; j < rowCount[r]; j++) {
                out.putDouble(bucketSum[base + j]);
                out.putDouble(bucketM2[base + j]);
            }
        }
        return DetectorSnapshot.finish(out);
    }

    /** Restores a detector from {@link #snapshot()}; it continues exactly where that left off. */
    public static AdwinDetector restore(byte[] snapshot) {
        ByteBuffer in = DetectorSnapshot.open(snapshot, DetectorKind.ADWIN);
        AdwinConfig config = new AdwinConfig(in.getDouble(), in.getInt(), in.getInt(), in.getInt());
        AdwinDetector detector = new AdwinDetector(config);
        int rows = in.getInt();
        if (rows < 0 || rows > MAX_ROWS) {
            throw new IllegalArgumentException(
                    String.format("Corrupt ADWIN snapshot: %s rows", rows));
        }
        detector.rows = rows;
        detector.width = in.getLong();
        detector.total = in.getDouble();
        detector.m2 = in.getDouble();
        detector.observations = in.getLong();
        detector.sinceCheck = in.getInt();
        detector.detections = in.getLong();
        for (int r = 0; r < rows; r++) {
            int count = in.getInt();
            if (count < 0 || count > config.maxBucketsPerRow()) {
                throw new IllegalArgumentException(
                        String.format("Corrupt ADWIN snapshot: %s buckets in row %s", count, r));
            }
            detector.rowCount[r] = count;
            int base = r * detector.slots;
            for (int j = 0; j < count; j++) {
                detector.bucketSum[base + j] = in.getDouble();
                detector.bucketM2[base + j] = in.getDouble();
            }
        }
        DetectorSnapshot.checkFullyRead(in);
        return detector;
    }
}
