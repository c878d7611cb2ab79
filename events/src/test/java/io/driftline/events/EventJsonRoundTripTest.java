package io.driftline.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message survives build → JSON → parse unchanged, and its JSON follows the contract in
 * DESIGN.md ("Contracts"): snake_case, {@code "schema": 1} first, lower-case enums.
 */
class EventJsonRoundTripTest {

    static Stream<Object> events() {
        return Stream.of(
                SampleEvents.feedback(),
                SampleEvents.outcomeOnly(),
                SampleEvents.metric(),
                new MetricSample("up", null, 1.0, 0L),
                SampleEvents.driftReport(),
                SampleEvents.minimalDriftReport(),
                SampleEvents.trigger(),
                RetrainTrigger.pending(
                        "fraud", 0L, TriggerReason.MANUAL, Severity.NONE, null, 0L, true),
                SampleEvents.retrainStatus(),
                new RetrainStatus(
                        "t", "fraud", null, TriggerStatus.PENDING, 0L, null, null, null, 0),
                SampleEvents.modelPublished(),
                new ModelPublished(
                        "fraud",
                        1,
                        null,
                        null,
                        "s3://b/k",
                        SampleEvents.SHA,
                        null,
                        ModelStage.STAGING,
                        null,
                        0L),
                SampleEvents.deadLetter(),
                DeadLetter.of("driftline.metrics", null, null, new byte[] {(byte) 0xff}, "x", 0L),
                SampleEvents.alert(),
                SampleEvents.resolvedAlert(),
                Alert.firing("NoRetrainWithDrift", null, null, 0L));
    }

    @ParameterizedTest
    @MethodSource("events")
    void roundTripsUnchanged(Object event) {
        byte[] json = EventJson.toJson(event);

        ParseResult<?> parsed = EventJson.parse(json, event.getClass(), EventLimits.DEFAULTS);

        assertThat(parsed.isValid()).as("reason: %s", parsed).isTrue();
        assertThat(parsed.value()).isEqualTo(event);
        assertThat(EventJson.toJson(parsed.value())).isEqualTo(json);
        assertThat(EventJson.validate(event)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("events")
    void writesSchemaFirst(Object event) {
        assertThat(EventJson.toJsonString(event)).startsWith("{\"schema\":1,");
    }

    @Test
    void alertJsonUsesTheContractNames() {
        assertThat(EventJson.toJsonString(SampleEvents.alert()))
                .isEqualTo(
                        "{\"schema\":1,\"alertname\":\"AutoRetrainFailed\","
                                + "\"labels\":{\"alertname\":\"AutoRetrainFailed\","
                                + "\"model\":\"fraud\",\"severity\":\"critical\"},"
                                + "\"annotations\":{\"summary\":\"Retrain of fraud failed\","
                                + "\"description\":\"Trigger fraud-drift-1700000060000 failed:"
                                + " too few rows\","
                                + "\"runbook_url\":\"https://example.org/runbooks#autoretrainfailed\"},"
                                + "\"starts_at\":1700000100000,\"ends_at\":null,"
                                + "\"fingerprint\":\"b60f1b67474a9262\"}");
        assertThat(EventJson.toJsonString(SampleEvents.resolvedAlert()))
                .contains("\"ends_at\":1700003700000");
    }

    @Test
    void parsesAHandWrittenAlertWithoutAlertnameLabelOrFingerprint() {
        String json =
                "{\"alertname\":\"AutoRetrainFailed\",\"starts_at\":5,"
                        + "\"labels\":{\"severity\":\"critical\",\"model\":\"fraud\"}}";

        Alert alert = EventJson.parseAlert(bytes(json)).value();

        assertThat(alert.labels())
                .containsExactly(
                        Map.entry("alertname", "AutoRetrainFailed"),
                        Map.entry("model", "fraud"),
                        Map.entry("severity", "critical"));
        assertThat(alert.annotations()).isEmpty();
        assertThat(alert.resolved()).isFalse();
        assertThat(alert.fingerprint()).isEqualTo("b60f1b67474a9262");
    }

    @Test
    void feedbackEventJsonIsSnakeCaseWithExplicitNulls() {
        String json = EventJson.toJsonString(SampleEvents.feedback());

        assertThat(json)
                .isEqualTo(
                        "{\"schema\":1,\"event_id\":\"e-1\",\"model\":\"fraud\","
                                + "\"model_version\":\"3\",\"ts\":1700000000000,"
                                + "\"features\":{\"amount\":12.5,\"country\":\"de\",\"age\":null},"
                                + "\"prediction\":\"fraud\",\"confidence_score\":0.93,"
                                + "\"actual\":\"legit\",\"segment\":{\"region\":\"eu\"}}");
    }

    @Test
    void parsesAHandWrittenFeedbackEvent() {
        String json =
                "{\"schema\":1,\"event_id\":\"e-1\",\"model\":\"fraud\",\"ts\":5,"
                        + "\"features\":{\"amount\":12,\"country\":\"de\",\"age\":null},"
                        + "\"prediction\":0.7}";

        FeedbackEvent event = EventJson.parseFeedback(bytes(json)).value();

        assertThat(event.eventId()).isEqualTo("e-1");
        assertThat(event.modelVersion()).isNull();
        assertThat(event.features())
                .containsExactly(
                        Map.entry("amount", new FeatureValue.Numeric(12.0)),
                        Map.entry("country", new FeatureValue.Categorical("de")),
                        Map.entry("age", FeatureValue.MISSING));
        assertThat(event.prediction()).isEqualTo(new FeatureValue.Numeric(0.7));
        assertThat(event.confidenceScore()).isNull();
        assertThat(event.hasOutcome()).isFalse();
        assertThat(event.segment()).isEmpty();
    }

    @Test
    void driftReportJsonUsesTheContractNames() {
        String json = EventJson.toJsonString(SampleEvents.driftReport());

        assertThat(json)
                .contains(
                        "\"report_id\":\"fraud-1700000000000-1700000060000\"",
                        "\"window_start\":1700000000000",
                        "\"window_end\":1700000060000",
                        "\"kind\":\"numeric\"",
                        "\"p_value\":1.2E-9",
                        "\"drifted\":true",
                        "\"performance\":{\"metric\":\"f1\",\"value\":0.71,\"baseline\":0.82,"
                                + "\"delta\":-0.11,\"severity\":\"warning\"}",
                        "\"detectors\":[{\"detector\":\"adwin\",\"stream\":\"error_rate\","
                                + "\"signal\":\"drift\"}]",
                        "\"severity\":\"drift\"",
                        "\"kind\":\"feature\"",
                        "\"reference_version\":\"3\"");
    }

    @Test
    void metricReportsAreTheirOwnKind() {
        DriftReport metric =
                new DriftReport(
                        "m:metrics:60000",
                        "fraud",
                        null,
                        0L,
                        60_000L,
                        6L,
                        List.of(),
                        null,
                        List.of(),
                        Severity.NONE,
                        null,
                        null,
                        ReportKind.METRIC);

        String json = EventJson.toJsonString(metric);

        assertThat(json).contains("\"kind\":\"metric\"", "\"reference_version\":null");
        DriftReport back = EventJson.parseDriftReport(json.getBytes(UTF_8)).value();
        assertThat(back).isEqualTo(metric);
        assertThat(back.isMetricReport()).isTrue();
    }

    @Test
    void reportsWrittenBeforeTheKindFieldKeepTheirMeaning() {
        String legacyMetric =
                "{\"schema\":1,\"report_id\":\"m:metrics:60000\",\"model\":\"fraud\","
                        + "\"window_start\":0,\"window_end\":60000,\"n\":6,"
                        + "\"severity\":\"none\",\"reference_version\":\"metrics\"}";
        String legacyFeature = legacyMetric.replace("\"metrics\"}", "\"3\"}");

        DriftReport metric = EventJson.parseDriftReport(legacyMetric.getBytes(UTF_8)).value();
        DriftReport feature = EventJson.parseDriftReport(legacyFeature.getBytes(UTF_8)).value();

        assertThat(metric.kind()).isEqualTo(ReportKind.METRIC);
        assertThat(metric.referenceVersion()).isNull();
        assertThat(feature.kind()).isEqualTo(ReportKind.FEATURE);
        assertThat(feature.referenceVersion()).isEqualTo("3");
    }

    @Test
    void anUnknownReportKindIsInvalid() {
        String json =
                "{\"schema\":1,\"report_id\":\"r\",\"model\":\"fraud\",\"window_start\":0,"
                        + "\"window_end\":1,\"n\":0,\"severity\":\"none\",\"kind\":\"both\"}";

        ParseResult<DriftReport> result = EventJson.parseDriftReport(json.getBytes(UTF_8));

        assertThat(result.isValid()).isFalse();
        assertThat(result.reason()).contains("kind");
    }

    @Test
    void triggerJsonUsesTheContractNames() {
        String json = EventJson.toJsonString(SampleEvents.trigger());

        assertThat(json)
                .contains(
                        "\"trigger_id\":\"fraud-drift-1700000060000\"",
                        "\"reason\":\"drift\"",
                        "\"evidence\":{\"report_ids\":[\"r-1\",\"r-2\"],"
                                + "\"statistics\":{\"amount.psi\":0.31},",
                        "\"triggered_at\":1700000061000",
                        "\"force\":false",
                        "\"status\":\"failed\"",
                        "\"attempts\":1",
                        "\"error\":\"too few rows: 12 < 1000\"",
                        "\"lease_until\":null",
                        "\"trainer_id\":\"trainer-a\"",
                        "\"started_at\":1700000062000",
                        "\"completed_at\":1700000100000",
                        "\"model_version\":4");
    }

    @Test
    void modelPublishedJsonUsesTheContractNames() {
        String json = EventJson.toJsonString(SampleEvents.modelPublished());

        assertThat(json)
                .contains(
                        "\"parent_version\":3",
                        "\"artifact_uri\":\"file:///var/driftline/models/fraud/4/model.pt\"",
                        "\"stage\":\"production\"",
                        "\"reference_profile\":{\"sample_count\":1000,",
                        "\"amount\":{\"kind\":\"numeric\",\"count\":995,\"missing\":5,"
                                + "\"sketch\":\"AQIDBA==\",\"frequencies\":{},\"other_count\":0}",
                        "\"frequencies\":{\"de\":600,\"fr\":300,\"\":5},\"other_count\":95",
                        "\"baseline_performance\":{\"f1\":0.84}",
                        "\"published_at\":1700000300000");
    }

    @Test
    void retrainStatusAndDeadLetterJsonUseTheContractNames() {
        assertThat(EventJson.toJsonString(SampleEvents.retrainStatus()))
                .isEqualTo(
                        "{\"schema\":1,\"trigger_id\":\"fraud-drift-1700000060000\","
                                + "\"model\":\"fraud\",\"from\":\"running\",\"to\":\"completed\","
                                + "\"ts\":1700000200000,\"trainer_id\":\"trainer-a\","
                                + "\"model_version\":4,\"error\":null,\"attempts\":1}");
        // base64 of {"model":"fraud"} computed with python3: base64.b64encode(b'{"model":"fraud"}')
        assertThat(EventJson.toJsonString(SampleEvents.deadLetter()))
                .isEqualTo(
                        "{\"schema\":1,\"source_topic\":\"driftline.feedback\",\"partition\":2,"
                                + "\"offset\":4711,\"reason\":\"missing field: event_id\","
                                + "\"payload_base64\":\"eyJtb2RlbCI6ImZyYXVkIn0=\","
                                + "\"payload_text\":\"{\\\"model\\\":\\\"fraud\\\"}\","
                                + "\"failed_at\":1700000000900}");
    }

    @Test
    void metricJsonKeepsLabelOrder() {
        assertThat(EventJson.toJsonString(SampleEvents.metric()))
                .isEqualTo(
                        "{\"schema\":1,\"name\":\"inference_latency_seconds\","
                                + "\"labels\":{\"model\":\"fraud\",\"host\":\"node-1\"},"
                                + "\"value\":0.0125,\"ts\":1700000000500}");
    }

    @Test
    void ignoresUnknownFieldsAtEveryLevel() {
        String json =
                "{\"schema\":1,\"event_id\":\"e-1\",\"model\":\"fraud\",\"ts\":5,"
                        + "\"features\":{\"x\":1},\"prediction\":1,\"added_in_v1_1\":{\"deep\":[1,{\"x\":null}]},"
                        + "\"trace_id\":\"abc\"}";
        String report =
                "{\"report_id\":\"r\",\"model\":\"m\",\"window_start\":0,\"window_end\":1,\"n\":0,"
                        + "\"severity\":\"none\",\"features\":[{\"feature\":\"a\","
                        + "\"kind\":\"numeric\",\"drifted\":false,\"new_stat\":[1,2]}]}";

        assertThat(EventJson.parseFeedback(bytes(json)).value())
                .isEqualTo(
                        new FeedbackEvent(
                                "e-1",
                                "fraud",
                                null,
                                5L,
                                Map.of("x", new FeatureValue.Numeric(1.0)),
                                new FeatureValue.Numeric(1.0),
                                null,
                                null,
                                Map.of()));
        assertThat(EventJson.parseDriftReport(bytes(report)).value().features())
                .containsExactly(
                        new DriftReport.FeatureDrift(
                                "a", FeatureKind.NUMERIC, Map.of(), null, false));
    }

    @Test
    void acceptsMissingSchemaAsVersionOne() {
        String json = "{\"event_id\":\"e-1\",\"model\":\"fraud\",\"ts\":5,\"actual\":\"x\"}";

        ParseResult<FeedbackEvent> result = EventJson.parseFeedback(bytes(json));

        assertThat(result.isValid()).isTrue();
        assertThat(result.value().hasOutcome()).isTrue();
        assertThat(result.value().prediction()).isNull();
        assertThat(EventJson.parseFeedback(bytes(json.replace("{", "{\"schema\":null,"))).isValid())
                .isTrue();
    }

    @Test
    void absentOptionalCollectionsAndDefaultsParseToEmpty() {
        String trigger =
                "{\"trigger_id\":\"t\",\"model\":\"m\",\"reason\":\"schedule\","
                        + "\"severity\":\"none\",\"triggered_at\":0,\"status\":\"pending\"}";

        RetrainTrigger parsed = EventJson.parseRetrainTrigger(bytes(trigger)).value();

        assertThat(parsed.evidence()).isEqualTo(Evidence.EMPTY);
        assertThat(parsed.force()).isFalse();
        assertThat(parsed.attempts()).isZero();
        assertThat(parsed.leaseUntil()).isNull();
    }

    @Test
    void missingPredictionOrActualIsStoredAsNull() {
        FeedbackEvent event =
                new FeedbackEvent(
                        "e",
                        "m",
                        null,
                        0L,
                        null,
                        FeatureValue.MISSING,
                        null,
                        FeatureValue.MISSING,
                        null);

        assertThat(event.prediction()).isNull();
        assertThat(event.actual()).isNull();
        assertThat(event.hasOutcome()).isFalse();
    }

    @Test
    void nullFeatureValueIsMissing() {
        Map<String, FeatureValue> features = new java.util.HashMap<>();
        features.put("a", null);

        FeedbackEvent event =
                new FeedbackEvent(
                        "e", "m", null, 0L, features, FeatureValue.of(1.0), null, null, null);

        assertThat(event.features()).containsExactly(Map.entry("a", FeatureValue.MISSING));
        assertThat(event.features().get("a").isMissing()).isTrue();
        assertThat(FeatureValue.of((String) null)).isSameAs(FeatureValue.MISSING);
    }

    @Test
    void recordsCopyTheirCollections() {
        List<String> ids = new java.util.ArrayList<>(List.of("r-1"));
        Evidence evidence = new Evidence(ids, null, null);
        ids.add("r-2");

        assertThat(evidence.reportIds()).containsExactly("r-1");
        assertThatThrownBy(() -> evidence.reportIds().add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toJsonRefusesNonFiniteNumbersAndValidateReportsThem() {
        FeedbackEvent nan =
                new FeedbackEvent(
                        "e",
                        "m",
                        null,
                        0L,
                        Map.of("x", FeatureValue.of(Double.NaN)),
                        FeatureValue.of(1.0),
                        null,
                        null,
                        null);

        assertThatThrownBy(() -> EventJson.toJson(nan))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("non-finite number in features.x");
        assertThat(EventJson.validate(nan)).contains("non-finite number in features.x");
    }

    @Test
    void validateAppliesTheConsumerRules() {
        FeedbackEvent badModel =
                new FeedbackEvent(
                        "e", "..", null, 0L, null, FeatureValue.of(1.0), null, null, null);
        FeedbackEvent tooConfident =
                new FeedbackEvent("e", "m", null, 0L, null, FeatureValue.of(1.0), 1.5, null, null);

        assertThat(EventJson.validate(badModel)).contains("invalid model name: ..");
        assertThat(EventJson.validate(tooConfident))
                .contains("out of range: confidence_score (expected 0..1)");
        assertThat(
                        EventJson.validate(
                                SampleEvents.feedback(),
                                new EventLimits(1 << 20, 2, 4096, 256, 64)))
                .contains("too many entries in features: 3 > 2");
    }

    @Test
    void rejectsTypesThatAreNotMessages() {
        assertThatThrownBy(() -> EventJson.toJson("text"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a driftline event");
        assertThatThrownBy(() -> EventJson.parse(bytes("{}"), String.class, EventLimits.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseResultAccessorsFailFastOnTheWrongBranch() {
        ParseResult<FeedbackEvent> invalid = EventJson.parseFeedback(bytes("[]"));
        ParseResult<FeedbackEvent> valid =
                EventJson.parseFeedback(EventJson.toJson(SampleEvents.feedback()));

        assertThat(invalid.isValid()).isFalse();
        assertThat(invalid.toOptional()).isEmpty();
        assertThatThrownBy(invalid::value)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("invalid event: not an object: got array");
        assertThat(valid.toOptional()).contains(SampleEvents.feedback());
        assertThatThrownBy(valid::reason).isInstanceOf(IllegalStateException.class);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
