package io.driftline.core.metrics;

import java.util.Arrays;

/**
 * A metric series' own trailing baseline: an exponentially weighted mean and variance of its
 * earlier window values ({@link #WEIGHT} on the newest), how many windows it has seen and when it
 * last had samples. A window more than {@code zThreshold} standard deviations away that also moves
 * the value by {@link #MIN_RELATIVE_CHANGE} of the mean is an anomaly.
 *
 * <p>It wraps the array kept in keyed state, layout {@code [windows seen (-1 before the first
 * window closed), mean, variance, end of the last window with samples]}; arrays of three (written
 * before the last field existed) are still read.
 */
public final class SeriesBaseline {

    /** Weight of the newest window in the trailing baseline. */
    public static final double WEIGHT = 0.2;

    /** A baseline anomaly must also move the value by this share of the baseline mean. */
    public static final double MIN_RELATIVE_CHANGE = 0.2;

    private static final double UNSEEN = -1;

    private double[] b;

    private SeriesBaseline(double[] state) {
        this.b = state;
    }

    /** The baseline of a series admitted now, whose first window has not closed yet. */
    public static double[] unseen() {
        return new double[] {UNSEEN, 0, 0};
    }

    /** The baseline held in {@code state}, or a fresh one for {@code null}. */
    public static SeriesBaseline of(double[] state) {
        return new SeriesBaseline(state == null ? unseen() : state);
    }

    /** Whether the first window of the series has closed. */
    public boolean seen() {
        return b[0] != UNSEEN;
    }

    /**
     * Whether {@code value} is an anomaly against this baseline: it needs {@code minWindows}
     * earlier windows, and both a z-score past {@code zThreshold} and a change that matters (a
     * steady gauge has a tiny variance, so z alone flags harmless wobbles).
     */
    public boolean isAnomalous(double value, int minWindows, double zThreshold) {
        if (!seen() || b[0] < minWindows) {
            return false;
        }
        double z = Math.abs(value - b[1]) / Math.sqrt(b[2] + 1e-12 + 1e-6 * b[1] * b[1]);
        return z > zThreshold && Math.abs(value - b[1]) > MIN_RELATIVE_CHANGE * Math.abs(b[1]);
    }

    /** Takes in the value of the window ending at {@code windowEnd}. */
    public SeriesBaseline update(double value, long windowEnd) {
        if (!seen()) {
            b = new double[] {0, value, 0, 0};
        }
        double delta = value / 2 - b[1] / 2;
        b[1] = SeriesWindow.clamp(b[1] + 2 * WEIGHT * delta);
        b[2] = SeriesWindow.clamp((1 - WEIGHT) * (b[2] + WEIGHT * 4 * delta * delta));
        b[0]++;
        if (b.length < 4) {
            b = Arrays.copyOf(b, 4); // a baseline from before last-seen was kept
        }
        b[3] = windowEnd;
        return this;
    }

    /** Whether the series had no samples for over {@code idleMillis} before {@code windowEnd}. */
    public boolean idleAt(long windowEnd, long idleMillis) {
        return seen() && b.length >= 4 && windowEnd - b[3] > idleMillis;
    }

    public double mean() {
        return b[1];
    }

    /** The state array to store. */
    public double[] state() {
        return b;
    }
}
