package io.driftline.operators.window;

import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.runtime.tasks.ProcessingTimeService;

/**
 * The idle-state sweep of a window stage's {@link WindowParts}: one processing-time timer, armed
 * while there are parts, that drops the detectors of keys not seen for the idle TTL. Once an hour
 * at most (activity is kept to the hour), so its cost does not depend on the traffic.
 */
final class IdleExpiry {

    private static final long HOUR = 3_600_000L;

    private final ProcessingTimeService time;
    private final WindowParts parts;
    private final long idleTtl;
    private final Counter expired;
    private boolean armed;

    IdleExpiry(ProcessingTimeService time, WindowParts parts, long idleTtl, Counter expired) {
        this.time = time;
        this.parts = parts;
        this.idleTtl = idleTtl;
        this.expired = expired;
    }

    /** Makes sure a sweep is due while there is something to expire. */
    void arm() {
        if (!armed && !parts.isEmpty()) {
            armed = true;
            time.registerTimer(
                    time.getCurrentProcessingTime() + Math.min(HOUR, idleTtl), this::sweep);
        }
    }

    private void sweep(long now) {
        armed = false;
        expired.inc(parts.expireIdle(now, idleTtl));
        arm();
    }
}
