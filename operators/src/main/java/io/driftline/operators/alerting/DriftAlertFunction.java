package io.driftline.operators.alerting;

import io.driftline.events.Alert;
import io.driftline.events.DeadLetter;
import io.driftline.events.DriftReport;
import io.driftline.events.Severity;
import io.driftline.operators.ingest.EventValidationFunction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Turns a model's drift reports into alerts, keyed by model: {@code ModelDriftDetected} (severity
 * {@code warning}) while windows show drifted features, {@code ModelPerformanceDegraded} (severity
 * {@code critical}) while the performance verdict is drift. An alert fires with every window that
 * still shows the condition (so Alertmanager keeps it active) and is resolved by the first newer
 * window that does not. Times are the windows' event times.
 */
public class DriftAlertFunction extends KeyedProcessFunction<String, DriftReport, Alert> {

    private static final long serialVersionUID = 1L;

    private final String runbookBaseUrl;

    private transient ValueState<Long> lastWindowEnd;
    private transient ValueState<Long> driftSince;
    private transient ValueState<Long> degradedSince;
    private transient ValueState<Long> anomalySince;
    private transient ValueState<Long> schemaSince;
    private transient Counter processingFailures;

    /** Side output of reports that failed here: {@code processing: drift-alerts}. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = EventValidationFunction.DEAD_LETTERS;

    public DriftAlertFunction(String runbookBaseUrl) {
        this.runbookBaseUrl = runbookBaseUrl;
    }

    @Override
    public void open(OpenContext openContext) {
        lastWindowEnd = state("last-window-end");
        driftSince = state("drift-since");
        degradedSince = state("degraded-since");
        anomalySince = state("metric-anomaly-since");
        schemaSince = state("schema-drift-since");
        processingFailures = getRuntimeContext().getMetricGroup().counter("processingFailures");
    }

    private ValueState<Long> state(String name) {
        return getRuntimeContext()
                .getState(new ValueStateDescriptor<>(name, LongSerializer.INSTANCE));
    }

    @Override
    public void processElement(DriftReport report, Context ctx, Collector<Alert> out)
            throws Exception {
        try {
            onReport(report, out);
        } catch (RuntimeException e) {
            // one odd report costs one dead letter (processing: drift-alerts), not a restart
            processingFailures.inc();
            ctx.output(
                    DEAD_LETTERS,
                    DeadLetter.processing(
                            "driftline.drift-reports",
                            "drift-alerts",
                            report,
                            e,
                            ctx.timerService().currentProcessingTime()));
        }
    }

    private void onReport(DriftReport report, Collector<Alert> out) throws Exception {
        if (report.isMetricReport()) {
            // metric streams have their own alert; they say nothing about feature drift
            update(
                    anomalySince,
                    report.severity() == Severity.DRIFT,
                    report,
                    out,
                    Alert.MODEL_METRIC_ANOMALY,
                    "warning");
            return;
        }
        Long last = lastWindowEnd.value();
        if (last != null && report.windowEnd() < last) {
            return; // an older window re-evaluated after late data: the newer ones decide
        }
        lastWindowEnd.update(report.windowEnd());
        boolean drifted =
                report.severity() == Severity.DRIFT
                        && report.features().stream()
                                .anyMatch(f -> f.drifted() && !f.feature().startsWith("__"));
        boolean degraded =
                report.performance() != null && report.performance().severity() == Severity.DRIFT;
        update(driftSince, drifted, report, out, Alert.MODEL_DRIFT_DETECTED, "warning");
        update(degradedSince, degraded, report, out, Alert.MODEL_PERFORMANCE_DEGRADED, "critical");
        boolean schemaDrift =
                report.schemaDrift() != null && report.schemaDrift().severity() == Severity.DRIFT;
        update(schemaSince, schemaDrift, report, out, Alert.MODEL_SCHEMA_DRIFT, "warning");
        if (!drifted && !degraded && !schemaDrift) {
            lastWindowEnd.clear(); // nothing active: no state kept for a healthy model
        }
    }

    private void update(
            ValueState<Long> since,
            boolean active,
            DriftReport report,
            Collector<Alert> out,
            String alertname,
            String severity)
            throws Exception {
        Long start = since.value();
        if (active) {
            if (start == null) {
                start = report.windowEnd();
                since.update(start);
            }
            out.collect(alert(alertname, severity, report, start));
        } else if (start != null) {
            out.collect(alert(alertname, severity, report, start).resolve(report.windowEnd()));
            since.clear();
        }
    }

    private Alert alert(String alertname, String severity, DriftReport report, long startsAt) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Alert.MODEL_LABEL, report.model());
        labels.put(Alert.SEVERITY_LABEL, severity);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(Alert.SUMMARY_ANNOTATION, summary(alertname, report));
        annotations.put(Alert.DESCRIPTION_ANNOTATION, description(report));
        annotations.put(
                Alert.RUNBOOK_ANNOTATION, runbookBaseUrl + alertname.toLowerCase(Locale.ROOT));
        return Alert.firing(alertname, labels, annotations, startsAt);
    }

    static String summary(String alertname, DriftReport report) {
        if (Alert.MODEL_METRIC_ANOMALY.equals(alertname)) {
            String series =
                    report.detectors().stream()
                            .map(d -> d.stream() + " (" + d.detector() + ")")
                            .collect(Collectors.joining(", "));
            return String.format(
                    Locale.ROOT,
                    "%s: anomalous metrics %s in the window ending %d",
                    report.model(),
                    series,
                    report.windowEnd());
        }
        if (Alert.MODEL_SCHEMA_DRIFT.equals(alertname) && report.schemaDrift() != null) {
            DriftReport.SchemaDrift schema = report.schemaDrift();
            List<String> parts = new java.util.ArrayList<>();
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

    static String description(DriftReport report) {
        String stats =
                report.features().stream()
                        .filter(DriftReport.FeatureDrift::drifted)
                        .map(
                                f ->
                                        f.feature()
                                                + ": "
                                                + f.statistics().entrySet().stream()
                                                        .filter(
                                                                e ->
                                                                        e.getKey().equals("psi")
                                                                                || e.getKey()
                                                                                        .equals(
                                                                                                "js_distance")
                                                                                || e.getKey()
                                                                                        .equals(
                                                                                                "ks_statistic")
                                                                                || e.getKey()
                                                                                        .equals(
                                                                                                "wasserstein_normalized")
                                                                                || e.getKey()
                                                                                        .equals(
                                                                                                "chi_square"))
                                                        .map(
                                                                e ->
                                                                        String.format(
                                                                                Locale.ROOT,
                                                                                "%s=%.3f",
                                                                                e.getKey(),
                                                                                e.getValue()))
                                                        .collect(Collectors.joining(" ")))
                        .collect(Collectors.joining("; "));
        return String.format(
                Locale.ROOT,
                "report %s, %d events, reference version %s. %s",
                report.reportId(),
                report.n(),
                report.referenceVersion(),
                stats.isEmpty() ? "No drifted features." : stats);
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
