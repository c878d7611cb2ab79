package io.driftline.core.detect.ddm;

/**
 * Configuration of {@link DdmDetector}.
 *
 * @param warningLevel w: a warning when p + s > p_min + w s_min (default 2)
 * @param driftLevel d: a drift when p + s > p_min + d s_min (default 3)
 * @param minInstances observations after a (re)start before p_min is tracked and anything is
 *     signalled (default 30)
 */
public record DdmConfig(double warningLevel, double driftLevel, int minInstances) {

    /** Validates the values. */
    public DdmConfig {
        if (!(warningLevel > 0.0) || !Double.isFinite(warningLevel)) {
            throw new IllegalArgumentException(
                    String.format(
                            "warningLevel must be finite and > 0 but was %s; the default is 2",
                            warningLevel));
        }
        if (!(driftLevel >= warningLevel) || !Double.isFinite(driftLevel)) {
            throw new IllegalArgumentException(
                    String.format(
                            "driftLevel must be finite and >= warningLevel (%s) but was %s; the default is 3",
                            warningLevel, driftLevel));
        }
        if (minInstances < 1) {
            throw new IllegalArgumentException(
                    String.format(
                            "minInstances must be at least 1 but was %s; the default is 30",
                            minInstances));
        }
    }

    /** The defaults: warning at 2σ, drift at 3σ, after 30 observations. */
    public static DdmConfig defaults() {
        return new DdmConfig(2.0, 3.0, 30);
    }
}
