package io.driftline.core.policy;

/**
 * What the policy remembers about one model (a record of plain fields: Flink's POJO serializer).
 *
 * @param consecutive drifted windows in a row so far
 * @param streakReportIds the reports of the current streak, oldest first
 * @param streakReason {@code drift} or {@code performance}: the reason of the latest drifted window
 * @param lastWindowEnd end of the newest window seen (older or repeated reports do not count again)
 * @param lastTriggerAt event time of the latest trigger (for the cooldown); {@code Long.MIN_VALUE}
 *     if none
 * @param activeTriggerId the trigger pending or running, if any
 * @param activeSince event time the active trigger was issued or last changed status
 * @param nextScheduledAt processing time of the next scheduled retrain; 0 if none
 */
public record PolicyState(
        int consecutive,
        String[] streakReportIds,
        String streakReason,
        long lastWindowEnd,
        long lastTriggerAt,
        String activeTriggerId,
        long activeSince,
        long nextScheduledAt) {

    public static PolicyState initial() {
        return new PolicyState(0, new String[0], null, Long.MIN_VALUE, Long.MIN_VALUE, null, 0, 0);
    }

    PolicyState withStreak(int count, String[] ids, String reason, long windowEnd) {
        return new PolicyState(
                count,
                ids,
                reason,
                windowEnd,
                lastTriggerAt,
                activeTriggerId,
                activeSince,
                nextScheduledAt);
    }

    PolicyState withTrigger(String triggerId, long at) {
        return new PolicyState(
                0, new String[0], null, lastWindowEnd, at, triggerId, at, nextScheduledAt);
    }

    /** A trigger issued from the model's other report stream: shared dedup and cooldown. */
    public PolicyState withTriggerFromElsewhere(String triggerId, long at) {
        return new PolicyState(
                consecutive,
                streakReportIds,
                streakReason,
                lastWindowEnd,
                at,
                triggerId,
                at,
                nextScheduledAt);
    }

    PolicyState withActive(String triggerId, long since) {
        return new PolicyState(
                consecutive,
                streakReportIds,
                streakReason,
                lastWindowEnd,
                lastTriggerAt,
                triggerId,
                since,
                nextScheduledAt);
    }

    /** The same state with the next scheduled retrain at {@code at}. */
    public PolicyState withNextSchedule(long at) {
        return new PolicyState(
                consecutive,
                streakReportIds,
                streakReason,
                lastWindowEnd,
                lastTriggerAt,
                activeTriggerId,
                activeSince,
                at);
    }
}
