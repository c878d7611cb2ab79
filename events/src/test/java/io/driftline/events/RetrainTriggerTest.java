package io.driftline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Trigger ids are deterministic, and lifecycle moves keep the bookkeeping fields consistent. */
class RetrainTriggerTest {

    @Test
    void deterministicIdIsReadableAndStable() {
        String id =
                RetrainTrigger.deterministicId("fraud.v2", 1_700_000_060_000L, TriggerReason.DRIFT);

        assertThat(id).isEqualTo("fraud.v2-drift-1700000060000");
        assertThat(
                        RetrainTrigger.deterministicId(
                                "fraud.v2", 1_700_000_060_000L, TriggerReason.DRIFT))
                .isEqualTo(id);
    }

    @Test
    void deterministicIdDiffersWhenAnyInputDiffers() {
        Set<String> ids = new HashSet<>();
        String[] models = {"a", "a-drift", "a-drift-1", "b", "a.b", "a_b"};
        long[] windows = {0L, 1L, 10L, 1_700_000_000_000L};
        for (String model : models) {
            for (long window : windows) {
                for (TriggerReason reason : TriggerReason.values()) {
                    ids.add(RetrainTrigger.deterministicId(model, window, reason));
                }
            }
        }

        assertThat(ids).hasSize(models.length * windows.length * TriggerReason.values().length);
    }

    @Test
    void deterministicIdRejectsNegativeWindows() {
        assertThatThrownBy(() -> RetrainTrigger.deterministicId("m", -1L, TriggerReason.DRIFT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("windowEnd");
    }

    @Test
    void pendingTriggerStartsClean() {
        RetrainTrigger trigger =
                RetrainTrigger.pending(
                        "m", 60L, TriggerReason.SCHEDULE, Severity.NONE, null, 61L, true);

        assertThat(trigger.triggerId()).isEqualTo("m-schedule-60");
        assertThat(trigger.status()).isEqualTo(TriggerStatus.PENDING);
        assertThat(trigger.evidence()).isEqualTo(Evidence.EMPTY);
        assertThat(trigger.force()).isTrue();
        assertThat(trigger.attempts()).isZero();
        assertThat(trigger.startedAt()).isNull();
    }

    @Test
    void runningCountsAnAttemptAndFailureKeepsTheTrainer() {
        RetrainTrigger running =
                RetrainTrigger.pending(
                                "m", 60L, TriggerReason.DRIFT, Severity.DRIFT, null, 61L, false)
                        .withStatus(TriggerStatus.RUNNING, 100L)
                        .withClaim("trainer-a", 700L);
        RetrainTrigger failed =
                running.withStatus(TriggerStatus.FAILED, 200L).withError("training timed out");

        assertThat(running.attempts()).isEqualTo(1);
        assertThat(running.startedAt()).isEqualTo(100L);
        assertThat(running.leaseUntil()).isEqualTo(700L);
        assertThat(failed.completedAt()).isEqualTo(200L);
        assertThat(failed.leaseUntil()).isNull();
        assertThat(failed.trainerId()).isEqualTo("trainer-a");
        assertThat(failed.error()).isEqualTo("training timed out");
    }

    @Test
    void retryReleasesTheClaimAndTheNextRunClearsTheError() {
        RetrainTrigger retried =
                RetrainTrigger.pending(
                                "m", 60L, TriggerReason.DRIFT, Severity.DRIFT, null, 61L, false)
                        .withStatus(TriggerStatus.RUNNING, 100L)
                        .withClaim("trainer-a", 700L)
                        .withStatus(TriggerStatus.FAILED, 200L)
                        .withError("boom")
                        .withStatus(TriggerStatus.PENDING, 300L);
        RetrainTrigger second = retried.withStatus(TriggerStatus.RUNNING, 400L);
        RetrainTrigger done = second.withModelVersion(5).withStatus(TriggerStatus.COMPLETED, 500L);

        assertThat(retried.trainerId()).isNull();
        assertThat(retried.leaseUntil()).isNull();
        assertThat(retried.error()).isEqualTo("boom");
        assertThat(second.attempts()).isEqualTo(2);
        assertThat(second.error()).isNull();
        assertThat(second.completedAt()).isNull();
        assertThat(done.completedAt()).isEqualTo(500L);
        assertThat(done.modelVersion()).isEqualTo(5);
        assertThat(done.status().isTerminal()).isTrue();
    }

    @Test
    void longErrorsAreCutToStayParseable() {
        RetrainTrigger failed =
                RetrainTrigger.pending(
                                "m", 60L, TriggerReason.DRIFT, Severity.DRIFT, null, 61L, false)
                        .withError("x".repeat(10_000));

        assertThat(failed.error()).hasSize(RetrainTrigger.MAX_ERROR_CHARS);
        assertThat(EventJson.validate(failed)).isEmpty();
    }

    @Test
    void illegalTransitionNamesBothStatuses() {
        RetrainTrigger pending =
                RetrainTrigger.pending(
                        "m", 60L, TriggerReason.DRIFT, Severity.DRIFT, null, 61L, false);

        assertThatThrownBy(() -> pending.withStatus(TriggerStatus.COMPLETED, 1L))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "illegal trigger transition pending -> completed for trigger m-drift-60");
    }

    @Test
    void retrainStatusRecordsTheTransition() {
        RetrainTrigger pending =
                RetrainTrigger.pending(
                        "m", 60L, TriggerReason.DRIFT, Severity.DRIFT, null, 61L, false);
        RetrainTrigger running =
                pending.withStatus(TriggerStatus.RUNNING, 100L).withClaim("t-1", 9L);

        RetrainStatus created = RetrainStatus.of(null, pending, 61L);
        RetrainStatus started = RetrainStatus.of(pending, running, 100L);

        assertThat(created.from()).isNull();
        assertThat(created.to()).isEqualTo(TriggerStatus.PENDING);
        assertThat(started)
                .isEqualTo(
                        new RetrainStatus(
                                "m-drift-60",
                                "m",
                                TriggerStatus.PENDING,
                                TriggerStatus.RUNNING,
                                100L,
                                "t-1",
                                null,
                                null,
                                1));
    }
}
