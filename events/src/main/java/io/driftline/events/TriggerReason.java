package io.driftline.events;

/** Why a retrain was triggered; JSON {@code drift | performance | schedule | manual}. */
public enum TriggerReason {
    DRIFT,
    PERFORMANCE,
    SCHEDULE,
    MANUAL
}
