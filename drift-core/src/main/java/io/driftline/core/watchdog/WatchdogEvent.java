package io.driftline.core.watchdog;

import java.util.Objects;

/**
 * One fact the retrain watchdog reacts to, distilled from a {@code RetrainStatus}, a {@code
 * RetrainTrigger} or a {@code DriftReport}; a record of simple types, so Flink serializes it as a
 * POJO.
 *
 * @param model the model, the watchdog's key
 * @param kind what happened
 * @param triggerId the retrain trigger, null for drift reports
 * @param ts when it happened, epoch millis: the transition time, a trigger's {@code started_at} or
 *     {@code completed_at}, a report's {@code window_end}
 * @param detail the error of a failure or the id of a drift report, nullable
 * @param attempts the trigger's attempts so far
 */
public record WatchdogEvent(
        String model, Kind kind, String triggerId, long ts, String detail, int attempts) {

    /** What happened to a model's retrain or drift state. */
    public enum Kind {
        /** A new trigger, not yet picked up. */
        CREATED,
        /** A trigger started running ({@code ts} = its start). */
        RUNNING,
        /** A retrain completed. */
        COMPLETED,
        /** A retrain failed. */
        FAILED,
        /** A trigger left running otherwise: rejected, resolved manually, or back to pending. */
        ENDED,
        /** A drift report with severity {@code drift}. */
        DRIFT,
        /** A drift report with severity {@code none} or {@code warning}. */
        NO_DRIFT
    }

    public WatchdogEvent {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(kind, "kind");
    }
}
