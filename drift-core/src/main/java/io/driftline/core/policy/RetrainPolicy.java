package io.driftline.core.policy;

import io.driftline.events.DriftReport;
import io.driftline.events.Evidence;
import io.driftline.events.RetrainStatus;
import io.driftline.events.RetrainTrigger;
import io.driftline.events.Severity;
import io.driftline.events.TriggerReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides when a model's drift reports become a retrain trigger — pure logic, no Flink:
 *
 * <ul>
 *   <li><b>hysteresis</b>: {@code consecutiveWindows} drifted windows in a row (a window with fewer
 *       than {@code minSamples} events is ignored: it neither counts nor breaks a streak);
 *   <li><b>cooldown</b>: no drift trigger within {@code cooldown} (event time) of the last one;
 *   <li><b>dedup</b>: none while a trigger is pending or running (learned from the trainer's status
 *       events), unless that trigger has been silent for {@code pendingTimeout};
 *   <li><b>schedule</b>: a model with an interval gets a {@code schedule} trigger each interval
 *       (skipped while one is active);
 *   <li><b>detector fast path</b> ({@code detectorTriggers}): a window whose report carries a
 *       change detector's {@code drift} (the model's error rate rose) raises a trigger at once,
 *       without waiting for {@code consecutiveWindows} drifted windows (cooldown and dedup apply):
 *       {@code drift} when features drifted in that window, else {@code performance}; its evidence
 *       the detector's signal, the window's statistics and the reports of the streak so far.
 * </ul>
 *
 * Drift and performance trigger ids are deterministic (model, window end, reason), so a replay
 * after a failure produces the same trigger, which the sinks upsert rather than duplicate;
 * scheduled triggers carry the timer's processing time in their id.
 */
public final class RetrainPolicy {

    private final RetrainPolicyConfig config;

    public RetrainPolicy(RetrainPolicyConfig config) {
        this.config = config;
    }

    public RetrainPolicyConfig config() {
        return config;
    }

    /** A new state and, perhaps, a trigger to send. */
    public record Decision(PolicyState state, Optional<RetrainTrigger> trigger) {}

    /** Takes one drift report of the model. */
    public Decision onReport(PolicyState state, DriftReport report) {
        if (report.windowEnd() <= state.lastWindowEnd() || report.n() < config.minSamples()) {
            return new Decision(state, Optional.empty());
        }
        boolean drifted = report.severity() == Severity.DRIFT;
        if (!drifted) {
            return detectorFastPath(
                    state.withStreak(0, new String[0], null, report.windowEnd()), report);
        }
        // inputs that moved explain a performance drop too: drift is the reason when any feature
        // drifted
        boolean featuresDrifted = featuresDrifted(report);
        boolean performance =
                !featuresDrifted
                        && report.performance() != null
                        && report.performance().severity() == Severity.DRIFT;
        String[] ids = Arrays.copyOf(state.streakReportIds(), state.streakReportIds().length + 1);
        ids[ids.length - 1] = report.reportId();
        if (ids.length > config.consecutiveWindows()) {
            ids = Arrays.copyOfRange(ids, ids.length - config.consecutiveWindows(), ids.length);
        }
        int count = state.consecutive() + 1;
        PolicyState next =
                state.withStreak(
                        count, ids, performance ? "performance" : "drift", report.windowEnd());
        if (count < config.consecutiveWindows() || blocked(next, report.windowEnd())) {
            return detectorFastPath(next, report);
        }
        TriggerReason reason = performance ? TriggerReason.PERFORMANCE : TriggerReason.DRIFT;
        RetrainTrigger trigger =
                RetrainTrigger.pending(
                        report.model(),
                        report.windowEnd(),
                        reason,
                        Severity.DRIFT,
                        evidence(report, ids, count),
                        report.windowEnd(),
                        false);
        return new Decision(
                next.withTrigger(trigger.triggerId(), report.windowEnd()), Optional.of(trigger));
    }

    /**
     * A trigger when a change detector signalled drift in the report's window, the fast path is on
     * and nothing blocks it; else {@code next} as it is.
     */
    private Decision detectorFastPath(PolicyState next, DriftReport report) {
        if (!config.detectorTriggers() || blocked(next, report.windowEnd())) {
            return new Decision(next, Optional.empty());
        }
        List<String> signals = new ArrayList<>();
        for (DriftReport.DetectorSignal d : report.detectors()) {
            if ("drift".equals(d.signal())) {
                signals.add(d.detector() + "." + d.stream());
            }
        }
        if (signals.isEmpty()) {
            return new Decision(next, Optional.empty());
        }
        // as on the slow path: inputs that moved explain the errors, so drift is the reason then
        boolean featuresDrifted = featuresDrifted(report);
        String[] ids =
                next.streakReportIds().length > 0
                        ? next.streakReportIds()
                        : new String[] {report.reportId()};
        Evidence windows = evidence(report, ids, Math.max(1, next.consecutive()));
        Map<String, Double> statistics = new LinkedHashMap<>();
        signals.forEach(signal -> statistics.put(signal, 1.0));
        statistics.putAll(windows.statistics());
        String summary =
                String.format(
                        java.util.Locale.ROOT,
                        "change detector %s signalled drift in the window ending %d; %s",
                        String.join(", ", signals),
                        report.windowEnd(),
                        windows.summary());
        RetrainTrigger trigger =
                RetrainTrigger.pending(
                        report.model(),
                        report.windowEnd(),
                        featuresDrifted ? TriggerReason.DRIFT : TriggerReason.PERFORMANCE,
                        Severity.DRIFT,
                        new Evidence(List.of(ids), statistics, summary),
                        report.windowEnd(),
                        false);
        return new Decision(
                next.withTrigger(trigger.triggerId(), report.windowEnd()), Optional.of(trigger));
    }

    private static boolean featuresDrifted(DriftReport report) {
        return report.features().stream()
                .anyMatch(f -> f.drifted() && !f.feature().startsWith("__"));
    }

    private boolean blocked(PolicyState state, long now) {
        boolean cooling =
                state.lastTriggerAt() != Long.MIN_VALUE
                        && now - state.lastTriggerAt() < config.cooldown().toMillis();
        return cooling || active(state, now);
    }

    private boolean active(PolicyState state, long now) {
        return state.activeTriggerId() != null
                && now - state.activeSince() < config.pendingTimeout().toMillis();
    }

    /** Takes one lifecycle transition of one of the model's triggers (from the trainer). */
    public PolicyState onStatus(PolicyState state, RetrainStatus status) {
        if (status.to().isActive()) {
            // pending or running: this trigger blocks new ones (also manual triggers we did not
            // issue)
            return state.withActive(status.triggerId(), Math.max(state.activeSince(), status.ts()));
        }
        if (status.triggerId().equals(state.activeTriggerId())) {
            // completed, failed, rejected or resolved: the dedup is released, the cooldown stays
            return state.withActive(null, 0);
        }
        return state;
    }

    /**
     * A scheduled retrain is due at processing time {@code now} (the caller's timer): a trigger
     * unless one is active; the next one is due an interval later.
     */
    public Decision onSchedule(PolicyState state, String model, long now, long eventTimeNow) {
        Duration interval = config.schedules().get(model);
        if (interval == null) {
            return new Decision(state.withNextSchedule(0), Optional.empty());
        }
        PolicyState next = state.withNextSchedule(now + interval.toMillis());
        if (active(state, eventTimeNow)) {
            return new Decision(next, Optional.empty());
        }
        RetrainTrigger trigger =
                RetrainTrigger.pending(
                        model,
                        now,
                        TriggerReason.SCHEDULE,
                        Severity.NONE,
                        new Evidence(List.of(), Map.of(), "scheduled retrain every " + interval),
                        now,
                        false);
        return new Decision(
                next.withTrigger(trigger.triggerId(), eventTimeNow), Optional.of(trigger));
    }

    private static Evidence evidence(DriftReport report, String[] ids, int count) {
        Map<String, Double> statistics = new LinkedHashMap<>();
        for (DriftReport.FeatureDrift f : report.features()) {
            if (f.drifted()) {
                for (String stat :
                        List.of("psi", "js_distance", "wasserstein_normalized", "ks_statistic")) {
                    Double v = f.statistics().get(stat);
                    if (v != null) {
                        statistics.put(f.feature() + "." + stat, v);
                    }
                }
            }
        }
        if (report.performance() != null) {
            statistics.put(report.performance().metric(), report.performance().value());
            statistics.put(
                    report.performance().metric() + "_baseline", report.performance().baseline());
        }
        long driftedFeatures =
                report.features().stream().filter(DriftReport.FeatureDrift::drifted).count();
        String summary =
                String.format(
                        java.util.Locale.ROOT,
                        "%d drifted windows in a row; last window %d events, %d drifted features%s",
                        count,
                        report.n(),
                        driftedFeatures,
                        report.performance() == null
                                ? ""
                                : String.format(
                                        java.util.Locale.ROOT,
                                        ", %s %.3f vs baseline %.3f",
                                        report.performance().metric(),
                                        report.performance().value(),
                                        report.performance().baseline()));
        return new Evidence(List.of(ids), statistics, summary);
    }
}
