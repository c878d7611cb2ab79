package io.driftline.core.watchdog;

import java.util.Arrays;
import java.util.Objects;

/**
 * The retrain watchdog's state for one model; simple fields and an array of records, so Flink keeps
 * it with its POJO serializer (no Kryo).
 *
 * @param failedAt latest failure still inside the failed-alert window, null when none
 * @param failedTriggerId the trigger of that failure
 * @param failedError its error
 * @param failedAttempts its attempts
 * @param failedSince when the firing {@code AutoRetrainFailed} started, null when not firing
 * @param lastCompletedAt latest completed retrain, while it matters, null when unknown
 * @param driftSince start of the current drift episode (first drifted window's end), null when the
 *     latest report does not drift
 * @param driftReportId the latest drifted report
 * @param lastReportAt window end of the latest report, to ignore older ones arriving late
 * @param noRetrainSince when the firing {@code NoRetrainWithDrift} started, null when not firing
 * @param triggers running triggers and recently settled ones
 */
public record ModelWatch(
        Long failedAt,
        String failedTriggerId,
        String failedError,
        int failedAttempts,
        Long failedSince,
        Long lastCompletedAt,
        Long driftSince,
        String driftReportId,
        Long lastReportAt,
        Long noRetrainSince,
        TriggerWatch[] triggers) {

    public ModelWatch {
        triggers = triggers == null ? new TriggerWatch[0] : triggers.clone();
    }

    @Override
    public TriggerWatch[] triggers() {
        return triggers.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelWatch m
                && failedAttempts == m.failedAttempts
                && Objects.equals(failedAt, m.failedAt)
                && Objects.equals(failedTriggerId, m.failedTriggerId)
                && Objects.equals(failedError, m.failedError)
                && Objects.equals(failedSince, m.failedSince)
                && Objects.equals(lastCompletedAt, m.lastCompletedAt)
                && Objects.equals(driftSince, m.driftSince)
                && Objects.equals(driftReportId, m.driftReportId)
                && Objects.equals(lastReportAt, m.lastReportAt)
                && Objects.equals(noRetrainSince, m.noRetrainSince)
                && Arrays.equals(triggers, m.triggers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(failedAt, failedTriggerId, lastCompletedAt, driftSince, noRetrainSince)
                + 31 * Arrays.hashCode(triggers);
    }

    @Override
    public String toString() {
        return "ModelWatch[failedAt="
                + failedAt
                + ", failedSince="
                + failedSince
                + ", lastCompletedAt="
                + lastCompletedAt
                + ", driftSince="
                + driftSince
                + ", noRetrainSince="
                + noRetrainSince
                + ", triggers="
                + Arrays.toString(triggers)
                + "]";
    }
}
