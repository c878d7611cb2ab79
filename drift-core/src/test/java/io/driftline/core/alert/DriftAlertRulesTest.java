package io.driftline.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.core.policy.RetrainPolicyTest;
import io.driftline.events.Alert;
import io.driftline.events.DriftReport;
import io.driftline.events.FeatureKind;
import io.driftline.events.ReportKind;
import io.driftline.events.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftAlertRulesTest {

    private final DriftAlertRules rules = new DriftAlertRules("https://runbooks/");
    private final AlertTimeline timeline = new AlertTimeline();

    @Test
    void driftFiresEveryWindowFromItsFirstAndResolvesOnTheFirstHealthyOne() {
        List<Alert> first = rules.onReport(report(60_000, true), timeline);
        List<Alert> second = rules.onReport(report(120_000, true), timeline);
        List<Alert> healthy = rules.onReport(report(180_000, false), timeline);

        assertThat(first).singleElement().satisfies(a -> firing(a, 60_000));
        assertThat(second).singleElement().satisfies(a -> firing(a, 60_000));
        assertThat(healthy).singleElement().satisfies(a -> assertThat(a.resolved()).isTrue());
        assertThat(healthy.get(0).endsAt()).isEqualTo(180_000);
        assertThat(healthy.get(0).annotations().get(Alert.RUNBOOK_ANNOTATION))
                .isEqualTo("https://runbooks/#modeldriftdetected");
        assertThat(timeline.isEmpty()).isTrue();
    }

    @Test
    void anOlderWindowReEvaluatedAfterLateDataDecidesNothing() {
        rules.onReport(report(120_000, true), timeline);

        assertThat(rules.onReport(report(60_000, false), timeline)).isEmpty();
        assertThat(timeline.driftSince()).isEqualTo(120_000);
    }

    @Test
    void reservedFeaturesAloneAreNotFeatureDrift() {
        DriftReport predictionOnly =
                new DriftReport(
                        "m:60000",
                        "m",
                        "1",
                        0,
                        60_000,
                        100,
                        List.of(feature("__prediction__", true)),
                        null,
                        List.of(),
                        Severity.DRIFT,
                        "1");

        assertThat(rules.onReport(predictionOnly, timeline)).isEmpty();
        assertThat(timeline.isEmpty()).isTrue();
    }

    @Test
    void metricReportsHaveTheirOwnAlertAndLeaveFeatureAlertsAlone() {
        rules.onReport(report(60_000, true), timeline);

        List<Alert> anomaly = rules.onReport(metric(120_000, true), timeline);
        List<Alert> calm = rules.onReport(metric(180_000, false), timeline);

        assertThat(anomaly)
                .singleElement()
                .satisfies(a -> assertThat(a.alertname()).isEqualTo(Alert.MODEL_METRIC_ANOMALY));
        assertThat(anomaly.get(0).annotations().get(Alert.SUMMARY_ANNOTATION))
                .contains("latency_seconds (threshold)");
        assertThat(calm).singleElement().satisfies(a -> assertThat(a.resolved()).isTrue());
        assertThat(timeline.driftSince()).isEqualTo(60_000);
    }

    @Test
    void theDescriptionNamesTheDriftedFeaturesStatistics() {
        Alert alert = rules.onReport(report(60_000, true), timeline).get(0);

        assertThat(alert.annotations().get(Alert.DESCRIPTION_ANNOTATION))
                .isEqualTo("report m-60000, 100 events, reference version 1. x: psi=0.500");
        assertThat(alert.annotations().get(Alert.SUMMARY_ANNOTATION))
                .isEqualTo("m: drift in x (1 of 1 features) in the window ending 60000");
    }

    private static void firing(Alert alert, long startsAt) {
        assertThat(alert.alertname()).isEqualTo(Alert.MODEL_DRIFT_DETECTED);
        assertThat(alert.resolved()).isFalse();
        assertThat(alert.startsAt()).isEqualTo(startsAt);
    }

    private static DriftReport report(long end, boolean drifted) {
        return RetrainPolicyTest.report("m", (int) (end / 60_000) - 1, drifted, false, 100);
    }

    private static DriftReport.FeatureDrift feature(String name, boolean drifted) {
        return new DriftReport.FeatureDrift(
                name, FeatureKind.NUMERIC, Map.of("psi", 0.4), 1e-9, drifted);
    }

    private static DriftReport metric(long end, boolean anomalous) {
        return new DriftReport(
                "m:metrics:" + end,
                "m",
                null,
                end - 60_000,
                end,
                6,
                List.of(),
                null,
                anomalous
                        ? List.of(
                                new DriftReport.DetectorSignal(
                                        "threshold", "latency_seconds", "drift"))
                        : List.of(),
                anomalous ? Severity.DRIFT : Severity.NONE,
                null,
                null,
                ReportKind.METRIC);
    }
}
