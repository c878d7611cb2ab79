package io.driftline.core.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.core.watchdog.WatchdogEvent.Kind;
import io.driftline.events.Alert;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The watchdog's rules on one model, step by step, with short durations (ms). */
public class RetrainWatchdogTest {

    public static final WatchdogConfig CONFIG =
            new WatchdogConfig(
                    Duration.ofMillis(1_000),
                    Duration.ofMillis(2_000),
                    Duration.ofMillis(30_000),
                    "https://runbooks.example");

    final RetrainWatchdog watchdog = new RetrainWatchdog(CONFIG);

    static WatchdogEvent event(Kind kind, String trigger, long ts) {
        return new WatchdogEvent("fraud", kind, trigger, ts, kind == Kind.FAILED ? "oom" : null, 1);
    }

    @Test
    void failedFiresAndResolvesAfterTheWindow() {
        var running = watchdog.onEvent(null, event(Kind.RUNNING, "t1", 100), 100);
        var step = watchdog.onEvent(running.state(), event(Kind.FAILED, "t1", 500), 500);

        assertThat(step.alerts())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.alertname()).isEqualTo(Alert.AUTO_RETRAIN_FAILED);
                            assertThat(a.labels())
                                    .containsEntry("model", "fraud")
                                    .containsEntry("severity", "critical");
                            assertThat(a.annotations().get("description"))
                                    .contains("t1", "oom", "1 attempt(s)", "1s");
                            assertThat(a.annotations().get("runbook_url"))
                                    .isEqualTo("https://runbooks.example#autoretrainfailed");
                            assertThat(a.startsAt()).isEqualTo(500);
                            assertThat(a.resolved()).isFalse();
                        });
        assertThat(step.wakeUpAt()).isEqualTo(1_500);

        var early = watchdog.onTime(step.state(), "fraud", 1_499);
        assertThat(early.alerts()).isEmpty();
        var due = watchdog.onTime(early.state(), "fraud", 1_500);
        assertThat(due.alerts())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.alertname()).isEqualTo(Alert.AUTO_RETRAIN_FAILED);
                            assertThat(a.endsAt()).isEqualTo(1_500);
                            assertThat(a.fingerprint())
                                    .isEqualTo(step.alerts().get(0).fingerprint());
                        });
        assertThat(due.state()).as("nothing pending").isNull();
        assertThat(due.wakeUpAt()).isNull();
    }

    @Test
    void failedResolvesWhenALaterRetrainCompletes() {
        var step = watchdog.onEvent(null, event(Kind.FAILED, "t1", 500), 500);
        step = watchdog.onEvent(step.state(), event(Kind.RUNNING, "t2", 600), 600);
        assertThat(step.alerts()).isEmpty();

        step = watchdog.onEvent(step.state(), event(Kind.COMPLETED, "t2", 900), 900);

        assertThat(step.alerts())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.alertname()).isEqualTo(Alert.AUTO_RETRAIN_FAILED);
                            assertThat(a.endsAt()).isEqualTo(900);
                        });
        // only the completion is remembered, for NoRetrainWithDrift, until it no longer matters
        assertThat(step.state().failedAt()).isNull();
        assertThat(step.state().lastCompletedAt()).isEqualTo(900);
        assertThat(step.wakeUpAt()).isEqualTo(30_900);
        var later = watchdog.onTime(step.state(), "fraud", 30_900);
        assertThat(later.state()).isNull();
        assertThat(later.alerts()).isEmpty();
    }

    @Test
    void aReplayedOldFailureOrDuplicateDoesNotFire() {
        assertThat(watchdog.onEvent(null, event(Kind.FAILED, "t1", 500), 5_000).alerts()).isEmpty();

        var step = watchdog.onEvent(null, event(Kind.FAILED, "t1", 500), 500);
        assertThat(watchdog.onEvent(step.state(), event(Kind.FAILED, "t1", 500), 600).alerts())
                .isEmpty();
    }

    @Test
    void longDurationFiresFromStartedAtAndResolvesWhenTheTriggerLeavesRunning() {
        var step = watchdog.onEvent(null, event(Kind.RUNNING, "t1", 1_000), 1_200);
        assertThat(step.alerts()).isEmpty();
        assertThat(step.wakeUpAt()).isEqualTo(3_000);

        var due = watchdog.onTime(step.state(), "fraud", 3_000);
        assertThat(due.alerts())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.alertname()).isEqualTo(Alert.AUTO_RETRAIN_LONG_DURATION);
                            assertThat(a.labels())
                                    .containsEntry("trigger_id", "t1")
                                    .containsEntry("severity", "warning");
                            assertThat(a.startsAt()).isEqualTo(3_000);
                            assertThat(a.annotations().get("description"))
                                    .contains("longer than 2s");
                        });
        assertThat(due.wakeUpAt()).isNull();

        var done = watchdog.onEvent(due.state(), event(Kind.COMPLETED, "t1", 4_000), 4_000);
        assertThat(done.alerts())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.alertname()).isEqualTo(Alert.AUTO_RETRAIN_LONG_DURATION);
                            assertThat(a.endsAt()).isEqualTo(4_000);
                        });

        // a stale "running" for the finished trigger (from the triggers topic) is ignored
        var stale = watchdog.onEvent(done.state(), event(Kind.RUNNING, "t1", 1_000), 4_100);
        assertThat(stale.state().triggers()).noneMatch(TriggerWatch::running);
    }

    @Test
    void aTriggerThatEndsInTimeNeverAlertsAndLeavesNoState() {
        var step = watchdog.onEvent(null, event(Kind.RUNNING, "t1", 1_000), 1_000);
        step = watchdog.onEvent(step.state(), event(Kind.ENDED, "t1", 1_500), 1_500);

        assertThat(step.alerts()).isEmpty();
        assertThat(step.state()).isNull();
        assertThat(step.wakeUpAt()).isNull();
    }

    @Test
    void noRetrainWithDriftFiresAfterTheWindowAndResolvesOnACompletedRetrain() {
        var step = watchdog.onEvent(null, event(Kind.COMPLETED, "t0", 10_000), 10_000);
        step = watchdog.onEvent(step.state(), drift("r1", 20_000), 20_000);
        assertThat(step.alerts()).isEmpty();
        assertThat(step.wakeUpAt()).isEqualTo(40_000); // 30 s after the last completed retrain

        var due = watchdog.onTime(step.state(), "fraud", 40_000);
        assertThat(due.alerts())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.alertname()).isEqualTo(Alert.NO_RETRAIN_WITH_DRIFT);
                            assertThat(a.startsAt()).isEqualTo(40_000);
                            assertThat(a.annotations().get("description")).contains("r1", "30s");
                        });

        var retrained = watchdog.onEvent(due.state(), event(Kind.COMPLETED, "t1", 41_000), 41_000);
        assertThat(retrained.alerts())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.alertname()).isEqualTo(Alert.NO_RETRAIN_WITH_DRIFT);
                            assertThat(a.endsAt()).isEqualTo(41_000);
                        });
        assertThat(retrained.wakeUpAt()).isEqualTo(71_000);
    }

    @Test
    void withoutAKnownRetrainTheWindowCountsFromTheStartOfTheDrift() {
        var step = watchdog.onEvent(null, drift("r1", 5_000), 5_000);
        assertThat(step.wakeUpAt()).isEqualTo(35_000);

        var calm = watchdog.onEvent(step.state(), noDrift("r2", 6_000), 6_000);
        assertThat(calm.state()).as("not drifting, nothing pending").isNull();

        // a late report of an older, calm window does not end the drift
        var late = watchdog.onEvent(step.state(), noDrift("r0", 4_000), 6_100);
        assertThat(late.state().driftSince()).isEqualTo(5_000);
        assertThat(late.wakeUpAt()).isEqualTo(35_000);
    }

    @Test
    void humanDurations() {
        assertThat(RetrainWatchdog.human(Duration.ofDays(30))).isEqualTo("30d");
        assertThat(RetrainWatchdog.human(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(RetrainWatchdog.human(Duration.ofMinutes(90))).isEqualTo("1h 30m");
        assertThat(RetrainWatchdog.human(Duration.ofMillis(300))).isEqualTo("0s");
    }

    static WatchdogEvent drift(String report, long windowEnd) {
        return new WatchdogEvent("fraud", Kind.DRIFT, null, windowEnd, report, 0);
    }

    static WatchdogEvent noDrift(String report, long windowEnd) {
        return new WatchdogEvent("fraud", Kind.NO_DRIFT, null, windowEnd, report, 0);
    }
}
