package io.driftline.core.watchdog;

import io.driftline.events.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The retrain watchdog's rules for one model, as a pure state machine (no Flink): given the model's
 * state, an event or the current time, it returns the next state, the alerts to send and when it
 * must be woken next.
 *
 * <ul>
 *   <li>{@value Alert#AUTO_RETRAIN_FAILED} (critical) fires when a retrain fails and resolves
 *       {@code failedAlertDuration} after the latest failure, or as soon as a later retrain of the
 *       model completes. A failure already older than that window (a replay) does not fire.
 *   <li>{@value Alert#AUTO_RETRAIN_LONG_DURATION} (warning, one per trigger, label {@code
 *       trigger_id}) fires when a trigger has been running for {@code maxRetrainDuration} since its
 *       {@code started_at}, and resolves when it leaves running.
 *   <li>{@value Alert#NO_RETRAIN_WITH_DRIFT} (warning) fires when the latest drift report drifts
 *       and no retrain has completed for {@code noRetrainWithDriftAfter}, counted from the last
 *       completion the watchdog knows of, or from the start of the drift when it knows none; it
 *       resolves when a retrain completes.
 * </ul>
 *
 * <p>The state is dropped (null) as soon as nothing is pending: no alert firing, no trigger
 * running, no drift, and no completion recent enough to matter.
 */
public final class RetrainWatchdog {

    /** Most triggers of one model tracked at once; more concurrent runs are not watched. */
    static final int MAX_RUNNING = 64;

    /** Settled triggers remembered per model, to ignore a stale "running" after the end. */
    static final int MAX_SETTLED = 16;

    private final WatchdogConfig config;

    public RetrainWatchdog(WatchdogConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * What a step produced.
     *
     * @param state the model's next state; null when nothing is pending and it can be cleared
     * @param alerts alerts to send, firing or resolved
     * @param wakeUpAt when {@link #onTime} must be called next, epoch millis; null for never
     */
    public record Step(ModelWatch state, List<Alert> alerts, Long wakeUpAt) {}

    /** Applies {@code event} at processing time {@code now} to the model's {@code state}. */
    public Step onEvent(ModelWatch state, WatchdogEvent event, long now) {
        Working w = new Working(state, event.model());
        List<Alert> out = new ArrayList<>();
        switch (event.kind()) {
            case CREATED -> {}
            case RUNNING -> w.running(event.triggerId(), event.ts());
            case COMPLETED -> {
                w.settle(event.triggerId(), event.ts(), now, out);
                w.completed(event.ts(), now, out);
            }
            case FAILED -> {
                w.settle(event.triggerId(), event.ts(), now, out);
                w.failed(event, now, out);
            }
            case ENDED -> w.settle(event.triggerId(), event.ts(), now, out);
            case DRIFT -> w.report(event.ts(), true, event.detail());
            case NO_DRIFT -> w.report(event.ts(), false, null);
        }
        return w.evaluate(now, out);
    }

    /** Fires or resolves what is due at {@code now}. */
    public Step onTime(ModelWatch state, String model, long now) {
        return new Working(state, model).evaluate(now, new ArrayList<>());
    }

    // ---- alerts -----------------------------------------------------------------------------

    Alert failedAlert(String model, ModelWatch s) {
        String description =
                String.format(
                        Locale.ROOT,
                        "Retrain trigger %s of model %s failed at %s after %d attempt(s): %s."
                                + " The alert clears %s after the latest failure or when a"
                                + " retrain of the model completes.",
                        s.failedTriggerId(),
                        model,
                        Instant.ofEpochMilli(s.failedAt()),
                        s.failedAttempts(),
                        s.failedError() == null ? "no error recorded" : s.failedError(),
                        human(config.failedAlertDuration()));
        return Alert.firing(
                Alert.AUTO_RETRAIN_FAILED,
                labels(model, "critical", null),
                annotations(
                        Alert.AUTO_RETRAIN_FAILED,
                        "Automatic retrain of model " + model + " failed",
                        description),
                s.failedSince());
    }

    Alert longDurationAlert(String model, TriggerWatch t) {
        String description =
                String.format(
                        Locale.ROOT,
                        "Retrain trigger %s of model %s has been running since %s, longer than"
                                + " %s.",
                        t.triggerId(),
                        model,
                        Instant.ofEpochMilli(t.since()),
                        human(config.maxRetrainDuration()));
        return Alert.firing(
                Alert.AUTO_RETRAIN_LONG_DURATION,
                labels(model, "warning", t.triggerId()),
                annotations(
                        Alert.AUTO_RETRAIN_LONG_DURATION,
                        "Retrain of model "
                                + model
                                + " runs longer than "
                                + human(config.maxRetrainDuration()),
                        description),
                t.since() + config.maxRetrainDuration().toMillis());
    }

    Alert noRetrainAlert(String model, ModelWatch s) {
        String last =
                s.lastCompletedAt() == null
                        ? "none seen"
                        : Instant.ofEpochMilli(s.lastCompletedAt()).toString();
        String description =
                String.format(
                        Locale.ROOT,
                        "Model %s drifts (latest drifted report %s, drifting since %s) and has had"
                                + " no completed retrain for %s (last completed: %s).",
                        model,
                        s.driftReportId() == null ? "unknown" : s.driftReportId(),
                        s.driftSince() == null ? "unknown" : Instant.ofEpochMilli(s.driftSince()),
                        human(config.noRetrainWithDriftAfter()),
                        last);
        return Alert.firing(
                Alert.NO_RETRAIN_WITH_DRIFT,
                labels(model, "warning", null),
                annotations(
                        Alert.NO_RETRAIN_WITH_DRIFT,
                        "Model " + model + " drifts and has not been retrained",
                        description),
                s.noRetrainSince());
    }

    private static Map<String, String> labels(String model, String severity, String triggerId) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Alert.MODEL_LABEL, model);
        labels.put(Alert.SEVERITY_LABEL, severity);
        if (triggerId != null) {
            labels.put(Alert.TRIGGER_ID_LABEL, triggerId);
        }
        return labels;
    }

    private Map<String, String> annotations(String alertname, String summary, String description) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(Alert.SUMMARY_ANNOTATION, summary);
        annotations.put(Alert.DESCRIPTION_ANNOTATION, description);
        annotations.put(
                Alert.RUNBOOK_ANNOTATION, Alert.runbookUrl(config.runbookBaseUrl(), alertname));
        return annotations;
    }

    /** A duration the way people write it: {@code 30d}, {@code 2h}, {@code 1h 30m}, {@code 5s}. */
    static String human(Duration d) {
        StringBuilder out = new StringBuilder();
        long days = d.toDays();
        if (days > 0) {
            out.append(days).append("d ");
        }
        if (d.toHoursPart() > 0) {
            out.append(d.toHoursPart()).append("h ");
        }
        if (d.toMinutesPart() > 0) {
            out.append(d.toMinutesPart()).append("m ");
        }
        if (d.toSecondsPart() > 0 || out.length() == 0) {
            out.append(d.toSecondsPart()).append("s ");
        }
        return out.toString().trim();
    }

    // ---- the rules --------------------------------------------------------------------------

    /** A mutable copy of one model's state while one step is applied. */
    private final class Working {
        final String model;
        Long failedAt;
        String failedTriggerId;
        String failedError;
        int failedAttempts;
        Long failedSince;
        Long lastCompletedAt;
        Long driftSince;
        String driftReportId;
        Long lastReportAt;
        Long noRetrainSince;
        final List<TriggerWatch> triggers = new ArrayList<>();

        Working(ModelWatch s, String model) {
            this.model = model;
            if (s != null) {
                failedAt = s.failedAt();
                failedTriggerId = s.failedTriggerId();
                failedError = s.failedError();
                failedAttempts = s.failedAttempts();
                failedSince = s.failedSince();
                lastCompletedAt = s.lastCompletedAt();
                driftSince = s.driftSince();
                driftReportId = s.driftReportId();
                lastReportAt = s.lastReportAt();
                noRetrainSince = s.noRetrainSince();
                triggers.addAll(List.of(s.triggers()));
            }
        }

        ModelWatch snapshot() {
            return new ModelWatch(
                    failedAt,
                    failedTriggerId,
                    failedError,
                    failedAttempts,
                    failedSince,
                    lastCompletedAt,
                    driftSince,
                    driftReportId,
                    lastReportAt,
                    noRetrainSince,
                    triggers.toArray(new TriggerWatch[0]));
        }

        int indexOf(String triggerId) {
            for (int i = 0; i < triggers.size(); i++) {
                if (triggers.get(i).triggerId().equals(triggerId)) {
                    return i;
                }
            }
            return -1;
        }

        void running(String triggerId, long startedAt) {
            if (triggerId == null) {
                return;
            }
            int i = indexOf(triggerId);
            if (i >= 0) {
                TriggerWatch t = triggers.get(i);
                // a start after the last one (a retry) counts; an older or equal one is a replay
                if (startedAt > t.since() && !(t.running() && t.alerting())) {
                    triggers.set(i, new TriggerWatch(triggerId, true, startedAt, false));
                }
                return;
            }
            if (triggers.stream().filter(TriggerWatch::running).count() < MAX_RUNNING) {
                triggers.add(new TriggerWatch(triggerId, true, startedAt, false));
            }
        }

        void settle(String triggerId, long ts, long now, List<Alert> out) {
            if (triggerId == null) {
                return;
            }
            int i = indexOf(triggerId);
            if (i >= 0) {
                TriggerWatch t = triggers.get(i);
                if (t.running()) {
                    if (t.alerting()) {
                        out.add(longDurationAlert(model, t).resolve(now));
                    }
                    triggers.remove(i);
                    triggers.add(
                            new TriggerWatch(triggerId, false, Math.max(ts, t.since()), false));
                } else if (ts > t.since()) {
                    triggers.set(i, new TriggerWatch(triggerId, false, ts, false));
                }
            } else {
                triggers.add(new TriggerWatch(triggerId, false, ts, false));
            }
            long settled = triggers.stream().filter(t -> !t.running()).count();
            for (int j = 0; j < triggers.size() && settled > MAX_SETTLED; ) {
                if (!triggers.get(j).running()) {
                    triggers.remove(j);
                    settled--;
                } else {
                    j++;
                }
            }
        }

        void completed(long ts, long now, List<Alert> out) {
            lastCompletedAt = lastCompletedAt == null ? ts : Math.max(lastCompletedAt, ts);
            if (failedAt != null && ts >= failedAt) {
                if (failedSince != null) {
                    out.add(failedAlert(model, snapshot()).resolve(now));
                }
                clearFailure();
            }
            if (noRetrainSince != null) {
                out.add(noRetrainAlert(model, snapshot()).resolve(now));
                noRetrainSince = null;
            }
        }

        void failed(WatchdogEvent e, long now, List<Alert> out) {
            long window = config.failedAlertDuration().toMillis();
            boolean stale = e.ts() + window <= now;
            boolean superseded = lastCompletedAt != null && lastCompletedAt >= e.ts();
            boolean older = failedAt != null && e.ts() <= failedAt;
            if (stale || superseded || older) {
                return;
            }
            failedAt = e.ts();
            failedTriggerId = e.triggerId();
            failedError = e.detail();
            failedAttempts = e.attempts();
            if (failedSince == null) {
                failedSince = e.ts();
            }
            out.add(failedAlert(model, snapshot()));
        }

        void report(long windowEnd, boolean drifted, String reportId) {
            if (lastReportAt != null && windowEnd < lastReportAt) {
                return; // an older window arriving late does not undo a newer one
            }
            lastReportAt = windowEnd;
            if (drifted) {
                if (driftSince == null) {
                    driftSince = windowEnd;
                }
                driftReportId = reportId;
            } else {
                driftSince = null;
                driftReportId = null;
            }
        }

        void clearFailure() {
            failedAt = null;
            failedTriggerId = null;
            failedError = null;
            failedAttempts = 0;
            failedSince = null;
        }

        /** Fires and resolves what is due at {@code now}, then computes the next wake-up. */
        Step evaluate(long now, List<Alert> out) {
            long failedWindow = config.failedAlertDuration().toMillis();
            long maxRunning = config.maxRetrainDuration().toMillis();
            long noRetrainWindow = config.noRetrainWithDriftAfter().toMillis();

            if (failedAt != null && now >= failedAt + failedWindow) {
                if (failedSince != null) {
                    out.add(failedAlert(model, snapshot()).resolve(now));
                }
                clearFailure();
            }
            for (int i = 0; i < triggers.size(); i++) {
                TriggerWatch t = triggers.get(i);
                if (t.running() && !t.alerting() && now >= t.since() + maxRunning) {
                    TriggerWatch alerting = new TriggerWatch(t.triggerId(), true, t.since(), true);
                    triggers.set(i, alerting);
                    out.add(longDurationAlert(model, alerting));
                }
            }
            Long noRetrainDue = noRetrainDue(noRetrainWindow);
            if (noRetrainDue != null && now >= noRetrainDue) {
                noRetrainSince = noRetrainDue;
                out.add(noRetrainAlert(model, snapshot()));
                noRetrainDue = null;
            }
            if (lastCompletedAt != null
                    && now >= lastCompletedAt + noRetrainWindow
                    && driftSince == null
                    && noRetrainSince == null) {
                lastCompletedAt = null; // too old to matter; the next drift counts from its start
            }

            Long wakeUpAt = null;
            if (failedAt != null) {
                wakeUpAt = earliest(wakeUpAt, failedAt + failedWindow);
            }
            for (TriggerWatch t : triggers) {
                if (t.running() && !t.alerting()) {
                    wakeUpAt = earliest(wakeUpAt, t.since() + maxRunning);
                }
            }
            if (noRetrainDue != null) {
                wakeUpAt = earliest(wakeUpAt, noRetrainDue);
            }
            if (lastCompletedAt != null && driftSince == null && noRetrainSince == null) {
                wakeUpAt = earliest(wakeUpAt, lastCompletedAt + noRetrainWindow);
            }

            boolean pending =
                    failedAt != null
                            || noRetrainSince != null
                            || driftSince != null
                            || lastCompletedAt != null
                            || triggers.stream().anyMatch(TriggerWatch::running);
            return new Step(pending ? snapshot() : null, List.copyOf(out), wakeUpAt);
        }

        /** When NoRetrainWithDrift is due, or null when it is firing already or not drifting. */
        Long noRetrainDue(long window) {
            if (driftSince == null || noRetrainSince != null) {
                return null;
            }
            long reference = lastCompletedAt != null ? lastCompletedAt : driftSince;
            return Math.max(reference + window, driftSince);
        }
    }

    private static Long earliest(Long current, long candidate) {
        return current == null ? candidate : Math.min(current, candidate);
    }
}
