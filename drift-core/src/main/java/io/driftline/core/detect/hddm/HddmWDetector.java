package io.driftline.core.detect.hddm;

import io.driftline.core.detect.ChangeDetector;
import io.driftline.core.detect.ChangeSignal;
import io.driftline.core.detect.DetectorInput;
import io.driftline.core.detect.DetectorKind;
import io.driftline.core.detect.DetectorSnapshot;
import java.nio.ByteBuffer;

/**
 * HDDM-W, the drift detector based on McDiarmid's bound with exponentially weighted moving averages
 * of Frías-Blanco et al. ("Online and Non-Parametric Drift Detection Methods Based on Hoeffding's
 * Bounds", IEEE TKDE 27(3), 2015).
 *
 * <p>Every average is an EWMA with weight λ on the newest value, and carries the sum of its squared
 * weights D (D ← λ² + (1 - λ)² D), which gives McDiarmid's bound ε = sqrt(D/2 · ln(1/α)). The
 * detector keeps the EWMA of the whole stream since the last (re)start; the cut point is where that
 * EWMA plus its ε(α_D) was smallest, and a second EWMA runs over the values since the cut point.
 *
 * <ul>
 *   <li>One-sided (the default): a rise is significant at level α when the second EWMA exceeds the
 *       cut point's by more than sqrt((D_1 + D_2)/2 · ln(1/α)), McDiarmid's one-sided bound.
 *   <li>Two-sided ({@link HddmWConfig#twoSided()}): a mirrored cut point (where the EWMA minus its
 *       ε was largest) tracks falls, and either difference is significant at level α when it
 *       exceeds sqrt((D_1 + D_2)/2 · ln(2/α)), the two-sided bound (each side at α/2). Before this
 *       was fixed each side used ln(1/α), a two-sided test at level 2α.
 * </ul>
 *
 * <p>At α_D the detector signals a drift and restarts, at α_W a warning. The one-sided mode is the
 * reference implementation's (MOA's {@code HDDM_W_Test}, river's port), which uses ln(1/α).
 *
 * <p>Input: values in [0, 1], usually a 0/1 error stream.
 */
public final class HddmWDetector implements ChangeDetector {

    private final HddmWConfig config;
    private final double lambda;
    private final double decay;
    private final double lambdaSquared;
    private final double decaySquared;
    private final double lnCut;
    private final double lnDrift;
    private final double lnWarning;
    private long observations;
    private boolean started;
    private double totalEwma;
    private double totalWeights;
    // Rise monitoring: the cut point's EWMA and weights, then the EWMA since the cut.
    private double lowLevel;
    private double lowEwma;
    private double lowWeights;
    private boolean afterLowStarted;
    private double afterLowEwma;
    private double afterLowWeights;
    // Fall monitoring (two-sided only), mirrored.
    private double highLevel;
    private double highEwma;
    private double highWeights;
    private boolean afterHighStarted;
    private double afterHighEwma;
    private double afterHighWeights;

    /** A detector with the {@link HddmWConfig#defaults()}. */
    public HddmWDetector() {
        this(HddmWConfig.defaults());
    }

    /** A detector with the given configuration. */
    public HddmWDetector(HddmWConfig config) {
        this.config = config;
        this.lambda = config.lambda();
        this.decay = 1.0 - config.lambda();
        this.lambdaSquared = lambda * lambda;
        this.decaySquared = decay * decay;
        double sides = config.twoSided() ? 2.0 : 1.0;
        this.lnCut = Math.log(1.0 / config.driftConfidence());
        this.lnDrift = Math.log(sides / config.driftConfidence());
        this.lnWarning = Math.log(sides / config.warningConfidence());
        restart();
    }

    /** The configuration. */
    public HddmWConfig config() {
        return config;
    }

    @Override
    public ChangeSignal update(double x) {
        if (!(x >= 0.0 && x <= 1.0)) {
            DetectorInput.UNIT_INTERVAL.check(x);
        }
        observations++;
        if (started) {
            totalEwma = lambda * x + decay * totalEwma;
            totalWeights = lambdaSquared + decaySquared * totalWeights;
        } else {
            started = true;
            totalEwma = x;
            totalWeights = 1.0;
        }
        double eps = Math.sqrt(totalWeights * 0.5 * lnCut);

        if (totalEwma + eps < lowLevel) {
            lowLevel = totalEwma + eps;
            lowEwma = totalEwma;
            lowWeights = totalWeights;
            afterLowStarted = false;
        } else if (afterLowStarted) {
            afterLowEwma = lambda * x + decay * afterLowEwma;
            afterLowWeights = lambdaSquared + decaySquared * afterLowWeights;
        } else {
            afterLowStarted = true;
            afterLowEwma = x;
            afterLowWeights = 1.0;
        }
        ChangeSignal signal = ChangeSignal.NONE;
        if (afterLowStarted) {
            signal = test(afterLowEwma - lowEwma, lowWeights + afterLowWeights);
        }

        if (config.twoSided()) {
            if (totalEwma - eps > highLevel) {
                highLevel = totalEwma - eps;
                highEwma = totalEwma;
                highWeights = totalWeights;
                afterHighStarted = false;
            } else if (afterHighStarted) {
                afterHighEwma = lambda * x + decay * afterHighEwma;
                afterHighWeights = lambdaSquared + decaySquared * afterHighWeights;
            } else {
                afterHighStarted = true;
                afterHighEwma = x;
                afterHighWeights = 1.0;
            }
            if (afterHighStarted) {
                ChangeSignal fall = test(highEwma - afterHighEwma, highWeights + afterHighWeights);
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

    private ChangeSignal test(double diff, double weights) {
        if (diff <= 0.0) {
            return ChangeSignal.NONE;
        }
        double squared = diff * diff;
        double half = 0.5 * weights;
        if (squared > half * lnDrift) {
            return ChangeSignal.DRIFT;
        }
        return squared > half * lnWarning ? ChangeSignal.WARNING : ChangeSignal.NONE;
    }

    private void restart() {
        started = false;
        totalEwma = 0.0;
        totalWeights = 0.0;
        lowLevel = Double.POSITIVE_INFINITY;
        lowEwma = 0.0;
        lowWeights = 0.0;
        afterLowStarted = false;
        afterLowEwma = 0.0;
        afterLowWeights = 0.0;
        highLevel = Double.NEGATIVE_INFINITY;
        highEwma = 0.0;
        highWeights = 0.0;
        afterHighStarted = false;
        afterHighEwma = 0.0;
        afterHighWeights = 0.0;
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
     * most α_D (McDiarmid), and it is run once per observation. At the defaults we measure up to
     * 7.8e-4 per observation on stationary 0/1 streams of rate 0.5, close to the bound (see {@code
     * DetectionQualityTest}).
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
        return DetectorKind.HDDM_W;
    }

    @Override
    public byte[] snapshot() {
        ByteBuffer out = DetectorSnapshot.begin(kind(), 8 * 3 + 1 + 8 + 3 + 8 * 12);
        out.putDouble(config.driftConfidence());
        out.putDouble(config.warningConfidence());
        out.putDouble(config.lambda());
        out.put((byte) (config.twoSided() ? 1 : 0));
        out.putLong(observations);
        out.put((byte) (started ? 1 : 0));
        out.put((byte) (afterLowStarted ? 1 : 0));
        out.put((byte) (afterHighStarted ? 1 : 0));
        out.putDouble(totalEwma);
        out.putDouble(totalWeights);
        out.putDouble(lowLevel);
        out.putDouble(lowEwma);
        out.putDouble(lowWeights);
        out.putDouble(afterLowEwma);
        out.putDouble(afterLowWeights);
        out.putDouble(highLevel);
        out.putDouble(highEwma);
        out.putDouble(highWeights);
        out.putDouble(afterHighEwma);
        out.putDouble(afterHighWeights);
        return DetectorSnapshot.finish(out);
    }

    /** Restores a detector from {@link #snapshot()}; it continues exactly where that left off. */
    public static HddmWDetector restore(byte[] snapshot) {
        ByteBuffer in = DetectorSnapshot.open(snapshot, DetectorKind.HDDM_W);
        HddmWDetector detector =
                new HddmWDetector(
                        new HddmWConfig(
                                in.getDouble(), in.getDouble(), in.getDouble(), in.get() != 0));
        detector.observations = in.getLong();
        detector.started = in.get() != 0;
        detector.afterLowStarted = in.get() != 0;
        detector.afterHighStarted = in.get() != 0;
        detector.totalEwma = in.getDouble();
        detector.totalWeights = in.getDouble();
        detector.lowLevel = in.getDouble();
        detector.lowEwma = in.getDouble();
        detector.lowWeights = in.getDouble();
        detector.afterLowEwma = in.getDouble();
        detector.afterLowWeights = in.getDouble();
        detector.highLevel = in.getDouble();
        detector.highEwma = in.getDouble();
        detector.highWeights = in.getDouble();
        detector.afterHighEwma = in.getDouble();
        detector.afterHighWeights = in.getDouble();
        DetectorSnapshot.checkFullyRead(in);
        return detector;
    }
}
