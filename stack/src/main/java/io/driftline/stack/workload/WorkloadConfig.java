package io.driftline.stack.workload;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.time.Duration;

/**
 * Settings of the synthetic workload: how fast it produces, when the drift starts, and how much of
 * the traffic is deliberately malformed (to exercise the dead-letter path).
 *
 * @param rate feedback events per second, all models together
 * @param driftAt when the injected drift starts, from the producer's start; null for none
 * @param invalidRate share of records that are malformed on purpose
 * @param lateOutcomeRate share of predictions whose outcome arrives later, in a second event
 * @param seed random seed, so a run can be repeated
 */
public record WorkloadConfig(
        double rate, Duration driftAt, double invalidRate, double lateOutcomeRate, long seed) {

    public WorkloadConfig {
        checkArgument(rate > 0 && rate <= 100_000, "rate must be in (0, 100000], got %s", rate);
        checkArgument(
                invalidRate >= 0 && invalidRate <= 1,
                "invalid rate must be in [0,1], got %s",
                invalidRate);
        checkArgument(
                lateOutcomeRate >= 0 && lateOutcomeRate <= 1,
                "late outcome rate must be in [0,1], got %s",
                lateOutcomeRate);
        checkArgument(driftAt == null || !driftAt.isNegative(), "drift-at must not be negative");
    }

    public boolean driftEnabled() {
        return driftAt != null;
    }
}
