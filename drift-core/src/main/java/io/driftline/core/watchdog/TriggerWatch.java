package io.driftline.core.watchdog;

/**
 * What the watchdog remembers of one retrain trigger of a model: running since when, or settled
 * when (to ignore a stale "running" that arrives after the trigger finished).
 *
 * @param triggerId the trigger
 * @param running whether it is running
 * @param since its start while running, its settle time after
 * @param alerting whether {@code AutoRetrainLongDuration} fires for it
 */
public record TriggerWatch(String triggerId, boolean running, long since, boolean alerting) {}
