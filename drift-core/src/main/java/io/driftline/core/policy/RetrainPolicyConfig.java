package io.driftline.core.policy;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

/**
 * When drift becomes a retrain: hysteresis, evidence size, cooldown, and optional schedules.
 *
 * @param consecutiveWindows drifted windows in a row needed for a trigger (K)
 * @param minSamples windows with fewer events neither count nor break a streak
 * @param cooldown minimum event time between two triggers of a model (manual ones excepted)
 * @param schedules per-model retrain interval (e.g. weekly), independent of drift
 * @param pendingTimeout a trigger with no status for this long is presumed lost and no longer
 *     blocks new ones (the watchdog alerts on it)
 * @param detectorTriggers a change detector's DRIFT on a model's error stream raises a trigger by
 *     itself, at the end of the window it fell in, without waiting for {@code consecutiveWindows}
 *     (cooldown and dedup still apply)
 */
public record RetrainPolicyConfig(
        int consecutiveWindows,
        long minSamples,
        Duration cooldown,
        Map<String, Duration> schedules,
        Duration pendingTimeout,
        boolean detectorTriggers)
        implements Serializable {

    /** A policy whose detectors do not raise triggers by themselves. */
    public RetrainPolicyConfig(
            int consecutiveWindows,
            long minSamples,
            Duration cooldown,
            Map<String, Duration> schedules,
            Duration pendingTimeout) {
        this(consecutiveWindows, minSamples, cooldown, schedules, pendingTimeout, false);
    }

    public RetrainPolicyConfig {
        if (consecutiveWindows < 1) {
            throw new IllegalArgumentException(
                    "consecutive windows must be >= 1, got " + consecutiveWindows);
        }
        if (minSamples < 0 || cooldown.isNegative() || pendingTimeout.isNegative()) {
            throw new IllegalArgumentException(
                    "minimum samples, cooldown and pending timeout must not be negative");
        }
        schedules = Map.copyOf(schedules);
        schedules.forEach(
                (model, interval) -> {
                    if (interval.isZero() || interval.isNegative()) {
                        throw new IllegalArgumentException(
                                "schedule for " + model + " must be positive, got " + interval);
                    }
                });
    }

    /**
     * K = 2, 100 events, 1 h cooldown, no schedules, 24 h pending timeout, no detector fast path.
     */
    public static RetrainPolicyConfig defaults() {
        return new RetrainPolicyConfig(2, 100, Duration.ofHours(1), Map.of(), Duration.ofHours(24));
    }
}
