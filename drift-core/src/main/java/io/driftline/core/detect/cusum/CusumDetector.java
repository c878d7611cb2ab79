package io.driftline.core.detect.cusum;

import io.driftline.core.detect.ChangeDetector;
import io.driftline.core.detect.ChangeSignal;
import io.driftline.core.detect.DetectorInput;
import io.driftline.core.detect.DetectorKind;
import io.driftline.core.detect.DetectorSnapshot;
import java.nio.ByteBuffer;

/**
 * The CUSUM chart of E. S. Page ("Continuous Inspection Schemes", Biometrika 1954) on the raw
 * values, with its reference mean estimated from the stream.
 *
 * <p>After a (re)start the first {@code warmUp} observations only estimate the reference. From then
 * on, with μ̂ the running mean of all observations since the (re)start (before the current one),
 *
 * <pre>S_t = max(0, S_{t-1} + x_t - r_t - k),   r_t = μ̂ when S_{t-1} = 0, else r_{t-1}</pre>
 *
 * that is the reference keeps improving while the chart is at zero and is held while the sum
 * climbs, so a change that lasts is measured against the mean from before it, not against a running
 * mean that absorbs it (with a short history, a running reference catches up with a 0.1 rise before
 * S reaches h). A drift is signalled, and the detector restarts, when S_t > h; a warning when S_t >
 * h / 2. k and h are in the input's units ({@link CusumConfig}).
 *
 * <p>Direction: by default only the upper chart runs, so only increases of the mean are detected
 * (of an error rate, a loss, a latency). With {@link CusumConfig#twoSided()} the lower chart T_t =
 * max(0, T_{t-1} + r'_t - x_t - k) runs too, with its own held reference, and either chart above h
 * is a drift.
 *
 * <p>At the defaults (k = 0.05, h = 25, warm-up 500) on 0/1 error streams: a rise from 0.2 to 0.3
 * is found after 457 observations on average and one from 0.2 to 0.5 after 93 (200 seeded runs
 * each, none missed; the optimal k for 0.2 to 0.3 by the likelihood ratio is 0.048 above 0.2). The
 * standardized chart this replaced (k = 0.5σ, h = 12σ) was tuned to a shift of 1σ (0.4 at rate 0.2)
 * and missed 17 of 200 rises from 0.2 to 0.3 within 10,000 observations.
 */
public final class CusumDetector implements ChangeDetector {

    private final CusumConfig config;
    private final double warningLevel;
    private long observations;
    private long sinceRestart;
    private double total;
    private double upReference;
    private double up;
    private double downReference;
    private double down;

    /** A detector with the {@link CusumConfig#defaults()}. */
    public CusumDetector() {
        this(CusumConfig.defaults());
    }

    /** A detector with the given configuration. */
    public CusumDetector(CusumConfig config) {
        this.config = config;
        this.warningLevel = config.h() / 2.0;
    }

    /** The configuration. */
    public CusumConfig config() {
        return config;
    }

    @Override
    public ChangeSignal update(double x) {
        if (!Double.isFinite(x)) {
            DetectorInput.REAL_VALUE.check(x);
        }
        observations++;
        if (sinceRestart >= config.warmUp()) {
            double mean = total / sinceRestart;
            if (up == 0.0) {
                upReference = mean;
            }
            double next = up + x - upReference - config.k();
            up = next > 0.0 ? next : 0.0;
            if (config.twoSided()) {
                if (down == 0.0) {
                    downReference = mean;
                }
                double fall = down + downReference - x - config.k();
                down = fall > 0.0 ? fall : 0.0;
            }
        }
        sinceRestart++;
        total += x;
        double level = Math.max(up, down);
        if (level > config.h()) {
            restart();
            return ChangeSignal.DRIFT;
        }
        return level > warningLevel ? ChangeSignal.WARNING : ChangeSignal.NONE;
    }

    private void restart() {
        sinceRestart = 0;
        total = 0.0;
        upReference = 0.0;
        up = 0.0;
        downReference = 0.0;
        down = 0.0;
    }

    /** The upper chart's cumulative sum S_t, in input units. */
    public double statistic() {
        return up;
    }

    /** The lower chart's cumulative sum T_t (0 unless two-sided). */
    public double fallStatistic() {
        return down;
    }

    /** Whether the warm-up is over and the chart runs. */
    public boolean warmedUp() {
        return sinceRestart >= config.warmUp();
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
     * 1e-5 (2e-5 two-sided), calibrated at the defaults: on stationary 0/1 streams we measure 1e-6
     * per observation at error rates 0.2 and 0.5 (one alarm in 10^6 each) and none at 0.01 and 0.05
     * or on N(0.5, 0.5²) (see {@code DetectionQualityTest}). Inputs with a larger spread need a
     * larger k and h (on N(0.5, 1) the defaults alarm 5e-4 per observation).
     */
    @Override
    public double declaredFalseAlarmRate() {
        return config.twoSided() ? 2e-5 : 1e-5;
    }

    @Override
    public DetectorInput input() {
        return DetectorInput.REAL_VALUE;
    }

    @Override
    public DetectorKind kind() {
        return DetectorKind.CUSUM;
    }

    @Override
    public byte[] snapshot() {
        ByteBuffer out = DetectorSnapshot.begin(kind(), 8 + 8 + 4 + 1 + 8 * 2 + 8 * 5);
        out.putDouble(config.k());
        out.putDouble(config.h());
        out.putInt(config.warmUp());
        out.put((byte) (config.twoSided() ? 1 : 0));
        out.putLong(observations);
        out.putLong(sinceRestart);
        out.putDouble(total);
        out.putDouble(upReference);
        out.putDouble(up);
        out.putDouble(downReference);
        out.putDouble(down);
        return DetectorSnapshot.finish(out);
    }

    /**
     * Restores a detector from {@link #snapshot()}; it continues exactly where that left off.
     *
     * <p>A format version 1 snapshot holds the standardized chart this one replaced (k and h in
     * standard deviations, a running mean and variance): its parameters have no meaning in input
     * units, so it is restored as a detector with the {@link CusumConfig#defaults()} that keeps the
     * observation count and starts a fresh warm-up.
     */
    public static CusumDetector restore(byte[] snapshot) {
        ByteBuffer in = DetectorSnapshot.open(snapshot, DetectorKind.CUSUM);
        if (DetectorSnapshot.version(in) == 1) {
            // k, h (doubles), minInstances (int), observations, sinceRestart (longs), mean, m2,
            // sum (doubles)
            in.getDouble();
            in.getDouble();
            in.getInt();
            long observations = in.getLong();
            in.getLong();
            in.getDouble();
            in.getDouble();
            in.getDouble();
            DetectorSnapshot.checkFullyRead(in);
            CusumDetector detector = new CusumDetector();
            detector.observations = observations;
            return detector;
        }
        CusumDetector detector =
                new CusumDetector(
                        new CusumConfig(
                                in.getDouble(), in.getDouble(), in.getInt(), in.get() != 0));
        detector.observations = in.getLong();
        detector.sinceRestart = in.getLong();
        detector.total = in.getDouble();
        detector.upReference = in.getDouble();
        detector.up = in.getDouble();
        detector.downReference = in.getDouble();
        detector.down = in.getDouble();
        DetectorSnapshot.checkFullyRead(in);
        return detector;
    }
}
