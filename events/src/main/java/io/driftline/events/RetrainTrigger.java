package io.driftline.events;

import java.util.Locale;
import java.util.Objects;

/**
 * A decision to retrain a model, with its evidence and its lifecycle state (topic {@code
 * driftline.retrain-triggers}, MongoDB {@code retraining_triggers}).
 *
 * @param triggerId deterministic id, see {@link #deterministicId}
 * @param model model name
 * @param reason why the retrain was triggered
 * @param severity the severity that fired it
 * @param evidence the reports and statistics behind it; {@link Evidence#EMPTY} when null
 * @param triggeredAt decision time, epoch millis
 * @param force whether to retrain even when a trigger is active or the model is in cooldown
 * @param status lifecycle status
 * @param attempts how many times a trainer has started it
 * @param error the last failure, nullable
 * @param leaseUntil end of the current trainer's claim, epoch millis, nullable
 * @param trainerId the trainer holding or last holding the claim, nullable
 * @param startedAt when the current or last attempt started, epoch millis, nullable
 * @param completedAt when it reached completed, failed, rejected or resolved_manually, nullable
 * @param modelVersion the version it produced, nullable
 */
public record RetrainTrigger(
        String triggerId,
        String model,
        TriggerReason reason,
        Severity severity,
        Evidence evidence,
        long triggeredAt,
        boolean force,
        TriggerStatus status,
        int attempts,
        String error,
        Long leaseUntil,
        String trainerId,
        Long startedAt,
        Long completedAt,
        Integer modelVersion) {

    /** Longest {@code error} kept by {@link #withError}, in chars. */
    public static final int MAX_ERROR_CHARS = 1024;

    public RetrainTrigger {
        Objects.requireNonNull(triggerId, "triggerId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(status, "status");
        evidence = evidence == null ? Evidence.EMPTY : evidence;
    }

    /**
     * A stable, readable trigger id, {@code model-reason-windowEnd} (e.g. {@code
     * fraud.v2-drift-1700000000000}); a replay of the same window gives the same id, so writes of a
     * trigger are idempotent. The last two parts never contain {@code -}, so the id parses back
     * unambiguously from the right.
     *
     * @throws IllegalArgumentException if {@code windowEnd} is negative
     */
    public static String deterministicId(String model, long windowEnd, TriggerReason reason) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(reason, "reason");
        if (windowEnd < 0) {
            throw new IllegalArgumentException("windowEnd must be >= 0, got " + windowEnd);
        }
        return model + "-" + reason.name().toLowerCase(Locale.ROOT) + "-" + windowEnd;
    }

    /**
     * A new pending trigger with its {@link #deterministicId}.
     *
     * @param windowEnd end of the window (or schedule slot, or request time) that caused it
     */
    public static RetrainTrigger pending(
            String model,
            long windowEnd,
            TriggerReason reason,
            Severity severity,
            Evidence evidence,
            long triggeredAt,
            boolean force) {
        return fresh(
                deterministicId(model, windowEnd, reason),
                model,
                reason,
                severity,
                evidence,
                triggeredAt,
                force,
                TriggerStatus.PENDING);
    }

    /**
     * The same trigger (id, model, reason, evidence, force) as a fresh pending one: no attempts,
     * lease, trainer, times, error or produced version. How a store takes in a delivered trigger.
     */
    public RetrainTrigger asPending() {
        return inStatus(TriggerStatus.PENDING);
    }

    /** The same request in {@code status}, with no lifecycle fields: for stores and tests. */
    public RetrainTrigger inStatus(TriggerStatus status) {
        return fresh(triggerId, model, reason, severity, evidence, triggeredAt, force, status);
    }

    private static RetrainTrigger fresh(
            String triggerId,
            String model,
            TriggerReason reason,
            Severity severity,
            Evidence evidence,
            long triggeredAt,
            boolean force,
            TriggerStatus status) {
        return new RetrainTrigger(
                triggerId,
                model,
                reason,
                severity,
                evidence,
                triggeredAt,
                force,
                status,
                0,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /**
     * This trigger moved to {@code next} at {@code now}. To running: {@code attempts} + 1, {@code
     * startedAt} = now, {@code completedAt} and {@code error} cleared. To pending: lease and
     * trainer cleared. To completed, failed, rejected or resolved_manually: {@code completedAt} =
     * now, lease cleared. Other fields are kept; set them with {@link #withClaim}, {@link
     * #withError} and {@link #withModelVersion}.
     *
     * @throws IllegalStateException if the transition is not allowed (the message names both)
     */
    public RetrainTrigger withStatus(TriggerStatus next, long now) {
        Objects.requireNonNull(next, "next");
        if (!status.canTransitionTo(next)) {
            throw new IllegalStateException(
                    "illegal trigger transition "
                            + status.name().toLowerCase(Locale.ROOT)
                            + " -> "
                            + next.name().toLowerCase(Locale.ROOT)
                            + " for trigger "
                            + triggerId);
        }
        int nextAttempts = attempts;
        String nextError = error;
        Long nextLease = leaseUntil;
        String nextTrainer = trainerId;
        Long nextStarted = startedAt;
        Long nextCompleted = completedAt;
        switch (next) {
            case RUNNING -> {
                nextAttempts++;
                nextStarted = now;
                nextCompleted = null;
                nextError = null;
            }
            case PENDING -> {
                nextLease = null;
                nextTrainer = null;
            }
            default -> {
                nextCompleted = now;
                nextLease = null;
            }
        }
        return new RetrainTrigger(
                triggerId,
                model,
                reason,
                severity,
                evidence,
                triggeredAt,
                force,
                next,
                nextAttempts,
                nextError,
                nextLease,
                nextTrainer,
                nextStarted,
                nextCompleted,
                modelVersion);
    }

    /** This trigger with its claim held by {@code trainer} until {@code leaseUntil}. */
    public RetrainTrigger withClaim(String trainer, long leaseUntil) {
        return new RetrainTrigger(
                triggerId,
                model,
                reason,
                severity,
                evidence,
                triggeredAt,
                force,
                status,
                attempts,
                error,
                leaseUntil,
                trainer,
                startedAt,
                completedAt,
                modelVersion);
    }

    /**
     * This trigger with {@code error} as its last failure, cut to {@link #MAX_ERROR_CHARS} so that
     * a long exception message cannot make the trigger exceed a consumer's string limit.
     */
    public RetrainTrigger withError(String error) {
        if (error != null && error.length() > MAX_ERROR_CHARS) {
            error = error.substring(0, MAX_ERROR_CHARS);
        }
        return new RetrainTrigger(
                triggerId,
                model,
                reason,
                severity,
                evidence,
                triggeredAt,
                force,
                status,
                attempts,
                error,
                leaseUntil,
                trainerId,
                startedAt,
                completedAt,
                modelVersion);
    }

    /** This trigger with the model version it produced. */
    public RetrainTrigger withModelVersion(int version) {
        return new RetrainTrigger(
                triggerId,
                model,
                reason,
                severity,
                evidence,
                triggeredAt,
                force,
                status,
                attempts,
                error,
                leaseUntil,
                trainerId,
                startedAt,
                completedAt,
                version);
    }
}
