package io.driftline.core.detect.kswin;

import io.driftline.core.detect.ChangeDetector;
import io.driftline.core.detect.ChangeSignal;
import io.driftline.core.detect.DetectorInput;
import io.driftline.core.detect.DetectorKind;
import io.driftline.core.detect.DetectorSnapshot;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * KSWIN, the Kolmogorov-Smirnov windowing detector of Raab, Heusinger and Schleif ("Reactive Soft
 * Prototype Computing for Concept Drift Streams", Neurocomputing 416, 2020): a sliding window of
 * the last {@code windowSize} values; once it is full, at every observation the last {@code
 * statSize} values are compared with {@code statSize} values sampled without replacement from the
 * older part of the window by a two-sample Kolmogorov-Smirnov test, and a drift is signalled when
 * the p-value is at most α. After a drift only the last {@code statSize} values are kept (the next
 * test waits until the window is full again). KSWIN never signals {@link ChangeSignal#WARNING}.
 *
 * <p>Direction: by default the test is one-sided, D⁺ = sup (F_older - F_recent), which is large
 * when the recent values are stochastically larger (an error rate, a loss, a latency that rose),
 * with the exact p-value of Gnedenko and Korolyuk for equal sample sizes; with {@link
 * KswinConfig#twoSided()} it is the paper's two-sided D = sup |F_older - F_recent| with exact
 * p-values by lattice-path counting ({@link KolmogorovSmirnovDistribution}). On a 0/1 stream D⁺ is
 * the recent error rate minus the sampled older one.
 *
 * <p>Defaults: the paper's α = 0.005, window 100 and statistic window 30 test at every observation,
 * and these tests of overlapping windows alarm about once per 700 stationary normal observations.
 * We recalibrated (α = 1e-5, window 800, statistic window 200; see {@link
 * #declaredFalseAlarmRate()} for the measured rates); the price is detection on 0/1 streams: the
 * test's p-values assume continuous data and are very conservative with ties, so a rise of the
 * error rate from 0.2 to 0.5 is found after about 140 observations but one from 0.2 to 0.3 mostly
 * not at all. Use KSWIN for real-valued streams; for error streams, ADWIN, CUSUM or HDDM.
 *
 * <p>Input: real values. The sampling uses a SplitMix64 generator seeded from the configuration,
 * and its state is part of the snapshot, so runs and restored runs are reproducible. As the two
 * samples have the same size s, D is a multiple of 1/s; the exact p-values of D = k/s are computed
 * once, so a test is a threshold on k. River's implementation also requires D > 0.1; we do not,
 * because at the default sizes the critical D is 48/200 anyway.
 */
public final class KswinDetector implements ChangeDetector {

    private final KswinConfig config;
    private final int windowSize;
    private final int statSize;
    private final int criticalCount;
    private final double[] window;
    private final int[] indices;
    private final boolean[] chosen;
    private final double[] sample;
    private final double[] olderSorted;
    private final double[] recentSorted;
    private int head;
    private int size;
    private long observations;
    private long rngState;
    private double lastPValue = 1.0;
    private final double[] pValueOfCount;

    /** A detector with the {@link KswinConfig#defaults()}. */
    public KswinDetector() {
        this(KswinConfig.defaults());
    }

    /** A detector with the given configuration. */
    public KswinDetector(KswinConfig config) {
        this.config = config;
        this.windowSize = config.windowSize();
        this.statSize = config.statSize();
        this.window = new double[windowSize];
        this.indices = new int[windowSize - statSize];
        this.chosen = new boolean[windowSize - statSize];
        this.sample = new double[statSize];
        this.olderSorted = new double[windowSize - statSize];
        this.recentSorted = new double[statSize];
        this.pValueOfCount = new double[statSize + 1];
        int critical = statSize + 1;
        for (int k = statSize; k >= 0; k--) {
            pValueOfCount[k] =
                    config.twoSided()
                            ? KolmogorovSmirnovDistribution.twoSampleSurvival(
                                    statSize, statSize, (double) k / statSize)
                            : KolmogorovSmirnovDistribution.oneSidedEqualSizeSurvival(statSize, k);
            if (pValueOfCount[k] <= config.alpha()) {
                critical = k;
            }
        }
        this.criticalCount = critical;
        this.rngState = config.seed();
    }

    /** The configuration. */
    public KswinConfig config() {
        return config;
    }

    /** The smallest D · statSize whose p-value is at most α ({@code statSize + 1} if none). */
    public int criticalCount() {
        return criticalCount;
    }

    /** The p-value of the last test (1 before the window is full). */
    public double lastPValue() {
        return lastPValue;
    }

    @Override
    public ChangeSignal update(double x) {
        if (!Double.isFinite(x)) {
            DetectorInput.REAL_VALUE.check(x);
        }
        observations++;
        int older = windowSize - statSize;
        if (size < windowSize) {
            window[(head + size) % windowSize] = x;
            size++;
            if (size < windowSize) {
                return ChangeSignal.NONE;
            }
            rebuildSorted();
        } else {
            double leaving = window[head];
            int movingAt = head + older;
            double moving = window[movingAt >= windowSize ? movingAt - windowSize : movingAt];
            replaceSorted(olderSorted, leaving, moving);
            replaceSorted(recentSorted, moving, x);
            window[head] = x;
            head = head + 1 == windowSize ? 0 : head + 1;
        }
        // A uniform sample without replacement of the older part's positions, taken in sorted
        // order so the sample comes out sorted.
        for (int i = 0; i < older; i++) {
            indices[i] = i;
        }
        for (int i = 0; i < statSize; i++) {
            int pick = i + nextInt(older - i);
            int position = indices[pick];
            indices[pick] = indices[i];
            indices[i] = position;
            chosen[position] = true;
        }
        for (int i = 0, k = 0; i < older; i++) {
            if (chosen[i]) {
                sample[k++] = olderSorted[i];
                chosen[i] = false;
            }
        }
        int count = statisticCount();
        lastPValue = pValueOfCount[count];
        if (count >= criticalCount) {
            keepRecent();
            return ChangeSignal.DRIFT;
        }
        return ChangeSignal.NONE;
    }

    /** Sorts the older part and the recent part of a full window into their sorted copies. */
    private void rebuildSorted() {
        int older = windowSize - statSize;
        for (int i = 0; i < older; i++) {
            olderSorted[i] = window[(head + i) % windowSize];
        }
        for (int i = 0; i < statSize; i++) {
            recentSorted[i] = window[(head + older + i) % windowSize];
        }
        Arrays.sort(olderSorted);
        Arrays.sort(recentSorted);
    }

    /** Removes one {@code out} from the sorted array and inserts {@code in}, keeping it sorted. */
    private static void replaceSorted(double[] sorted, double out, double in) {
        int at = Arrays.binarySearch(sorted, out);
        int insert = Arrays.binarySearch(sorted, in);
        if (insert < 0) {
            insert = -insert - 1;
        }
        // Shift the values between the two positions by one, then place the new value.
        if (insert > at) {
            insert--;
            System.arraycopy(sorted, at + 1, sorted, at, insert - at);
        } else if (insert < at) {
            System.arraycopy(sorted, insert, sorted, insert + 1, at - insert);
        }
        sorted[insert] = in;
    }

    /**
     * D · statSize of the two equally large sorted samples: the largest gap of their ECDFs, or
     * one-sided the largest excess of the older sample's ECDF over the recent one's (recent values
     * larger).
     */
    private int statisticCount() {
        boolean twoSided = config.twoSided();
        double[] recent = recentSorted;
        int i = 0;
        int j = 0;
        int max = 0;
        while (i < statSize && j < statSize) {
            double v = Math.min(sample[i], recent[j]);
            while (i < statSize && sample[i] == v) {
                i++;
            }
            while (j < statSize && recent[j] == v) {
                j++;
            }
            int gap = twoSided ? Math.abs(i - j) : i - j;
            if (gap > max) {
                max = gap;
            }
        }
        return max;
    }

    private void keepRecent() {
        double[] last = new double[statSize];
        for (int i = 0; i < statSize; i++) {
            last[i] = window[(head + windowSize - statSize + i) % windowSize];
        }
        System.arraycopy(last, 0, window, 0, statSize);
        head = 0;
        size = statSize;
    }

    private int nextInt(int bound) {
        rngState += 0x9E3779B97F4A7C15L;
        long z = rngState;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (int) (((z >>> 32) * bound) >>> 32);
    }

    @Override
    public void reset() {
        head = 0;
        size = 0;
        observations = 0;
        rngState = config.seed();
        lastPValue = 1.0;
    }

    @Override
    public long observations() {
        return observations;
    }

    /**
     * α: each test rejects a true null hypothesis with probability at most α (the exact test is
     * conservative, more so with ties), and there is at most one test per observation. Measured at
     * the defaults: 6.5e-6 per observation on N(0, 1) (26 alarms in 4 · 10^6 observations), none on
     * Bernoulli(0.2) and 5e-7 on Bernoulli(0.5) (4 · 10^6 each); at the paper's parameters ({@link
     * KswinConfig#paper()}) 1.36e-3 on N(0, 1), about one alarm per 700 observations.
     */
    @Override
    public double declaredFalseAlarmRate() {
        return config.alpha();
    }

    @Override
    public DetectorInput input() {
        return DetectorInput.REAL_VALUE;
    }

    @Override
    public DetectorKind kind() {
        return DetectorKind.KSWIN;
    }

    @Override
    public byte[] snapshot() {
        ByteBuffer out =
                DetectorSnapshot.begin(kind(), 8 + 4 + 4 + 8 + 1 + 4 + 8 + 8 + 8 + 8 * size);
        out.putDouble(config.alpha());
        out.putInt(config.windowSize());
        out.putInt(config.statSize());
        out.putLong(config.seed());
        out.put((byte) (config.twoSided() ? 1 : 0));
        out.putInt(size);
        out.putLong(observations);
        out.putLong(rngState);
        out.putDouble(lastPValue);
        for (int i = 0; i < size; i++) {
            out.putDouble(window[(head + i) % windowSize]);
        }
        return DetectorSnapshot.finish(out);
    }

    /**
     * Restores a detector from {@link #snapshot()}; it continues exactly where that left off.
     *
     * <p>A format version 1 snapshot has no direction: its detector ran the two-sided test (the
     * only one then), and it is restored with the one-sided test, the new default, keeping its
     * stored α, sizes, seed and window.
     */
    public static KswinDetector restore(byte[] snapshot) {
        ByteBuffer in = DetectorSnapshot.open(snapshot, DetectorKind.KSWIN);
        double alpha = in.getDouble();
        int windowSize = in.getInt();
        int statSize = in.getInt();
        long seed = in.getLong();
        boolean twoSided = DetectorSnapshot.version(in) >= 2 && in.get() != 0;
        KswinDetector detector =
                new KswinDetector(new KswinConfig(alpha, windowSize, statSize, seed, twoSided));
        int size = in.getInt();
        if (size < 0 || size > detector.windowSize) {
            throw new IllegalArgumentException(
                    String.format("Corrupt KSWIN snapshot: %s values in the window", size));
        }
        detector.size = size;
        detector.observations = in.getLong();
        detector.rngState = in.getLong();
        detector.lastPValue = in.getDouble();
        for (int i = 0; i < size; i++) {
            detector.window[i] = in.getDouble();
        }
        if (size == detector.windowSize) {
            detector.rebuildSorted();
        }
        DetectorSnapshot.checkFullyRead(in);
        return detector;
    }
}
