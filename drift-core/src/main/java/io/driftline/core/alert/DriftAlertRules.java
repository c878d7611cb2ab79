package io.driftline.core.alert;

import io.driftline.events.Alert;
import io.driftline.events.DriftReport;
import io.driftline.events.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The alert rules on a model's drift reports: {@code ModelDriftDetected} (severity {@code warning})
 * while a window's verdict is drift and at least one input feature drifted, {@code
 * ModelPerformanceDegraded} ({@code critical}) while the performance verdict is drift, {@code
 * ModelSchemaDrift} ({@code warning}) while the schema verdict is drift, and {@code
 * ModelMetricAnomaly} ({@code warning}) while a metric report is drift. An alert fires with every
 * window that still shows the condition (so Alertmanager keeps it active) and is resolved by the
 * first newer window that does not. Times are the windows' event times.
 *
 * <p>{@code List<Alert> alerts = new
 * DriftAlertRules("https://example.org/runbooks.md").onReport(report, timeline); }
 */
public final class DriftAlertRules implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private final String runbookBaseUrl;

    public DriftAlertRules(String runbookBaseUrl) {
        this.runbookBaseUrl = runbookBaseUrl;
    }

    /**
     * Applies one report to the model's timeline (updated in place) and returns the alerts to send,
     * firing or resolved, in order.
     */
    public List<Alert> onReport(DriftReport report, AlertTimeline timeline) {
        List<Alert> out = new ArrayList<>();
        if (report.isMetricReport()) {
            // metric streams have their own alert; they say nothing about feature drift
            update(
                    timeline.anomalySince(),
                    timeline::anomalySince,
                    report.severity() == Severity.DRIFT,
                    report,
                    out,
                    Alert.MODEL_METRIC_ANOMALY,
                    "warning");
            return out;
        }
        Long last = timeline.lastWindowEnd();
        if (last != null && report.windowEnd() < last) {
            return out; // an older window re-evaluated after late data: the newer ones decide
        }
        timeline.lastWindowEnd(report.windowEnd());
        boolean drifted =
                report.severity() == Severity.DRIFT
                        && report.features().stream()
                                .anyMatch(f -> f.drifted() && !f.feature().startsWith("__"));
        boolean degraded =
                report.performance() != null && report.performance().severity() == Severity.DRIFT;
        boolean schemaDrift =
                report.schemaDrift() != null && report.schemaDrift().severity() == Severity.DRIFT;
        update(
                timeline.driftSince(),
                timeline::driftSince,
                drifted,
                report,
                out,
                Alert.MODEL_DRIFT_DETECTED,
                "warning");
        update(
                timeline.degradedSince(),
                timeline::degradedSince,
                degraded,
                report,
                out,
                Alert.MODEL_PERFORMANCE_DEGRADED,
                "critical");
        update(
                timeline.schemaSince(),
                timeline::schemaSince,
                schemaDrift,
                report,
                out,
                Alert.MODEL_SCHEMA_DRIFT,
                "warning");
        if (!drifted && !degraded && !schemaDrift) {
            timeline.lastWindowEnd(null); // nothing active: no state kept for a healthy model
        }
        return out;
    }

    private void update(
            Long start,
            Consumer<Long> since,
            boolean active,
            DriftReport report,
            List<Alert> out,
            String alertname,
            String severity) {
        if (active) {
            if (start == null) {
                start = report.windowEnd();
                since.accept(start);
            }
            out.add(alert(alertname, severity, report, start));
        } else if (start != null) {
            out.add(alert(alertname, severity, report, start).resolve(report.windowEnd()));
            since.accept(null);
        }
    }

    private Alert alert(String alertname, String severity, DriftReport report, long startsAt) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Alert.MODEL_LABEL, report.model());
        labels.put(Alert.SEVERITY_LABEL, severity);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(Alert.SUMMARY_ANNOTATION, summary(alertname, report));
        annotations.put(Alert.DESCRIPTION_ANNOTATION, description(report));
        annotations.put(Alert.RUNBOOK_ANNOTATION, Alert.runbookUrl(runbookBaseUrl, alertname));
        return Alert.firing(alertname, labels, annotations, startsAt);
    }

    /** The alert's one-line summary. */
    static String summary(String alertname, DriftReport report) {
        if (Alert.MODEL_METRIC_ANOMALY.equals(alertname)) {
            String series = report.signalsText();
            return String.format(
                    Locale.ROOT,
                    "%s: anomalous metrics %s in the window ending %d",
                    report.model(),
                    series,
                    report.windowEnd());
        }
        if (Alert.MODEL_SCHEMA_DRIFT.equals(alertname) && report.schemaDrift() != null) {
            DriftReport.SchemaDrift schema = report.schemaDrift();
            List<String> parts = new ArrayList<>();
            if (!schema.missingFeatures().isEmpty()) {
                parts.add("missing features " + String.join(", ", schema.missingFeatures()));
            }
            if (!schema.kindChanges().isEmpty()) {
                parts.add("kind changes " + schema.kindChanges());
            }
            if (!schema.unseenCategories().isEmpty()) {
                parts.add("unseen categories " + schema.unseenCategories());
            }
            if (!schema.newFeatures().isEmpty()) {
                parts.add("new features " + String.join(", ", schema.newFeatures()));
            }
            return String.format(
                    Locale.ROOT,
                    "%s: schema drift in the window ending %d: %s",
                    report.model(),
                    report.windowEnd(),
                    cut(String.join("; ", parts), 1000));
        }
        if (Alert.MODEL_PERFORMANCE_DEGRADED.equals(alertname) && report.performance() != null) {
            DriftReport.PerformanceDrift p = report.performance();
            return String.format(
                    Locale.ROOT,
                    "%s: %s %.3f against a baseline of %.3f (%+.3f) in the window ending %d",
                    report.model(),
                    p.metric(),
                    p.value(),
                    p.baseline(),
                    p.delta(),
                    report.windowEnd());
        }
        String features =
                report.features().stream()
                        .filter(f -> f.drifted() && !f.feature().startsWith("__"))
                        .map(DriftReport.FeatureDrift::feature)
                        .collect(Collectors.joining(", "));
        long evaluated =
                report.features().stream().filter(f -> !f.feature().startsWith("__")).count();
        return String.format(
                Locale.ROOT,
                "%s: drift in %s (%d of %d features) in the window ending %d",
                report.model(),
                features,
                features.isEmpty() ? 0 : features.split(", ").length,
                evaluated,
                report.windowEnd());
    }

    /** The statistics an alert's description names for a drifted feature. */
    private static final List<String> DESCRIBED_STATISTICS =
            List.of("psi", "js_distance", "ks_statistic", "wasserstein_normalized", "chi_square");

    /** The alert's description: the report, its size and the drifted features' statistics. */
    static String description(DriftReport report) {
        String stats =
                report.features().stream()
                        .filter(DriftReport.FeatureDrift::drifted)
                        .map(
                                f ->
                                        f.feature()
                                                + ": "
                                                + formatValues(
                                                        f.statistics(), DESCRIBED_STATISTICS))
                        .collect(Collectors.joining("; "));
        return String.format(
                Locale.ROOT,
                "report %s, %d events, reference version %s. %s",
                report.reportId(),
                report.n(),
                report.referenceVersion(),
                stats.isEmpty() ? "No drifted features." : stats);
    }

    /**
     * The entries of {@code values} named in {@code names}, in the map's order, as {@code
     * name=0.123} separated by spaces: how statistics and metrics are shown to people.
     */
    public static String formatValues(Map<String, Double> values, List<String> names) {
        return values.entrySet().stream()
                .filter(e -> names.contains(e.getKey()) && e.getValue() != null)
                .map(e -> String.format(Locale.ROOT, "%s=%.3f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(" "));
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
