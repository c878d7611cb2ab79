package io.driftline.events;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of a retrain trigger; JSON {@code pending | running | completed | failed | rejected
 * | resolved_manually}.
 *
 * <p>Allowed transitions: pending → running | resolved_manually; running → completed | failed |
 * rejected | resolved_manually | pending (lease expired or released for retry); failed → pending
 * (retry) | resolved_manually. Completed, rejected and resolved_manually are terminal.
 */
public enum TriggerStatus {
    PENDING,
    RUNNING,
    COMPLETED,
    FAILED,
    REJECTED,
    RESOLVED_MANUALLY;

    /** Whether a trigger in this status may move to {@code next}; no status moves to itself. */
    public boolean canTransitionTo(TriggerStatus next) {
        return next != null && successors().contains(next);
    }

    /** Whether no transition leaves this status. */
    public boolean isTerminal() {
        return successors().isEmpty();
    }

    /**
     * Whether a trigger in this status blocks a new one for the same model (pending or running).
     */
    public boolean isActive() {
        return this == PENDING || this == RUNNING;
    }

    private Set<TriggerStatus> successors() {
        return switch (this) {
            case PENDING -> EnumSet.of(RUNNING, RESOLVED_MANUALLY);
            case RUNNING -> EnumSet.of(COMPLETED, FAILED, REJECTED, RESOLVED_MANUALLY, PENDING);
            case FAILED -> EnumSet.of(PENDING, RESOLVED_MANUALLY);
            case COMPLETED, REJECTED, RESOLVED_MANUALLY -> EnumSet.noneOf(TriggerStatus.class);
        };
    }
}
