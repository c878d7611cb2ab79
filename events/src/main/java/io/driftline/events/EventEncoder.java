package io.driftline.events;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes a wire record as JSON: {@code "schema": 1} first, then its fields (mostly in declaration
 * order; each writer below gives the exact order), snake_case, nullable fields as explicit {@code
 * null}.
 */
final class EventEncoder {

    private final JsonGenerator out;

    EventEncoder(JsonGenerator out) {
        this.out = out;
    }

    /**
     * Writes {@code event}.
     *
     * @throws IllegalArgumentException if it is not a wire record or holds a non-finite number
     */
    void write(Object event) throws IOException {
        out.writeStartObject();
        out.writeNumberField("schema", EventJson.SCHEMA_VERSION);
        if (event instanceof FeedbackEvent e) {
            feedback(e);
        } else if (event instanceof MetricSample e) {
            metric(e);
        } else if (event instanceof DriftReport e) {
            driftReport(e);
        } else if (event instanceof RetrainTrigger e) {
            retrainTrigger(e);
        } else if (event instanceof RetrainStatus e) {
            retrainStatus(e);
        } else if (event instanceof ModelPublished e) {
            modelPublished(e);
        } else if (event instanceof DeadLetter e) {
            deadLetter(e);
        } else if (event instanceof Alert e) {
            alert(e);
        } else {
            throw new IllegalArgumentException(
                    "not a driftline event: "
                            + (event == null ? "null" : event.getClass().getName()));
        }
        out.writeEndObject();
    }

    private void feedback(FeedbackEvent e) throws IOException {
        out.writeStringField("event_id", e.eventId());
        out.writeStringField("model", e.model());
        out.writeStringField("model_version", e.modelVersion());
        out.writeNumberField("ts", e.ts());
        out.writeObjectFieldStart("features");
        for (Map.Entry<String, FeatureValue> feature : e.features().entrySet()) {
            out.writeFieldName(feature.getKey());
            featureValue(feature.getValue(), "features." + feature.getKey());
        }
        out.writeEndObject();
        out.writeFieldName("prediction");
        featureValue(e.prediction(), "prediction");
        nullableNumber("confidence_score", e.confidenceScore(), "confidence_score");
        out.writeFieldName("actual");
        featureValue(e.actual(), "actual");
        stringMap("segment", e.segment());
    }

    private void metric(MetricSample e) throws IOException {
        out.writeStringField("name", e.name());
        stringMap("labels", e.labels());
        number("value", e.value(), "value");
        out.writeNumberField("ts", e.ts());
    }

    private void driftReport(DriftReport e) throws IOException {
        out.writeStringField("report_id", e.reportId());
        out.writeStringField("model", e.model());
        out.writeStringField("model_version", e.modelVersion());
        out.writeNumberField("window_start", e.windowStart());
        out.writeNumberField("window_end", e.windowEnd());
        out.writeNumberField("n", e.n());
        out.writeArrayFieldStart("features");
        List<DriftReport.FeatureDrift> features = e.features();
        for (int i = 0; i < features.size(); i++) {
            DriftReport.FeatureDrift f = features.get(i);
            String path = "features[" + i + "]";
            out.writeStartObject();
            out.writeStringField("feature", f.feature());
            out.writeStringField("kind", EventDecoder.wireName(f.kind()));
            doubleMap("statistics", f.statistics(), path + ".statistics");
            nullableNumber("p_value", f.pValue(), path + ".p_value");
            out.writeBooleanField("drifted", f.drifted());
            out.writeEndObject();
        }
        out.writeEndArray();
        DriftReport.PerformanceDrift p = e.performance();
        if (p == null) {
            out.writeNullField("performance");
        } else {
            out.writeObjectFieldStart("performance");
            out.writeStringField("metric", p.metric());
            number("value", p.value(), "performance.value");
            number("baseline", p.baseline(), "performance.baseline");
            number("delta", p.delta(), "performance.delta");
            out.writeStringField("severity", EventDecoder.wireName(p.severity()));
            out.writeEndObject();
        }
        out.writeArrayFieldStart("detectors");
        for (DriftReport.DetectorSignal d : e.detectors()) {
            out.writeStartObject();
            out.writeStringField("detector", d.detector());
            out.writeStringField("stream", d.stream());
            out.writeStringField("signal", d.signal());
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeStringField("severity", EventDecoder.wireName(e.severity()));
        out.writeStringField("kind", EventDecoder.wireName(e.kind()));
        out.writeStringField("reference_version", e.referenceVersion());
        DriftReport.SchemaDrift schema = e.schemaDrift();
        if (schema == null) {
            out.writeNullField("schema_drift");
        } else {
            out.writeObjectFieldStart("schema_drift");
            longMap("kind_changes", schema.kindChanges());
            stringList("new_features", schema.newFeatures());
            stringList("missing_features", schema.missingFeatures());
            longMap("unseen_categories", schema.unseenCategories());
            out.writeStringField("severity", EventDecoder.wireName(schema.severity()));
            out.writeEndObject();
        }
    }

    private void longMap(String name, Map<String, Long> map) throws IOException {
        out.writeObjectFieldStart(name);
        for (Map.Entry<String, Long> entry : map.entrySet()) {
            out.writeNumberField(entry.getKey(), entry.getValue());
        }
        out.writeEndObject();
    }

    private void stringList(String name, List<String> list) throws IOException {
        out.writeArrayFieldStart(name);
        for (String value : list) {
            out.writeString(value);
        }
        out.writeEndArray();
    }

    private void retrainTrigger(RetrainTrigger e) throws IOException {
        out.writeStringField("trigger_id", e.triggerId());
        out.writeStringField("model", e.model());
        out.writeStringField("reason", EventDecoder.wireName(e.reason()));
        out.writeStringField("severity", EventDecoder.wireName(e.severity()));
        out.writeObjectFieldStart("evidence");
        out.writeArrayFieldStart("report_ids");
        for (String id : e.evidence().reportIds()) {
            out.writeString(id);
        }
        out.writeEndArray();
        doubleMap("statistics", e.evidence().statistics(), "evidence.statistics");
        out.writeStringField("summary", e.evidence().summary());
        out.writeEndObject();
        out.writeNumberField("triggered_at", e.triggeredAt());
        out.writeBooleanField("force", e.force());
        out.writeStringField("status", EventDecoder.wireName(e.status()));
        out.writeNumberField("attempts", e.attempts());
        out.writeStringField("error", e.error());
        nullableLong("lease_until", e.leaseUntil());
        out.writeStringField("trainer_id", e.trainerId());
        nullableLong("started_at", e.startedAt());
        nullableLong("completed_at", e.completedAt());
        nullableLong(
                "model_version", e.modelVersion() == null ? null : Long.valueOf(e.modelVersion()));
    }

    private void retrainStatus(RetrainStatus e) throws IOException {
        out.writeStringField("trigger_id", e.triggerId());
        out.writeStringField("model", e.model());
        out.writeStringField("from", e.from() == null ? null : EventDecoder.wireName(e.from()));
        out.writeStringField("to", EventDecoder.wireName(e.to()));
        out.writeNumberField("ts", e.ts());
        out.writeStringField("trainer_id", e.trainerId());
        nullableLong(
                "model_version", e.modelVersion() == null ? null : Long.valueOf(e.modelVersion()));
        out.writeStringField("error", e.error());
        out.writeNumberField("attempts", e.attempts());
    }

    private void modelPublished(ModelPublished e) throws IOException {
        out.writeStringField("model", e.model());
        out.writeNumberField("version", e.version());
        nullableLong(
                "parent_version",
                e.parentVersion() == null ? null : Long.valueOf(e.parentVersion()));
        out.writeStringField("trigger_id", e.triggerId());
        out.writeStringField("artifact_uri", e.artifactUri());
        out.writeStringField("sha256", e.sha256());
        doubleMap("metrics", e.metrics(), "metrics");
        out.writeStringField("stage", EventDecoder.wireName(e.stage()));
        ReferenceProfile profile = e.referenceProfile();
        if (profile == null) {
            out.writeNullField("reference_profile");
        } else {
            out.writeObjectFieldStart("reference_profile");
            out.writeNumberField("sample_count", profile.sampleCount());
            out.writeObjectFieldStart("features");
            for (Map.Entry<String, FeatureProfile> feature : profile.features().entrySet()) {
                FeatureProfile f = feature.getValue();
                out.writeObjectFieldStart(feature.getKey());
                out.writeStringField("kind", EventDecoder.wireName(f.kind()));
                out.writeNumberField("count", f.count());
                out.writeNumberField("missing", f.missing());
                out.writeStringField("sketch", f.sketch());
                out.writeObjectFieldStart("frequencies");
                for (Map.Entry<String, Long> frequency : f.frequencies().entrySet()) {
                    out.writeNumberField(frequency.getKey(), frequency.getValue());
                }
                out.writeEndObject();
                out.writeNumberField("other_count", f.otherCount());
                out.writeEndObject();
            }
            out.writeEndObject();
            doubleMap(
                    "baseline_performance",
                    profile.baselinePerformance(),
                    "reference_profile.baseline_performance");
            out.writeEndObject();
        }
        out.writeNumberField("published_at", e.publishedAt());
    }

    private void deadLetter(DeadLetter e) throws IOException {
        out.writeStringField("source_topic", e.sourceTopic());
        nullableLong("partition", e.partition() == null ? null : Long.valueOf(e.partition()));
        nullableLong("offset", e.offset());
        out.writeStringField("reason", e.reason());
        out.writeStringField("payload_base64", e.payloadBase64());
        out.writeStringField("payload_text", e.payloadText());
        out.writeNumberField("failed_at", e.failedAt());
    }

    private void alert(Alert e) throws IOException {
        out.writeStringField("alertname", e.alertname());
        stringMap("labels", e.labels());
        stringMap("annotations", e.annotations());
        out.writeNumberField("starts_at", e.startsAt());
        nullableLong("ends_at", e.endsAt());
        out.writeStringField("fingerprint", e.fingerprint());
    }

    // ---- values ----------------------------------------------------------------------------

    private void featureValue(FeatureValue value, String path) throws IOException {
        if (value == null || value instanceof FeatureValue.Missing) {
            out.writeNull();
        } else if (value instanceof FeatureValue.Numeric n) {
            out.writeNumber(finite(n.value(), path));
        } else if (value instanceof FeatureValue.Categorical c) {
            out.writeString(c.value());
        }
    }

    private void number(String name, double value, String path) throws IOException {
        out.writeNumberField(name, finite(value, path));
    }

    private void nullableNumber(String name, Double value, String path) throws IOException {
        if (value == null) {
            out.writeNullField(name);
        } else {
            number(name, value, path);
        }
    }

    private void nullableLong(String name, Long value) throws IOException {
        if (value == null) {
            out.writeNullField(name);
        } else {
            out.writeNumberField(name, value);
        }
    }

    private void stringMap(String name, Map<String, String> map) throws IOException {
        out.writeObjectFieldStart(name);
        for (Map.Entry<String, String> entry : map.entrySet()) {
            out.writeStringField(entry.getKey(), entry.getValue());
        }
        out.writeEndObject();
    }

    private void doubleMap(String name, Map<String, Double> map, String path) throws IOException {
        out.writeObjectFieldStart(name);
        for (Map.Entry<String, Double> entry : map.entrySet()) {
            number(entry.getKey(), entry.getValue(), path + "." + entry.getKey());
        }
        out.writeEndObject();
    }

    /** JSON has no NaN or Infinity; writing one would produce a message no consumer accepts. */
    private static double finite(double value, String path) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("non-finite number in " + path);
        }
        return value;
    }
}
