package io.driftline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each rule of the contract (DESIGN.md "Contracts", the package Javadoc's reason vocabulary)
 * rejects its input with its own reason, and never throws.
 *
 * <p>Inputs are a valid base message with one field replaced, removed or added; in the raw JSON
 * fragments {@code '} stands for {@code "}. An expected reason ending in {@code *} is a prefix (the
 * rest is Jackson's own wording).
 */
class EventJsonInvalidInputTest {

    private static final EventLimits SMALL = new EventLimits(300, 2, 10, 5, 2);

    private static final String[] FEEDBACK = {
        "event_id", "'e-1'",
        "model", "'fraud'",
        "ts", "1700000000000",
        "features", "{'amount':12.5,'country':'de','age':null}",
        "prediction", "1",
        "confidence_score", "0.9",
    };
    private static final String[] METRIC = {
        "name", "'inference_latency_seconds'",
        "labels", "{'model':'fraud'}",
        "value", "0.012",
        "ts", "1",
    };
    private static final String[] REPORT = {
        "report_id", "'r-1'",
        "model", "'fraud'",
        "window_start", "1000",
        "window_end", "2000",
        "n", "500",
        "features",
                "[{'feature':'amount','kind':'numeric','statistics':{'psi':0.3},"
                        + "'p_value':0.001,'drifted':true}]",
        "performance",
                "{'metric':'f1','value':0.7,'baseline':0.8,'delta':-0.1,'severity':'warning'}",
        "severity", "'drift'",
    };
    private static final String[] TRIGGER = {
        "trigger_id", "'fraud-drift-2000'",
        "model", "'fraud'",
        "reason", "'drift'",
        "severity", "'drift'",
        "evidence", "{'report_ids':['r-1','r-2'],'statistics':{'amount.psi':0.3}}",
        "triggered_at", "2000",
        "status", "'pending'",
    };
    private static final String[] STATUS = {
        "trigger_id", "'fraud-drift-2000'",
        "model", "'fraud'",
        "from", "'pending'",
        "to", "'running'",
        "ts", "3000",
        "attempts", "1",
    };
    private static final String[] PUBLISHED = {
        "model", "'fraud'",
        "version", "4",
        "artifact_uri", "'file:///models/fraud/4/model.pt'",
        "sha256", "'" + SampleEvents.SHA + "'",
        "stage", "'production'",
        "reference_profile",
                "{'sample_count':10,'features':{"
                        + "'age':{'kind':'numeric','count':9,'missing':1,'sketch':'AQID'},"
                        + "'color':{'kind':'categorical','count':10,'missing':0,"
                        + "'frequencies':{'red':7},'other_count':3}}}",
        "published_at", "5000",
    };
    private static final String[] DEAD_LETTER = {
        "source_topic", "'driftline.feedback'",
        "partition", "0",
        "offset", "42",
        "reason", "'missing field: event_id'",
        "payload_base64", "'e30='",
        "failed_at", "6000",
    };

    private static final EventLimits TWO_LABELS = new EventLimits(1 << 20, 1000, 4096, 256, 2);

    private static final String[] ALERT = {
        "alertname", "'AutoRetrainFailed'",
        "labels", "{'alertname':'AutoRetrainFailed','model':'fraud','severity':'critical'}",
        "annotations", "{'summary':'failed','runbook_url':'https://example.org'}",
        "starts_at", "1000",
        "ends_at", "2000",
        "fingerprint", "'b60f1b67474a9262'",
    };

    static Stream<Arguments> invalidInputs() {
        String longId = "e".repeat(257);
        String longModel = "m".repeat(129);
        String deep = "[".repeat(70) + "]".repeat(70);
        return Stream.of(
                // envelope: size, syntax, shape, schema
                bad(
                        "payload over 1 MiB",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        "{\"pad\":\"" + "x".repeat(1 << 20) + "\"}",
                        "payload too large: 1048586 > 1048576 bytes"),
                bad(
                        "payload over a custom limit",
                        MetricSample.class,
                        SMALL,
                        with(METRIC, "pad", "'" + "x".repeat(300) + "'"),
                        "payload too large: *"),
                bad(
                        "empty payload",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        "",
                        "malformed json: empty payload"),
                bad(
                        "truncated object",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        "{\"event_id\":\"e-1\"",
                        "malformed json: unexpected end of input at line 1 column 18"),
                bad(
                        "single quotes",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        "{'event_id':'e-1'}",
                        "malformed json: unexpected character at line 1 column 2"),
                bad(
                        "trailing garbage",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK) + " x",
                        "malformed json: unrecognized token at line 1 column *"),
                bad(
                        "two objects",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK) + "{}",
                        "malformed json: trailing content after the object at line 1 column *"),
                bad(
                        "nesting too deep",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "extra", deep),
                        "payload too complex: nesting deeper than 64"),
                bad(
                        "number over 1000 digits",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "prediction", "1".repeat(1001)),
                        "payload too complex: number too long"),
                bad(
                        "leading zero",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        "{\"ts\":01}",
                        "malformed json: invalid number at line 1 column 8"),
                bad(
                        "raw control character in a string",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        "{\"event_id\":\"a\u0001b\"}",
                        "malformed json: unescaped control character in string"
                                + " at line 1 column 15"),
                bad(
                        "array at the root",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        "[1,2]",
                        "not an object: got array"),
                bad(
                        "string at the root",
                        MetricSample.class,
                        EventLimits.DEFAULTS,
                        "\"hi\"",
                        "not an object: got string"),
                bad(
                        "schema 2",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "schema", "2"),
                        "unsupported schema version 2"),
                bad(
                        "schema 0",
                        DeadLetter.class,
                        EventLimits.DEFAULTS,
                        with(DEAD_LETTER, "schema", "0"),
                        "unsupported schema version 0"),
                bad(
                        "schema as string",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "schema", "'1'"),
                        "wrong type: schema (expected integer, got string)"),
                bad(
                        "schema as fraction",
                        RetrainTrigger.class,
                        EventLimits.DEFAULTS,
                        with(TRIGGER, "schema", "1.0"),
                        "wrong type: schema (expected integer, got number)"),
                bad(
                        "duplicate top-level key",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK).replace("{", "{\"model\":\"other\","),
                        "duplicate field: model"),
                bad(
                        "duplicate feature",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "features", "{'x':1,'x':2}"),
                        "duplicate field: features.x"),
                // feedback
                bad(
                        "missing event_id",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "event_id", null),
                        "missing field: event_id"),
                bad(
                        "null model",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "model", "null"),
                        "missing field: model"),
                bad(
                        "missing ts",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "ts", null),
                        "missing field: ts"),
                bad(
                        "neither prediction nor actual",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "prediction", null),
                        "missing field: prediction (an event needs a prediction or an actual)"),
                bad(
                        "ts as string",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "ts", "'1700000000000'"),
                        "wrong type: ts (expected integer, got string)"),
                bad(
                        "ts as fraction",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "ts", "1.5"),
                        "wrong type: ts (expected integer, got number)"),
                bad(
                        "negative ts",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "ts", "-1"),
                        "out of range: ts (negative)"),
                bad(
                        "ts beyond 64 bits",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "ts", "92233720368547758070"),
                        "out of range: ts (exceeds 64-bit integer)"),
                bad(
                        "event_id as number",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "event_id", "7"),
                        "wrong type: event_id (expected string, got integer)"),
                bad(
                        "empty event_id",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "event_id", "''"),
                        "invalid value: event_id (empty)"),
                bad(
                        "event_id over 256 chars",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "event_id", "'" + longId + "'"),
                        "string too long: event_id (257 > 256 chars)"),
                bad(
                        "features as array",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "features", "[1,2]"),
                        "wrong type: features (expected object, got array)"),
                bad(
                        "boolean feature",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "features", "{'flag':true}"),
                        "wrong type: features.flag (expected number, string or null, got boolean)"),
                bad(
                        "object feature",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "features", "{'nested':{'a':1}}"),
                        "wrong type: features.nested (expected number, string or null, got object)"),
                bad(
                        "array feature",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "features", "{'list':[1]}"),
                        "wrong type: features.list (expected number, string or null, got array)"),
                bad(
                        "NaN feature",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "features", "{'x':NaN}"),
                        "non-finite number in features.x"),
                bad(
                        "Infinity feature",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "features", "{'x':Infinity}"),
                        "non-finite number in features.x"),
                bad(
                        "-Infinity feature",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "features", "{'x':-Infinity}"),
                        "non-finite number in features.x"),
                bad(
                        "overflowing feature 1e999",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "features", "{'x':1e999}"),
                        "non-finite number in features.x"),
                bad(
                        "overflowing feature -1e400",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "features", "{'x':-1e400}"),
                        "non-finite number in features.x"),
                bad(
                        "empty feature name",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "features", "{'':1}"),
                        "empty key in features"),
                bad(
                        "too many features",
                        FeedbackEvent.class,
                        SMALL,
                        with(FEEDBACK, "features", "{'a':1,'b':2,'c':3}"),
                        "too many entries in features: 3 > 2"),
                bad(
                        "feature name too long",
                        FeedbackEvent.class,
                        SMALL,
                        with(FEEDBACK, "features", "{'abcdef':1}"),
                        "key too long in features: 6 > 5 chars"),
                bad(
                        "categorical feature too long",
                        FeedbackEvent.class,
                        SMALL,
                        with(FEEDBACK, "features", "{'c':'abcdefghijk'}"),
                        "string too long: features.c (11 > 10 chars)"),
                bad(
                        "boolean prediction",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "prediction", "false"),
                        "wrong type: prediction (expected number, string or null, got boolean)"),
                bad(
                        "NaN actual",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "actual", "NaN"),
                        "non-finite number in actual"),
                bad(
                        "confidence above 1",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "confidence_score", "1.5"),
                        "out of range: confidence_score (expected 0..1)"),
                bad(
                        "negative confidence",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "confidence_score", "-0.1"),
                        "out of range: confidence_score (expected 0..1)"),
                bad(
                        "confidence as string",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "confidence_score", "'high'"),
                        "wrong type: confidence_score (expected number, got string)"),
                bad(
                        "segment value as number",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "segment", "{'region':7}"),
                        "wrong type: segment.region (expected string, got integer)"),
                bad(
                        "segment value too long",
                        FeedbackEvent.class,
                        SMALL,
                        with(FEEDBACK, "features", "{'x':1}", "segment", "{'r':'abcdefghijk'}"),
                        "string too long: segment.r (11 > 10 chars)"),
                bad(
                        "model_version too long",
                        FeedbackEvent.class,
                        SMALL,
                        with(FEEDBACK, "features", "{}", "model_version", "'abcdefghijk'"),
                        "string too long: model_version (11 > 10 chars)"),
                // model names (they become directory names)
                bad(
                        "model ..",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "model", "'..'"),
                        "invalid model name: .."),
                bad(
                        "model .",
                        DriftReport.class,
                        EventLimits.DEFAULTS,
                        with(REPORT, "model", "'.'"),
                        "invalid model name: ."),
                bad(
                        "model with a path",
                        RetrainTrigger.class,
                        EventLimits.DEFAULTS,
                        with(TRIGGER, "model", "'../etc/passwd'"),
                        "invalid model name: ../etc/passwd"),
                bad(
                        "model with a space",
                        ModelPublished.class,
                        EventLimits.DEFAULTS,
                        with(PUBLISHED, "model", "'fraud v2'"),
                        "invalid model name: fraud v2"),
                bad(
                        "empty model",
                        RetrainStatus.class,
                        EventLimits.DEFAULTS,
                        with(STATUS, "model", "''"),
                        "invalid model name: "),
                bad(
                        "model over 128 chars",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "model", "'" + longModel + "'"),
                        "invalid model name: " + "m".repeat(64) + "..."),
                bad(
                        "model with a newline",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "model", "'a\\nb'"),
                        "invalid model name: a?b"),
                // metric
                bad(
                        "metric without name",
                        MetricSample.class,
                        EventLimits.DEFAULTS,
                        with(METRIC, "name", null),
                        "missing field: name"),
                bad(
                        "metric with empty name",
                        MetricSample.class,
                        EventLimits.DEFAULTS,
                        with(METRIC, "name", "''"),
                        "invalid value: name (empty)"),
                bad(
                        "metric value as string",
                        MetricSample.class,
                        EventLimits.DEFAULTS,
                        with(METRIC, "value", "'0.1'"),
                        "wrong type: value (expected number, got string)"),
                bad(
                        "metric value NaN",
                        MetricSample.class,
                        EventLimits.DEFAULTS,
                        with(METRIC, "value", "NaN"),
                        "non-finite number in value"),
                bad(
                        "null label value",
                        MetricSample.class,
                        EventLimits.DEFAULTS,
                        with(METRIC, "labels", "{'host':null}"),
                        "wrong type: labels.host (expected string, got null)"),
                bad(
                        "labels as array",
                        MetricSample.class,
                        EventLimits.DEFAULTS,
                        with(METRIC, "labels", "['a']"),
                        "wrong type: labels (expected object, got array)"),
                bad(
                        "too many labels",
                        MetricSample.class,
                        SMALL,
                        with(METRIC, "name", "'up'", "labels", "{'a':'1','b':'2','c':'3'}"),
                        "too many entries in labels: 3 > 2"),
                bad(
                        "invalid model label",
                        MetricSample.class,
                        EventLimits.DEFAULTS,
                        with(METRIC, "labels", "{'model':'a/b'}"),
                        "invalid model name: a/b"),
                // drift report
                bad(
                        "window ends before it starts",
                        DriftReport.class,
                        EventLimits.DEFAULTS,
                        with(REPORT, "window_end", "999"),
                        "out of range: window_end (before window_start)"),
                bad(
                        "negative n",
                        DriftReport.class,
                        EventLimits.DEFAULTS,
                        with(REPORT, "n", "-5"),
                        "out of range: n (negative)"),
                bad(
                        "unknown severity",
                        DriftReport.class,
                        EventLimits.DEFAULTS,
                        with(REPORT, "severity", "'high'"),
                        "invalid value: severity (expected none|warning|drift)"),
                bad(
                        "upper-case severity",
                        DriftReport.class,
                        EventLimits.DEFAULTS,
                        with(REPORT, "severity", "'DRIFT'"),
                        "invalid value: severity (expected none|warning|drift)"),
                bad(
                        "features as object",
                        DriftReport.class,
                        EventLimits.DEFAULTS,
                        with(REPORT, "features", "{}"),
                        "wrong type: features (expected array, got object)"),
                bad(
                        "feature result as number",
                        DriftReport.class,
                        EventLimits.DEFAULTS,
                        with(REPORT, "features", "[1]"),
                        "wrong type: features[0] (expected object, got integer)"),
                bad(
                        "feature result without kind",
                        DriftReport.class,
                        EventLimits.DEFAULTS,
                        with(REPORT, "features", "[{'feature':'a','drifted':true}]"),
                        "missing field: features[0].kind"),
                bad(
                        "p-value above 1",
                        DriftReport.class,
                        EventLimits.DEFAULTS,
                        with(
                                REPORT,
                                "features",
                                "[{'feature':'a','kind':'numeric','p_value':1.2,'drifted':true}]"),
                        "out of range: features[0].p_value (expected 0..1)"),
                bad(
                        "drifted as string",
                        DriftReport.class,
                        EventLimits.DEFAULTS,
                        with(
                                REPORT,
                                "features",
                                "[{'feature':'a','kind':'numeric','drifted':'yes'}]"),
                        "wrong type: features[0].drifted (expected boolean, got string)"),
                bad(
                        "Infinity statistic",
                        DriftReport.class,
                        EventLimits.DEFAULTS,
                        with(
                                REPORT,
                                "features",
                                "[{'feature':'a','kind':'numeric','statistics':{'psi':Infinity},"
                                        + "'drifted':true}]"),
                        "non-finite number in features[0].statistics.psi"),
                bad(
                        "performance without delta",
                        DriftReport.class,
                        EventLimits.DEFAULTS,
                        with(
                                REPORT,
                                "performance",
                                "{'metric':'f1','value':0.7,'baseline':0.8,'severity':'none'}"),
                        "missing field: performance.delta"),
                bad(
                        "too many feature results",
                        DriftReport.class,
                        new EventLimits(1 << 20, 1, 4096, 256, 64),
                        with(
                                REPORT,
                                "features",
                                "[{'feature':'a','kind':'numeric','drifted':true},"
                                        + "{'feature':'b','kind':'numeric','drifted':true}]"),
                        "too many entries in features: 2 > 1"),
                // retrain trigger
                bad(
                        "unknown reason",
                        RetrainTrigger.class,
                        EventLimits.DEFAULTS,
                        with(TRIGGER, "reason", "'weekly'"),
                        "invalid value: reason (expected drift|performance|schedule|manual)"),
                bad(
                        "missing status",
                        RetrainTrigger.class,
                        EventLimits.DEFAULTS,
                        with(TRIGGER, "status", null),
                        "missing field: status"),
                bad(
                        "unknown status",
                        RetrainTrigger.class,
                        EventLimits.DEFAULTS,
                        with(TRIGGER, "status", "'done'"),
                        "invalid value: status (expected pending|running|completed|failed|rejected"
                                + "|resolved_manually)"),
                bad(
                        "negative attempts",
                        RetrainTrigger.class,
                        EventLimits.DEFAULTS,
                        with(TRIGGER, "attempts", "-1"),
                        "out of range: attempts (negative)"),
                bad(
                        "force as string",
                        RetrainTrigger.class,
                        EventLimits.DEFAULTS,
                        with(TRIGGER, "force", "'yes'"),
                        "wrong type: force (expected boolean, got string)"),
                bad(
                        "empty report id in evidence",
                        RetrainTrigger.class,
                        EventLimits.DEFAULTS,
                        with(TRIGGER, "evidence", "{'report_ids':['r-1','']}"),
                        "invalid value: evidence.report_ids[1] (empty)"),
                bad(
                        "evidence as string",
                        RetrainTrigger.class,
                        EventLimits.DEFAULTS,
                        with(TRIGGER, "evidence", "'psi'"),
                        "wrong type: evidence (expected object, got string)"),
                bad(
                        "model_version 0",
                        RetrainTrigger.class,
                        EventLimits.DEFAULTS,
                        with(TRIGGER, "model_version", "0"),
                        "out of range: model_version (expected 1..2147483647)"),
                bad(
                        "negative lease_until",
                        RetrainTrigger.class,
                        EventLimits.DEFAULTS,
                        with(TRIGGER, "lease_until", "-1"),
                        "out of range: lease_until (negative)"),
                // retrain status
                bad(
                        "missing to",
                        RetrainStatus.class,
                        EventLimits.DEFAULTS,
                        with(STATUS, "to", null),
                        "missing field: to"),
                bad(
                        "illegal transition",
                        RetrainStatus.class,
                        EventLimits.DEFAULTS,
                        with(STATUS, "from", "'completed'"),
                        "invalid value: to (illegal transition completed -> running)"),
                bad(
                        "attempts beyond 32 bits",
                        RetrainStatus.class,
                        EventLimits.DEFAULTS,
                        with(STATUS, "attempts", "4294967296"),
                        "out of range: attempts (exceeds 32-bit integer)"),
                // model published
                bad(
                        "version 0",
                        ModelPublished.class,
                        EventLimits.DEFAULTS,
                        with(PUBLISHED, "version", "0"),
                        "out of range: version (expected 1..2147483647)"),
                bad(
                        "missing version",
                        ModelPublished.class,
                        EventLimits.DEFAULTS,
                        with(PUBLISHED, "version", null),
                        "missing field: version"),
                bad(
                        "sha256 not hex",
                        ModelPublished.class,
                        EventLimits.DEFAULTS,
                        with(PUBLISHED, "sha256", "'abc'"),
                        "invalid value: sha256 (expected 64 lower-case hex chars)"),
                bad(
                        "unknown stage",
                        ModelPublished.class,
                        EventLimits.DEFAULTS,
                        with(PUBLISHED, "stage", "'prod'"),
                        "invalid value: stage (expected staging|production|archived)"),
                bad(
                        "metric NaN",
                        ModelPublished.class,
                        EventLimits.DEFAULTS,
                        with(PUBLISHED, "metrics", "{'f1':NaN}"),
                        "non-finite number in metrics.f1"),
                bad(
                        "profile feature without count",
                        ModelPublished.class,
                        EventLimits.DEFAULTS,
                        with(
                                PUBLISHED,
                                "reference_profile",
                                "{'sample_count':1,'features':{'age':{'kind':'numeric','missing':0}}}"),
                        "missing field: reference_profile.features.age.count"),
                bad(
                        "sketch not base64",
                        ModelPublished.class,
                        EventLimits.DEFAULTS,
                        with(
                                PUBLISHED,
                                "reference_profile",
                                "{'sample_count':1,'features':{'age':{'kind':'numeric','count':1,"
                                        + "'missing':0,'sketch':'***'}}}"),
                        "invalid value: reference_profile.features.age.sketch (not base64)"),
                bad(
                        "categorical with a sketch",
                        ModelPublished.class,
                        EventLimits.DEFAULTS,
                        with(
                                PUBLISHED,
                                "reference_profile",
                                "{'sample_count':1,'features':{'c':{'kind':'categorical','count':1,"
                                        + "'missing':0,'sketch':'AQID'}}}"),
                        "invalid value: reference_profile.features.c.sketch (categorical feature)"),
                bad(
                        "negative frequency",
                        ModelPublished.class,
                        EventLimits.DEFAULTS,
                        with(
                                PUBLISHED,
                                "reference_profile",
                                "{'sample_count':1,'features':{'c':{'kind':'categorical','count':1,"
                                        + "'missing':0,'frequencies':{'red':-1}}}}"),
                        "out of range: reference_profile.features.c.frequencies.red (negative)"),
                bad(
                        "frequency as fraction",
                        ModelPublished.class,
                        EventLimits.DEFAULTS,
                        with(
                                PUBLISHED,
                                "reference_profile",
                                "{'sample_count':1,'features':{'c':{'kind':'categorical','count':1,"
                                        + "'missing':0,'frequencies':{'red':0.5}}}}"),
                        "wrong type: reference_profile.features.c.frequencies.red"
                                + " (expected integer, got number)"),
                // dead letter
                bad(
                        "dead letter without reason",
                        DeadLetter.class,
                        EventLimits.DEFAULTS,
                        with(DEAD_LETTER, "reason", null),
                        "missing field: reason"),
                bad(
                        "payload not base64",
                        DeadLetter.class,
                        EventLimits.DEFAULTS,
                        with(DEAD_LETTER, "payload_base64", "'not base64!'"),
                        "invalid value: payload_base64 (not base64)"),
                bad(
                        "partition beyond 32 bits",
                        DeadLetter.class,
                        EventLimits.DEFAULTS,
                        with(DEAD_LETTER, "partition", "2147483648"),
                        "out of range: partition (exceeds 32-bit integer)"),
                bad(
                        "negative offset",
                        DeadLetter.class,
                        EventLimits.DEFAULTS,
                        with(DEAD_LETTER, "offset", "-1"),
                        "out of range: offset (negative)"),
                // alert
                bad(
                        "alert without alertname",
                        Alert.class,
                        EventLimits.DEFAULTS,
                        with(ALERT, "alertname", null),
                        "missing field: alertname"),
                bad(
                        "alertname with a dash",
                        Alert.class,
                        EventLimits.DEFAULTS,
                        with(ALERT, "alertname", "'Auto-Retrain'"),
                        "invalid value: alertname (expected [A-Za-z_][A-Za-z0-9_]*)"),
                bad(
                        "alertname starting with a digit",
                        Alert.class,
                        EventLimits.DEFAULTS,
                        with(ALERT, "alertname", "'1Alert'", "labels", "{}"),
                        "invalid value: alertname (expected [A-Za-z_][A-Za-z0-9_]*)"),
                bad(
                        "label name with a dot",
                        Alert.class,
                        EventLimits.DEFAULTS,
                        with(ALERT, "labels", "{'model.name':'fraud'}"),
                        "invalid key in labels: model.name (contains '.')"),
                bad(
                        "reserved label name",
                        Alert.class,
                        EventLimits.DEFAULTS,
                        with(ALERT, "labels", "{'__name__':'x'}"),
                        "invalid value: labels.__name__ (name must match *"),
                bad(
                        "annotation name with a dash",
                        Alert.class,
                        EventLimits.DEFAULTS,
                        with(ALERT, "annotations", "{'runbook-url':'x'}"),
                        "invalid value: annotations.runbook-url (name must match *"),
                bad(
                        "empty label value",
                        Alert.class,
                        EventLimits.DEFAULTS,
                        with(ALERT, "labels", "{'model':''}"),
                        "invalid value: labels.model (empty)"),
                bad(
                        "label value not a string",
                        Alert.class,
                        EventLimits.DEFAULTS,
                        with(ALERT, "labels", "{'attempts':3}"),
                        "wrong type: labels.attempts (expected string, got integer)"),
                bad(
                        "alertname label differs",
                        Alert.class,
                        EventLimits.DEFAULTS,
                        with(ALERT, "labels", "{'alertname':'Other'}"),
                        "invalid value: labels.alertname (differs from alertname)"),
                bad(
                        "too many labels",
                        Alert.class,
                        TWO_LABELS,
                        with(ALERT, "labels", "{'a':'1','b':'2','c':'3'}", "annotations", "{}"),
                        "too many entries in labels: 3 > 2"),
                bad(
                        "too many labels with alertname",
                        Alert.class,
                        TWO_LABELS,
                        with(ALERT, "labels", "{'a':'1','b':'2'}", "annotations", "{}"),
                        "too many entries in labels: 3 > 2 (with alertname)"),
                bad(
                        "annotation too long",
                        Alert.class,
                        new EventLimits(1 << 20, 2, 20, 64, 8),
                        with(
                                ALERT,
                                "labels",
                                "{}",
                                "annotations",
                                "{'summary':'" + "s".repeat(21) + "'}"),
                        "string too long: annotations.summary (21 > 20 chars)"),
                bad(
                        "starts_at missing",
                        Alert.class,
                        EventLimits.DEFAULTS,
                        with(ALERT, "starts_at", null),
                        "missing field: starts_at"),
                bad(
                        "starts_at as RFC 3339 text",
                        Alert.class,
                        EventLimits.DEFAULTS,
                        with(ALERT, "starts_at", "'2024-01-01T00:00:00Z'"),
                        "wrong type: starts_at (expected integer, got string)"),
                bad(
                        "ends_at before starts_at",
                        Alert.class,
                        EventLimits.DEFAULTS,
                        with(ALERT, "ends_at", "999"),
                        "out of range: ends_at (before starts_at)"),
                bad(
                        "negative ends_at",
                        Alert.class,
                        EventLimits.DEFAULTS,
                        with(ALERT, "ends_at", "-1"),
                        "out of range: ends_at (negative)"),
                bad(
                        "fingerprint of other labels",
                        Alert.class,
                        EventLimits.DEFAULTS,
                        with(ALERT, "fingerprint", "'0000000000000000'"),
                        "invalid value: fingerprint (does not match the labels)"),
                // the strict contract: names, text, features, timestamps
                bad(
                        "feature name with an escaped NUL",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "features", "{'a\\u0000b':1}"),
                        "invalid key in features: a?b (nul character)"),
                bad(
                        "feature name with a control character",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "features", "{'a\\tb':1}"),
                        "invalid key in features: a?b (control character)"),
                bad(
                        "feature name starting with $",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "features", "{'$where':1}"),
                        "invalid key in features: $where (starts with '$')"),
                bad(
                        "feature name with a dot",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "features", "{'a.b':1}"),
                        "invalid key in features: a.b (contains '.')"),
                bad(
                        "segment key with a dot",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "segment", "{'eu.west':'x'}"),
                        "invalid key in segment: eu.west (contains '.')"),
                bad(
                        "feature name with a lone surrogate escape",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "features", "{'a\\ud800':1}"),
                        "invalid key in features: a? (unpaired surrogate)"),
                bad(
                        "categorical value with a lone low surrogate",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "features", "{'c':'x\\udc00'}"),
                        "invalid text: features.c (unpaired surrogate)"),
                bad(
                        "model_version with a NUL",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "model_version", "'v\\u0000'"),
                        "invalid text: model_version (nul character)"),
                bad(
                        "categorical value with a newline",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "features", "{'c':'a\\nb'}"),
                        "invalid text: features.c (control character)"),
                bad(
                        "prediction without features",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "features", null),
                        "missing field: features (a prediction needs at least one feature)"),
                bad(
                        "prediction with null features",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "features", "null"),
                        "missing field: features (a prediction needs at least one feature)"),
                bad(
                        "prediction with empty features",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "features", "{}"),
                        "missing field: features (a prediction needs at least one feature)"),
                bad(
                        "ts in year 10000",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "ts", "253402300800000"),
                        "out of range: ts (after year 9999)"),
                bad(
                        "ts of Long.MAX_VALUE",
                        FeedbackEvent.class,
                        EventLimits.DEFAULTS,
                        with(FEEDBACK, "ts", "9223372036854775807"),
                        "out of range: ts (after year 9999)"),
                bad(
                        "published_at after year 9999",
                        ModelPublished.class,
                        EventLimits.DEFAULTS,
                        with(PUBLISHED, "published_at", "253402300800000"),
                        "out of range: published_at (after year 9999)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidInputs")
    void rejectsWithReason(
            String description, Class<?> type, EventLimits limits, String json, String reason) {
        ParseResult<?> result =
                EventJson.parse(json.getBytes(StandardCharsets.UTF_8), type, limits);

        assertThat(result.isValid()).as("valid: %s", result).isFalse();
        if (reason.endsWith("*")) {
            assertThat(result.reason()).startsWith(reason.substring(0, reason.length() - 1));
        } else {
            assertThat(result.reason()).isEqualTo(reason);
        }
        assertThat(result.reason()).doesNotContain("\n").hasSizeLessThan(300);
    }

    @ParameterizedTest
    @MethodSource("invalidUtf8")
    void rejectsInvalidUtf8(byte[] json) {
        assertThat(EventJson.parseFeedback(json).reason()).startsWith("invalid encoding: ");
    }

    static Stream<byte[]> invalidUtf8() {
        return Stream.of(
                // 0xC3 0x28: a two-byte lead followed by a non-continuation byte
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, 0x28, '"', '}'},
                // 0xFF never occurs in UTF-8 (RFC 3629, section 1)
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'},
                // C0 AF: an overlong '/', which Jackson would read as '/'
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xc0, (byte) 0xaf, '"', '}'},
                // E0 80 AF: overlong three-byte '/'
                new byte[] {
                    '{', '"', 'a', '"', ':', '"', (byte) 0xe0, (byte) 0x80, (byte) 0xaf, '"', '}'
                },
                // ED A0 80: U+D800 encoded as UTF-8 (CESU-8 style)
                new byte[] {
                    '{', '"', 'a', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}'
                },
                // F4 90 80 80: U+110000, above the Unicode range
                new byte[] {
                    '{',
                    '"',
                    'a',
                    '"',
                    ':',
                    '"',
                    (byte) 0xf4,
                    (byte) 0x90,
                    (byte) 0x80,
                    (byte) 0x80,
                    '"',
                    '}'
                },
                // a lone continuation byte
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0x80, '"', '}'},
                // a truncated four-byte sequence at the end
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xf0, (byte) 0x9f},
                // a UTF-8 byte-order mark before a valid object
                withPrefix(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, with(FEEDBACK)),
                // the same event in UTF-16 (big and little endian, no BOM) and UTF-32
                with(FEEDBACK).getBytes(StandardCharsets.UTF_16BE),
                with(FEEDBACK).getBytes(StandardCharsets.UTF_16LE),
                with(FEEDBACK).getBytes(java.nio.charset.Charset.forName("UTF-32LE")),
                // UTF-16 with its byte-order mark
                with(FEEDBACK).getBytes(StandardCharsets.UTF_16));
    }

    private static byte[] withPrefix(byte[] prefix, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(body, 0, out, prefix.length, body.length);
        return out;
    }

    static Stream<Arguments> validBases() {
        return Stream.of(
                arguments(FeedbackEvent.class, with(FEEDBACK)),
                arguments(MetricSample.class, with(METRIC)),
                arguments(DriftReport.class, with(REPORT)),
                arguments(RetrainTrigger.class, with(TRIGGER)),
                arguments(RetrainStatus.class, with(STATUS)),
                arguments(ModelPublished.class, with(PUBLISHED)),
                arguments(DeadLetter.class, with(DEAD_LETTER)),
                arguments(Alert.class, with(ALERT)));
    }

    /** Guards the table above: each case fails for its one change, not for a broken base. */
    @ParameterizedTest
    @MethodSource("validBases")
    void baseMessagesAreValid(Class<?> type, String json) {
        ParseResult<?> result =
                EventJson.parse(json.getBytes(StandardCharsets.UTF_8), type, EventLimits.DEFAULTS);

        assertThat(result.isValid()).as("reason: %s", result).isTrue();
    }

    @ParameterizedTest
    @MethodSource("validBases")
    void nullPayloadIsInvalid(Class<?> type, String json) {
        assertThat(EventJson.parse(null, type, EventLimits.DEFAULTS).reason())
                .isEqualTo("malformed json: null payload");
    }

    private static Arguments bad(
            String description, Class<?> type, EventLimits limits, String json, String reason) {
        return arguments(description, type, limits, json, reason);
    }

    /**
     * The base message as JSON with {@code changes} applied: name, raw value pairs; a null value
     * removes the field, a new name is appended.
     */
    private static String with(String[] base, String... changes) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < base.length; i += 2) {
            fields.put(base[i], base[i + 1]);
        }
        for (int i = 0; i < changes.length; i += 2) {
            if (changes[i + 1] == null) {
                fields.remove(changes[i]);
            } else {
                fields.put(changes[i], changes[i + 1]);
            }
        }
        StringBuilder json = new StringBuilder("{");
        fields.forEach(
                (name, raw) ->
                        json.append(json.length() > 1 ? "," : "")
                                .append('"')
                                .append(name)
                                .append("\":")
                                .append(raw.replace('\'', '"')));
        return json.append('}').toString();
    }
}
