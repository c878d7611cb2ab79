package io.driftline.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.events.DriftReport;
import io.driftline.events.FeatureKind;
import io.driftline.events.RetrainStatus;
import io.driftline.events.RetrainTrigger;
import io.driftline.events.Severity;
import io.driftline.events.TriggerReason;
import io.driftline.events.TriggerStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

public class RetrainPolicyTest {

    static final long MINUTE = 60_000;

    static final RetrainPolicy POLICY =
            new RetrainPolicy(
                    new RetrainPolicyConfig(
                            2, 100, Duration.ofHours(1), Map.of(), Duration.ofHours(24)));

    public static DriftReport report(
            String model, int window, boolean featureDrift, boolean performanceDrift, long n) {
        long end = (window + 1) * MINUTE;
        DriftReport.PerformanceDrift perf =
                new DriftReport.PerformanceDrift(
                        "accuracy",
                        performanceDrift ? 0.6 : 0.8,
                        0.8,
                        performanceDrift ? -0.2 : 0,
                        performanceDrift ? Severity.DRIFT : Severity.NONE);
        return new DriftReport(
                model + "-" + end,
                model,
                "1",
                end - MINUTE,
                end,
                n,
                List.of(
                        new DriftReport.FeatureDrift(
                                "x",
                                FeatureKind.NUMERIC,
                                Map.of("psi", featureDrift ? 0.5 : 0.01),
                                0.001,
                                featureDrift)),
                perf,
                List.of(),
                featureDrift || performanceDrift ? Severity.DRIFT : Severity.NONE,
                "1");
    }

    /** Feeds reports in order; returns the triggers. */
    static List<RetrainTrigger> run(PolicyState[] state, DriftReport... reports) {
        return java.util.Arrays.stream(reports)
                .map(
                        r -> {
                            RetrainPolicy.Decision d = POLICY.onReport(state[0], r);
                            state[0] = d.state();
                            return d.trigger();
                        })
                .flatMap(Optional::stream)
                .toList();
    }

    @Test
    void oneDriftedWindowIsNotEnoughTwoInARowAre() {
        PolicyState[] s = {PolicyState.initial()};
        assertThat(
                        run(
                                s,
                                report("m", 0, true, false, 1000),
                                report("m", 1, false, false, 1000),
                                report("m", 2, true, false, 1000)))
                .isEmpty();
        List<RetrainTrigger> triggers = run(s, report("m", 3, true, false, 1000));
        assertThat(triggers).hasSize(1);
        RetrainTrigger t = triggers.get(0);
        assertThat(t.reason()).isEqualTo(TriggerReason.DRIFT);
        assertThat(t.status()).isEqualTo(TriggerStatus.PENDING);
        assertThat(t.evidence().reportIds()).containsExactly("m-180000", "m-240000");
        assertThat(t.evidence().statistics()).containsEntry("x.psi", 0.5);
        assertThat(t.triggerId())
                .isEqualTo(RetrainTrigger.deterministicId("m", 4 * MINUTE, TriggerReason.DRIFT));
    }

    @Test
    void smallWindowsNeitherCountNorBreakAStreak() {
        PolicyState[] s = {PolicyState.initial()};
        assertThat(run(s, report("m", 0, true, false, 1000), report("m", 1, false, false, 10)))
                .isEmpty();
        assertThat(run(s, report("m", 2, true, false, 1000))).hasSize(1);
    }

    @Test
    void outcomesGoingBadWithoutInputDriftArePerformanceTriggers() {
        PolicyState[] s = {PolicyState.initial()};
        List<RetrainTrigger> t =
                run(s, report("m", 0, false, true, 1000), report("m", 1, false, true, 1000));
        assertThat(t).extracting(RetrainTrigger::reason).containsExactly(TriggerReason.PERFORMANCE);
    }

    @Test
    void noNewTriggerWhileOneIsActiveAndTheCooldownHoldsAfterItEnds() {
        PolicyState[] s = {PolicyState.initial()};
        RetrainTrigger first =
                run(s, report("m", 0, true, false, 1000), report("m", 1, true, false, 1000)).get(0);
        s[0] =
                POLICY.onStatus(
                        s[0],
                        status(first, TriggerStatus.PENDING, TriggerStatus.RUNNING, 2 * MINUTE));
        assertThat(run(s, report("m", 2, true, false, 1000), report("m", 3, true, false, 1000)))
                .isEmpty();
        // completed: the dedup is released, but the 1 h cooldown (event time) still holds
        s[0] =
                POLICY.onStatus(
                        s[0],
                        status(first, TriggerStatus.RUNNING, TriggerStatus.COMPLETED, 5 * MINUTE));
        assertThat(s[0].activeTriggerId()).isNull();
        assertThat(run(s, report("m", 10, true, false, 1000), report("m", 11, true, false, 1000)))
                .isEmpty();
        // an hour after the first trigger, drift triggers again
        assertThat(run(s, report("m", 62, true, false, 1000), report("m", 63, true, false, 1000)))
                .hasSize(1);
    }

    @Test
    void aLostTriggerStopsBlockingAfterThePendingTimeout() {
        RetrainPolicy policy =
                new RetrainPolicy(
                        new RetrainPolicyConfig(
                                1, 0, Duration.ZERO, Map.of(), Duration.ofMinutes(30)));
        PolicyState s =
                policy.onReport(PolicyState.initial(), report("m", 0, true, false, 1000)).state();
        assertThat(s.activeTriggerId()).isNotNull();
        assertThat(policy.onReport(s, report("m", 10, true, false, 1000)).trigger()).isEmpty();
        assertThat(policy.onReport(s, report("m", 40, true, false, 1000)).trigger()).isPresent();
    }

    @Test
    void replayedOrReEvaluatedWindowsDoNotCountTwice() {
        PolicyState[] s = {PolicyState.initial()};
        DriftReport w0 = report("m", 0, true, false, 1000);
        assertThat(run(s, w0, w0)).isEmpty();
        assertThat(s[0].consecutive()).isEqualTo(1);
    }

    @Test
    void aScheduledRetrainIsDueEachIntervalUnlessOneIsActive() {
        RetrainPolicy policy =
                new RetrainPolicy(
                        new RetrainPolicyConfig(
                                2,
                                100,
                                Duration.ofHours(1),
                                Map.of("m", Duration.ofDays(7)),
                                Duration.ofHours(24)));
        RetrainPolicy.Decision d =
                policy.onSchedule(PolicyState.initial(), "m", 1_000_000, 1_000_000);
        assertThat(d.trigger()).map(RetrainTrigger::reason).contains(TriggerReason.SCHEDULE);
        assertThat(d.state().nextScheduledAt())
                .isEqualTo(1_000_000 + Duration.ofDays(7).toMillis());
        // the scheduled one is still active at the next due time: skipped, next one armed
        RetrainPolicy.Decision again = policy.onSchedule(d.state(), "m", 2_000_000, 2_000_000);
        assertThat(again.trigger()).isEmpty();
        assertThat(again.state().nextScheduledAt())
                .isEqualTo(2_000_000 + Duration.ofDays(7).toMillis());
    }

    public static RetrainStatus status(
            RetrainTrigger t, TriggerStatus from, TriggerStatus to, long ts) {
        return new RetrainStatus(
                t.triggerId(), t.model(), from, to, ts, "trainer-1", null, null, 1);
    }
}
