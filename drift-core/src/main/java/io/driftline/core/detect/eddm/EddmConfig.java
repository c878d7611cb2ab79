package io.driftline.core.detect.eddm;

/**
 * Configuration of {@link EddmDetector}.
 *
 * @param warningRatio α: warning when (p' + 2s') / (p'_max + 2s'_max) falls below it (default 0.95)
 * @param driftRatio β: drift when the ratio falls below it (default 0.90)
 * @param minErrors errors after a (re)start before any signal (default 30)
 */
public record EddmConfig(double warningRatio, double driftRatio, int minErrors) {

    /** Validates the values. */
    public EddmConfig {
        if (!(warningRatio > 0.0 && warningRatio < 1.0)) {
            throw new IllegalArgumentException(
                    String.format(
                            "warningRatio must be in (0, 1) but was %s; the default is 0.95",
                            warningRatio));
        }
        if (!(driftRatio > 0.0 && driftRatio <= warningRatio)) {
            throw new IllegalArgumentException(
                    String.format(
                            "driftRatio must be in (0, warningRatio = %s] but was %s; the default is 0.90",
                            warningRatio, driftRatio));
        }
        if (minErrors < 2) {
            throw new IllegalArgumentException(
                    String.format(
                            "minErrors must be at least 2 but was %s; the default is 30",
                            minErrors));
        }
    }

    /** The defaults: α = 0.95, β = 0.90, after 30 errors. */
    public static EddmConfig defaults() {
        return new EddmConfig(0.95, 0.90, 30);
    }
}
