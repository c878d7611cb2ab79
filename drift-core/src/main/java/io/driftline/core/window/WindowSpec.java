package io.driftline.core.window;

import java.io.Serializable;
import java.time.Duration;

/**
 * Event-time windows of a drift job: tumbling when {@code slide == size}, sliding otherwise; a
 * window {@code [start, start + size)} is evaluated when the watermark passes its end and kept
 * {@code allowedLateness} longer, during which late events and late outcomes still update it (and
 * its report is re-emitted).
 */
public record WindowSpec(long sizeMillis, long slideMillis, long allowedLatenessMillis)
        implements Serializable {

    public WindowSpec {
        if (sizeMillis <= 0 || slideMillis <= 0 || allowedLatenessMillis < 0) {
            throw new IllegalArgumentException(
                    "window size and slide must be positive and lateness not negative, got size "
                            + sizeMillis
                            + " ms, slide "
                            + slideMillis
                            + " ms, lateness "
                            + allowedLatenessMillis
                            + " ms");
        }
        if (slideMillis > sizeMillis || sizeMillis % slideMillis != 0) {
            throw new IllegalArgumentException(
                    "the window size must be a multiple of the slide (size "
                            + sizeMillis
                            + " ms, slide "
                            + slideMillis
                            + " ms)");
        }
        if (sizeMillis / slideMillis > 60) {
            throw new IllegalArgumentException(
                    "at most 60 overlapping windows (size / slide), got "
                            + sizeMillis / slideMillis);
        }
    }

    public static WindowSpec tumbling(Duration size, Duration allowedLateness) {
        return new WindowSpec(size.toMillis(), size.toMillis(), allowedLateness.toMillis());
    }

    public static WindowSpec sliding(Duration size, Duration slide, Duration allowedLateness) {
        return new WindowSpec(size.toMillis(), slide.toMillis(), allowedLateness.toMillis());
    }

    /** Start of the last window containing {@code ts}. */
    public long lastStart(long ts) {
        return Math.floorDiv(ts, slideMillis) * slideMillis;
    }

    /** Number of windows every timestamp falls into. */
    public int windowsPerElement() {
        return (int) (sizeMillis / slideMillis);
    }

    /** Start of the {@code i}-th window (0 = the last one) containing {@code ts}. */
    public long start(long ts, int i) {
        return lastStart(ts) - i * slideMillis;
    }

    public long end(long start) {
        return start + sizeMillis;
    }

    /** The time after which a window's state is dropped and late data no longer counts. */
    public long cleanupTime(long start) {
        return end(start) + allowedLatenessMillis;
    }
}
