package io.driftline.operators.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.core.policy.RetrainPolicyTest;
import io.driftline.events.Alert;
import io.driftline.events.DriftReport;
import io.driftline.events.Severity;
import io.driftline.operators.serialization.EventJsonSerializer;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DriftAlertFunctionTest {

    static DriftReport report(long windowEnd, boolean featureDrift, boolean performanceDrift) {
        return RetrainPolicyTest.report(
                "m", (int) (windowEnd / 60_000) - 1, featureDrift, performanceDrift, 1000);
    }

    @Test
    void firesWhileTheConditionHoldsAndResolvesOnTheFirstHealthyWindow() throws Exception {
        try (var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new DriftAlertFunction("https://runbooks/")),
                        DriftReport::model,
                        Types.STRING)) {
            h.setup(new EventJsonSerializer<>(Alert.class));
            h.open();
            h.processElement(report(60_000, false, false), 0);
            h.processElement(report(120_000, true, false), 0);
            h.processElement(report(180_000, true, true), 0);
            h.processElement(report(240_000, false, false), 0);

            List<Alert> alerts = h.extractOutputValues();
            assertThat(alerts)
                    .extracting(Alert::alertname)
                    .containsExactly(
                            Alert.MODEL_DRIFT_DETECTED,
                            Alert.MODEL_DRIFT_DETECTED,
                            Alert.MODEL_PERFORMANCE_DEGRADED,
                            Alert.MODEL_DRIFT_DETECTED,
                            Alert.MODEL_PERFORMANCE_DEGRADED);
            Alert first = alerts.get(0);
            assertThat(first.resolved()).isFalse();
            assertThat(first.startsAt()).isEqualTo(120_000);
            assertThat(first.labels())
                    .containsEntry("model", "m")
                    .containsEntry("severity", "warning");
            assertThat(first.annotations().get("summary")).contains("drift in x");
            assertThat(first.annotations().get("runbook_url"))
                    .isEqualTo("https://runbooks/#modeldriftdetected");
            assertThat(alerts.get(1).startsAt()).isEqualTo(120_000); // still the same alert
            assertThat(alerts.get(2).labels()).containsEntry("severity", "critical");
            assertThat(alerts.get(3).resolved()).isTrue();
            assertThat(alerts.get(3).endsAt()).isEqualTo(240_000);
            assertThat(alerts.get(3).fingerprint()).isEqualTo(first.fingerprint());
            assertThat(alerts.get(4).resolved()).isTrue();
            // a healthy model keeps no state
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void schemaDriftRaisesModelSchemaDriftUntilAWindowWithoutIt() throws Exception {
        try (var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new DriftAlertFunction("https://runbooks/")),
                        DriftReport::model,
                        Types.STRING)) {
            h.setup(new EventJsonSerializer<>(Alert.class));
            h.open();
            DriftReport base = report(60_000, false, false);
            DriftReport.SchemaDrift missingAge =
                    new DriftReport.SchemaDrift(
                            Map.of("amount", 40L),
                            List.of(),
                            List.of("age"),
                            Map.of(),
                            Severity.DRIFT);
            DriftReport.SchemaDrift warningOnly =
                    new DriftReport.SchemaDrift(
                            Map.of(), List.of("device"), List.of(), Map.of(), Severity.WARNING);
            h.processElement(withSchema(report(60_000, false, false), missingAge), 0);
            h.processElement(withSchema(report(120_000, false, false), warningOnly), 0);

            List<Alert> alerts = h.extractOutputValues();
            assertThat(alerts)
                    .extracting(Alert::alertname)
                    .containsExactly(Alert.MODEL_SCHEMA_DRIFT, Alert.MODEL_SCHEMA_DRIFT);
            assertThat(alerts.get(0).resolved()).isFalse();
            assertThat(alerts.get(0).annotations().get("summary"))
                    .contains("missing features age")
                    .contains("kind changes {amount=40}");
            assertThat(alerts.get(1).resolved()).isTrue();
            assertThat(base.schemaDrift()).isNull();
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    private static DriftReport withSchema(DriftReport r, DriftReport.SchemaDrift schema) {
        return new DriftReport(
                r.reportId(),
                r.model(),
                r.modelVersion(),
                r.windowStart(),
                r.windowEnd(),
                r.n(),
                r.features(),
                r.performance(),
                r.detectors(),
                r.severity(),
                r.referenceVersion(),
                schema,
                r.kind());
    }

    @Test
    void metricReportsRaiseModelMetricAnomalyWithoutTouchingDriftAlerts() throws Exception {
        try (var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new DriftAlertFunction("https://runbooks/")),
                        DriftReport::model,
                        Types.STRING)) {
            h.setup(new EventJsonSerializer<>(Alert.class));
            h.open();
            h.processElement(report(60_000, true, false), 0);
            h.processElement(
                    io.driftline.operators.policy.RetrainPolicyFunctionTest.metricReport(0, true),
                    0);
            h.processElement(
                    io.driftline.operators.policy.RetrainPolicyFunctionTest.metricReport(1, false),
                    0);
            List<Alert> alerts = h.extractOutputValues();
            assertThat(alerts)
                    .extracting(Alert::alertname)
                    .containsExactly(
                            Alert.MODEL_DRIFT_DETECTED,
                            Alert.MODEL_METRIC_ANOMALY,
                            Alert.MODEL_METRIC_ANOMALY);
            assertThat(alerts.get(1).annotations().get("summary")).contains("model_accuracy");
            assertThat(alerts.get(2).resolved()).isTrue();
            assertThat(alerts.get(0).resolved()).isFalse();
        }
    }
}
