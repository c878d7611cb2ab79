package io.driftline.core.metrics;

/**
 * One metric series within one event-time window, in constant space: sample count, running mean,
 * first and last value with their times. Its {@link #value(String) value} is the gauge's mean, or a
 * {@code _total} counter's per-second rate.
 *
 * <p>It wraps the array kept in keyed state, layout {@code [count, mean, first value, last value,
 * first ts, last ts, name length]}, so the state format does not change.
 */
public final class SeriesWindow {

    private final double[] s;

    private SeriesWindow(double[] state) {
        this.s = state;
    }

    /** An empty window whose first sample is {@code value} at {@code ts}. */
    public static SeriesWindow start(String metricName, double value, long ts) {
        return new SeriesWindow(new double[] {0, 0, value, value, ts, ts, metricName.length()});
    }

    /** The window held in {@code state} (not copied: {@link #add} updates it). */
    public static SeriesWindow of(double[] state) {
        return new SeriesWindow(state);
    }

    /** Adds one sample. */
    public SeriesWindow add(double value, long ts) {
        s[0]++;
        s[1] = runningMean(s[1], value, s[0]);
        if (ts < s[4]) {
            s[2] = value;
            s[4] = ts;
        }
        if (ts >= s[5]) {
            s[3] = value;
            s[5] = ts;
        }
        return this;
    }

    public long count() {
        return (long) s[0];
    }

    /** A counter's per-second rate over the window, or a gauge's mean; always finite. */
    public double value(String metricName) {
        if (metricName.endsWith("_total")) {
            double seconds = Math.max(1e-3, (s[5] - s[4]) / 1000.0);
            return s[0] < 2 ? 0 : clamp(Math.max(0, s[3] / 2 - s[2] / 2) * 2 / seconds);
        }
        return s[1];
    }

    /** The state array (the same instance, updated in place). */
    public double[] state() {
        return s;
    }

    /**
     * The mean after adding {@code value} as the {@code n}-th sample, without overflow: halves keep
     * {@code value - mean} finite for any two finite doubles (-1e308 after 1e308 included).
     */
    public static double runningMean(double mean, double value, double n) {
        double next = mean + 2 * ((value / 2 - mean / 2) / n);
        return clamp(next);
    }

    /** Finite: an infinity becomes the largest double of its sign; NaN stays NaN. */
    static double clamp(double x) {
        return Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, x));
    }
}
