package io.driftline.core.detect;

/** The kind of values a change detector expects as its input stream, with the check for it. */
public enum DetectorInput {
    /** A 0/1 stream: 1 when the model's prediction was wrong, 0 when it was right. */
    ERROR_INDICATOR {
        @Override
        public void check(double x) {
            if (x != 0.0 && x != 1.0) {
                throw new IllegalArgumentException(
                        String.format("Expected an error indicator 0 or 1 but got %s", x));
            }
        }
    },
    /** Values in [0, 1]: error indicators, or per-event losses scaled to [0, 1]. */
    UNIT_INTERVAL {
        @Override
        public void check(double x) {
            if (!(x >= 0.0 && x <= 1.0)) {
                throw new IllegalArgumentException(
                        String.format("Expected a value in [0, 1] but got %s", x));
            }
        }
    },
    /** Any finite real value, e.g. a loss, a latency or a feature value. */
    REAL_VALUE {
        @Override
        public void check(double x) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException(
                        String.format("Expected a finite value but got %s", x));
            }
        }
    };

    /** Throws {@link IllegalArgumentException} unless {@code x} is a valid value of this input. */
    public abstract void check(double x);
}
