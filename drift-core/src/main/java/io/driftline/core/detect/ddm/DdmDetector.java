package io.driftline.core.detect.ddm;

import io.driftline.core.detect.ChangeDetector;
import io.driftline.core.detect.ChangeSignal;
import io.driftline.core.detect.DetectorInput;
import io.driftline.core.detect.DetectorKind;
import io.driftline.core.detect.DetectorSnapshot;
import java.nio.ByteBuffer;

/**
 * DDM, the drift detection method of Gama, Medas, Castillo and Rodrigues ("Learning with Drift
 * Detection", SBIA 2004): the error rate p_i since the last (re)start and its binomial standard
 * deviation s_i = sqrt(p_i (1 - p_i) / i) are tracked from the {@code minInstances}-th observation
 * on, with the point where p_i + s_i was smallest (p_min, s_min; updated first, on p_i + s_i ≤
 * p_min + s_min). A warning is signalled when p_i + s_i > p_min + w s_min and a drift, after which
 * the detector restarts, when p_i + s_i > p_min + d s_min (w = 2, d = 3 by default: {@link
 * DdmConfig}); nothing is signalled before {@code minInstances} observations.
 *
 * <p>Input: a 0/1 error stream (1 = the prediction was wrong). Direction: increases of the error
 * rate only, by construction: a falling rate lowers p_i + s_i, which only moves the minimum, so
 * there is no two-sided option (the paper has none).
 */
public final class DdmDetector implements ChangeDetector {

    private final DdmConfig config;
    private long observations;
    private long sinceRestart;
    private long errors;
    private double minP;
    private double minS;
    private double minPs;

    /** A detector with the {@link DdmConfig#defaults()}. */
    public DdmDetector() {
        this(DdmConfig.defaults());
    }

    /** A detector with the given configuration. */
    public DdmDetector(DdmConfig config) {
        this.config = config;
        restart();
    }

    /** The configuration. */
    public DdmConfig config() {
        return config;
    }

    @Override
    public ChangeSignal update(double x) {
        if (x != 0.0 && x != 1.0) {
            DetectorInput.ERROR_INDICATOR.check(x);
        }
        observations++;
        sinceRestart++;
        if (x == 1.0) {
            errors++;
        }
        if (sinceRestart < config.minInstances()) {
            return ChangeSignal.NONE;
        }
        double n = sinceRestart;
        double p = errors / n;
        double s = Math.sqrt(p * (1.0 - p) / n);
        double ps = p + s;
        if (ps <= minPs) {
            minP = p;
            minS = s;
            minPs = ps;
        }
        if (ps > minP + config.driftLevel() * minS) {
            restart();
            return ChangeSignal.DRIFT;
        }
        if (ps > minP + config.warningLevel() * minS) {
            return ChangeSignal.WARNING;
        }
        return ChangeSignal.NONE;
    }

    private void restart() {
        sinceRestart = 0;
        errors = 0;
        minP = Double.POSITIVE_INFINITY;
        minS = Double.POSITIVE_INFINITY;
        minPs = Double.POSITIVE_INFINITY;
    }

    /** The error rate since the last (re)start. */
    public double errorRate() {
        return sinceRestart == 0 ? 0.0 : (double) errors / sinceRestart;
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
     * 5e-4, calibrated at the defaults: on stationary 0/1 streams we measure 3.5e-4 per observation
     * at error rate 0.01, 7.3e-5 at 0.05, 2.8e-5 at 0.2 and 8e-6 at 0.5 (see {@code
     * DetectionQualityTest}); the 3σ rule has no exact level because p_min is the minimum over the
     * whole history.
     */
    @Override
    public double declaredFalseAlarmRate() {
        return 5e-4;
    }

    @Override
    public DetectorInput input() {
        return DetectorInput.ERROR_INDICATOR;
    }

    @Override
    public DetectorKind kind() {
        return DetectorKind.DDM;
    }

    @Override
    public byte[] snapshot() {
        ByteBuffer out = DetectorSnapshot.begin(kind(), 8 + 8 + 4 + 8 * 3 + 8 * 3);
        out.putDouble(config.warningLevel());
        out.putDouble(config.driftLevel());
        out.putInt(config.minInstances());
        out.putLong(observations);
        out.putLong(sinceRestart);
        out.putLong(errors);
        out.putDouble(minP);
        out.putDouble(minS);
        out.putDouble(minPs);
        return DetectorSnapshot.finish(out);
    }

    /** Restores a detector from {@link #snapshot()}; it continues exactly where that left off. */
    public static DdmDetector restore(byte[] snapshot) {
        ByteBuffer in = DetectorSnapshot.open(snapshot, DetectorKind.DDM);
        DdmDetector detector =
                new DdmDetector(new DdmConfig(in.getDouble(), in.getDouble(), in.getInt()));
        detector.observations = in.getLong();
        detector.sinceRestart = in.getLong();
        detector.errors = in.getLong();
        detector.minP = in.getDouble();
        detector.minS = in.getDouble();
        detector.minPs = in.getDouble();
        DetectorSnapshot.checkFullyRead(in);
        return detector;
    }
}
