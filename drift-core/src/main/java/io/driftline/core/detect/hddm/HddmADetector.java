package io.driftline.core.detect.hddm;

import io.driftline.core.detect.ChangeDetector;
import io.driftline.core.detect.ChangeSignal;
import io.driftline.core.detect.DetectorInput;
import io.driftline.core.detect.DetectorKind;
import io.driftline.core.detect.DetectorSnapshot;
import java.nio.ByteBuffer;

/**
 * HDDM-A, the drift detector based on Hoeffding's bound with moving averages of Frías-Blanco, del
 * Campo-Ávila, Ramos-Jiménez, Morales-Bueno, Ortiz-Díaz and Caballero-Mota ("Online and
 * Non-Parametric Drift Detection Methods Based on Hoeffding's Bounds", IEEE TKDE 27(3), 2015).
 *
 * <p>It keeps the mean Z̄ of everything since the last (re)start and a cut point: the prefix mean
 * X̄ (of c observations) where X̄ + ε(c) was smallest, ε(c) = sqrt(ln(1/α_D) / (2c)) (a one-sided
 * Hoeffding confidence bound on X̄). The test compares the nested means: Z̄ - X̄ is a weighted sum
 * of the n values whose squared weights add up to m = (n - c) / (c n), so Hoeffding's inequality
 * gives P(Z̄ - X̄ ≥ ε) ≤ exp(-2 ε² / m) when the mean has not changed.
 *
 * <ul>
 *   <li>One-sided (the default): H0 "the mean did not rise" against H1 "it rose", rejected at level
 *       α when Z̄ - X̄ ≥ sqrt(m / 2 · ln(1/α)), the one-sided bound.
 *   <li>Two-sided ({@link HddmAConfig#twoSided()}): a mirrored cut point (where X̄ - ε(c) was
 *       largest) tracks falls, and H0 "the mean did not change" is rejected at level α when either
 *       difference reaches sqrt(m / 2 · ln(2/α)), the two-sided bound (each side at α/2). Before
 *       this was fixed each side used ln(1/α), a two-sided test at level 2α.
 * </ul>
 *
 * <p>At α_D the detector signals a drift and restarts, at α_W a warning. The reference
 * implementation (MOA's {@code HDDM_A_Test}, and river's port) uses ln(2/α) in the one-sided mode
 * too, i.e. a one-sided test at level α/2: halving α_D and α_W gives its test bounds (not quite its
 * cut point, which keeps ln(1/α_D)).
 *
 * <p>Input: values in [0, 1], usually a 0/1 error stream.
 */
public final class HddmADetector implements ChangeDetector {

    private final HddmAConfig config;
    private final double lnCut;
    private final double lnDrift;
    private final double lnWarning;
    private long observations;
    private long n;
    private double sum;
    private long lowCount;
    private double lowSum;
    private double lowLevel;
    private long highCount;
    private double highSum;
    private double highLevel;

    /** A detector with the {@link HddmAConfig#defaults()}. */
    public HddmADetector() {
        this(HddmAConfig.defaults());
    }

    /** A detector with the given configuration. */
    public HddmADetector(HddmAConfig config) {
        this.config = config;
        double sides = config.twoSided() ? 2.0 : 1.0;
        this.lnCut = Math.log(1.0 / config.driftConfidence());
        this.lnDrift = Math.log(sides / config.driftConfidence());
        this.lnWarning = Math.log(sides / config.warningConfidence());
        restart();
    }

    /**
     * The critical difference of the test: Z̄ - X̄ (or X̄ - Z̄ for a fall) at or above it rejects
     * H0 at level α, for a cut point of {@code cut} observations out of {@code n}: sqrt(m / 2 ·
     * ln(s/α)) with m = (n - cut) / (cut n), s = 1 one-sided, 2 two-sided.
     */
    public static double criticalDifference(long n, long cut, double alpha, boolean twoSided) {
        double m = (double) (n - cut) / ((double) cut * n);
        return Math.sqrt(m / 2.0 * Math.log((twoSided ? 2.0 : 1.0) / alpha));
    }

    /** The configuration. */
    public HddmAConfig config() {
        return config;
    }

    @Override
    public ChangeSignal update(double x) {
        if (!(x >= 0.0 && x <= 1.0)) {
            DetectorInput.UNIT_INTERVAL.check(x);
        }
        observations++;
        n++;
        sum += x;
        double mean = sum / n;
        double eps = Math.sqrt(lnCut / (2.0 * n));
        if (mean + eps <= lowLevel) {
            lowCount = n;
            lowSum = sum;
            lowLevel = mean + eps;
        }
        ChangeSignal signal = ChangeSignal.NONE;
        if (lowCount < n) {
            signal = test(mean - lowSum / lowCount, lowCount);
        }
        if (config.twoSided() && signal != ChangeSignal.DRIFT) {
            if (mean - eps >= highLevel) {
                highCount = n;
                highSum = sum;
                highLevel = mean - eps;
            }
            if (highCount < n) {
                ChangeSignal fall = test(highSum / highCount - mean, highCount);
                if (fall.compareTo(signal) > 0) {
                    signal = fall;
                }
            }
        }
        if (signal == ChangeSignal.DRIFT) {
            restart();
        }
        return signal;
    }

    /** Tests a rise of {@code diff} of the whole mean over a prefix mean of {@code c} values. */
    private ChangeSignal test(double diff, long c) {
        if (diff <= 0.0) {
            return ChangeSignal.NONE;
        }
        double halfM = (double) (n - c) / (2.0 * c * n);
        double squared = diff * diff;
        if (squared >= halfM * lnDrift) {
            return ChangeSignal.DRIFT;
        }
        return squared >= halfM * lnWarning ? ChangeSignal.WARNING : ChangeSignal.NONE;
    }

    private void restart() {
        n = 0;
        sum = 0.0;
        lowCount = 0;
        lowSum = 0.0;
        lowLevel = Double.POSITIVE_INFINITY;
        highCount = 0;
        highSum = 0.0;
        highLevel = Double.NEGATIVE_INFINITY;
    }

    @Override
    public void reset() {
        restart();
        observations = 0;
    }

    @Override
    public long observations() {
        return observations;
    }

    /**
     * α_D: the drift test, one- or two-sided, rejects a true null hypothesis with probability at
     * most α_D (Hoeffding), and it is run once per observation. The bound is loose for 0/1 streams:
     * at the defaults we measure at most 3e-5 per observation (see {@code DetectionQualityTest}).
     */
    @Override
    public double declaredFalseAlarmRate() {
        return config.driftConfidence();
    }

    @Override
    public DetectorInput input() {
        return DetectorInput.UNIT_INTERVAL;
    }

    @Override
    public DetectorKind kind() {
        return DetectorKind.HDDM_A;
    }

    @Override
    public byte[] snapshot() {
        ByteBuffer out = DetectorSnapshot.begin(kind(), 8 + 8 + 1 + 8 * 9);
        out.putDouble(config.driftConfidence());
        out.putDouble(config.warningConfidence());
        out.put((byte) (config.twoSided() ? 1 : 0));
        out.putLong(observations);
        out.putLong(n);
        out.putDouble(sum);
        out.putLong(lowCount);
        out.putDouble(lowSum);
        out.putDouble(lowLevel);
        out.putLong(highCount);
        out.putDouble(highSum);
        out.putDouble(highLevel);
        return DetectorSnapshot.finish(out);
    }

    /** Restores a detector from {@link #snapshot()}; it continues exactly where that left off. */
    public static HddmADetector restore(byte[] snapshot) {
        ByteBuffer in = DetectorSnapshot.open(snapshot, DetectorKind.HDDM_A);
        HddmADetector detector =
                new HddmADetector(new HddmAConfig(in.getDouble(), in.getDouble(), in.get() != 0));
        detector.observations = in.getLong();
        detector.n = in.getLong();
        detector.sum = in.getDouble();
        detector.lowCount = in.getLong();
        detector.lowSum = in.getDouble();
        detector.lowLevel = in.getDouble();
        detector.highCount = in.getLong();
        detector.highSum = in.getDouble();
        detector.highLevel = in.getDouble();
        DetectorSnapshot.checkFullyRead(in);
        return detector;
    }
}
