package io.driftline.events;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fully populated and minimal instances of every wire message, shared by the tests. */
public final class SampleEvents {

    public static final String SHA =
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"; // sha256("test")

    private SampleEvents() {}

    public static FeedbackEvent feedback() {
        Map<String, FeatureValue> features = new LinkedHashMap<>();
        features.put("amount", new FeatureValue.Numeric(12.5));
        features.put("country", new FeatureValue.Categorical("de"));
        features.put("age", FeatureValue.MISSING);
        return new FeedbackEvent(
                "e-1",
                "fraud",
                "3",
                1_700_000_000_000L,
                features,
                new FeatureValue.Categorical("fraud"),
                0.93,
                new FeatureValue.Categorical("legit"),
                Map.of("region", "eu"));
    }

    public static FeedbackEvent outcomeOnly() {
        return new FeedbackEvent(
                "e-1",
                "fraud",
                null,
                1_700_000_360_000L,
                null,
                null,
                null,
                new FeatureValue.Numeric(1.0),
                null);
    }

    public static MetricSample metric() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("model", "fraud");
        labels.put("host", "node-1");
        return new MetricSample("inference_latency_seconds", labels, 0.0125, 1_700_000_000_500L);
    }

    public static DriftReport driftReport() {
        Map<String, Double> numericStats = new LinkedHashMap<>();
        numericStats.put("psi", 0.31);
        numericStats.put("ks", 0.22);
        numericStats.put("wasserstein", 0.15);
        return new DriftReport(
                "fraud-1700000000000-1700000060000",
                "fraud",
                "3",
                1_700_000_000_000L,
                1_700_000_060_000L,
                5_000L,
                List.of(
                        new DriftReport.FeatureDrift(
                                "amount", FeatureKind.NUMERIC, numericStats, 1.2e-9, true),
                        new DriftReport.FeatureDrift(
                                "country",
                                FeatureKind.CATEGORICAL,
                                Map.of("chi2", 3.1),
                                null,
                                false)),
                new DriftReport.PerformanceDrift("f1", 0.71, 0.82, -0.11, Severity.WARNING),
                List.of(new DriftReport.DetectorSignal("adwin", "error_rate", "drift")),
                Severity.DRIFT,
                "3",
                new DriftReport.SchemaDrift(
                        Map.of("amount", 12L),
                        List.of("device"),
                        List.of("age"),
                        Map.of("country", 40L),
                        Severity.DRIFT),
                ReportKind.FEATURE);
    }

    public static DriftReport minimalDriftReport() {
        return new DriftReport(
                "r-0", "fraud", null, 0L, 0L, 0L, null, null, null, Severity.NONE, null);
    }

    public static RetrainTrigger trigger() {
        return RetrainTrigger.pending(
                        "fraud",
                        1_700_000_060_000L,
                        TriggerReason.DRIFT,
                        Severity.DRIFT,
                        new Evidence(
                                List.of("r-1", "r-2"),
                                Map.of("amount.psi", 0.31),
                                "amount drifted in 2 consecutive windows"),
                        1_700_000_061_000L,
                        false)
                .withStatus(TriggerStatus.RUNNING, 1_700_000_062_000L)
                .withClaim("trainer-a", 1_700_000_662_000L)
                .withStatus(TriggerStatus.FAILED, 1_700_000_100_000L)
                .withError("too few rows: 12 < 1000")
                .withModelVersion(4);
    }

    public static RetrainStatus retrainStatus() {
        return new RetrainStatus(
                "fraud-drift-1700000060000",
                "fraud",
                TriggerStatus.RUNNING,
                TriggerStatus.COMPLETED,
                1_700_000_200_000L,
                "trainer-a",
                4,
                null,
                1);
    }

    public static ModelPublished modelPublished() {
        Map<String, Long> frequencies = new LinkedHashMap<>();
        frequencies.put("de", 600L);
        frequencies.put("fr", 300L);
        frequencies.put("", 5L);
        Map<String, FeatureProfile> features = new LinkedHashMap<>();
        features.put(
                "amount",
                new FeatureProfile(FeatureKind.NUMERIC, 995L, 5L, "AQIDBA==", Map.of(), 0L));
        features.put(
                "country",
                new FeatureProfile(FeatureKind.CATEGORICAL, 1000L, 0L, null, frequencies, 95L));
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("candidate_f1", 0.84);
        metrics.put("champion_f1", 0.82);
        return new ModelPublished(
                "fraud",
                4,
                3,
                "fraud-drift-1700000060000",
                "file:///var/driftline/models/fraud/4/model.pt",
                SHA,
                metrics,
                ModelStage.PRODUCTION,
                new ReferenceProfile(1000L, features, Map.of("f1", 0.84)),
                1_700_000_300_000L);
    }

    public static DeadLetter deadLetter() {
        return DeadLetter.of(
                "driftline.feedback",
                2,
                4_711L,
                "{\"model\":\"fraud\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "missing field: event_id",
                1_700_000_000_900L);
    }

    public static Alert alert() {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", "Retrain of fraud failed");
        annotations.put("description", "Trigger fraud-drift-1700000060000 failed: too few rows");
        annotations.put("runbook_url", "https://example.org/runbooks#autoretrainfailed");
        return Alert.firing(
                Alert.AUTO_RETRAIN_FAILED,
                Map.of("model", "fraud", "severity", "critical"),
                annotations,
                1_700_000_100_000L);
    }

    public static Alert resolvedAlert() {
        return alert().resolve(1_700_003_700_000L);
    }
}
