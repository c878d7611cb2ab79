package io.driftline.events;

import java.util.Objects;

/**
 * One lifecycle transition of a retrain trigger, for the watchdog (topic {@code
 * driftline.retrain-status}).
 *
 * @param triggerId the trigger
 * @param model model name
 * @param from status before the transition; null when the trigger was just created
 * @param to status after the transition
 * @param ts transition time, epoch millis
 * @param trainerId the trainer that made it, nullable
 * @param modelVersion the version produced, nullable
 * @param error the failure, nullable
 * @param attempts the trigger's attempts after the transition
 */
public record RetrainStatus(
        String triggerId,
        String model,
        TriggerStatus from,
        TriggerStatus to,
        long ts,
        String trainerId,
        Integer modelVersion,
        String error,
        int attempts) {

    public RetrainStatus {
        Objects.requireNonNull(triggerId, "triggerId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(to, "to");
    }

    /**
     * The transition from {@code before} (null for a new trigger) to {@code after}, at {@code ts}.
     */
    public static RetrainStatus of(RetrainTrigger before, RetrainTrigger after, long ts) {
        return new RetrainStatus(
                after.triggerId(),
                after.model(),
                before == null ? null : before.status(),
                after.status(),
                ts,
                after.trainerId(),
                after.modelVersion(),
                after.error(),
                after.attempts());
    }
}
