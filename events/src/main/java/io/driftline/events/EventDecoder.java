package io.driftline.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns a parsed JSON tree into a wire record, checking every rule of the contract on the way and
 * failing with the first broken one's reason.
 */
final class EventDecoder {

    /** Longest id ({@code event_id}, {@code report_id}, {@code trigger_id}, report ids). */
    static final int MAX_ID_LENGTH = 256;

    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_QUOTED_CHARS = 64;

    /** Latest timestamp any message may carry: 9999-12-31T23:59:59.999Z. */
    static final long MAX_TIMESTAMP = 253_402_300_799_999L;

    private final EventLimits limits;

    EventDecoder(EventLimits limits) {
        this.limits = limits;
    }

    /** Decodes {@code root}, which must be a JSON object whose schema was already checked. */
    Object decode(Class<?> type, JsonNode root) {
        Fields f = new Fields(root, "");
        if (type == FeedbackEvent.class) {
            return feedback(f);
        } else if (type == MetricSample.class) {
            return metric(f);
        } else if (type == DriftReport.class) {
            return driftReport(f);
        } else if (type == RetrainTrigger.class) {
            return retrainTrigger(f);
        } else if (type == RetrainStatus.class) {
            return retrainStatus(f);
        } else if (type == ModelPublished.class) {
            return modelPublished(f);
        } else if (type == DeadLetter.class) {
            return deadLetter(f);
        } else if (type == Alert.class) {
            return alert(f);
        }
        throw new IllegalArgumentException("not a driftline event type: " + type.getName());
    }

    private FeedbackEvent feedback(Fields f) {
        String eventId = f.id("event_id");
        String model = f.model("model");
        String modelVersion = f.optString("model_version");
        long ts = f.timestamp("ts");
        Map<String, FeatureValue> features =
                f.map(
                        "features",
                        limits.maxFeatures(),
                        Keys.NAME,
                        (v, p) -> featureValue(v, p, true));
        FeatureValue prediction = f.optFeatureValue("prediction");
        Double confidence = f.optDouble("confidence_score");
        if (confidence != null && (confidence < 0.0 || confidence > 1.0)) {
            throw invalid("out of range: confidence_score (expected 0..1)");
        }
        FeatureValue actual = f.optFeatureValue("actual");
        if (prediction == null && actual == null) {
            throw invalid("missing field: prediction (an event needs a prediction or an actual)");
        }
        Map<String, String> segment = f.stringMap("segment", limits.maxLabels());
        if (prediction != null && features.isEmpty()) {
            throw invalid("missing field: features (a prediction needs at least one feature)");
        }
        return new FeedbackEvent(
                eventId,
                model,
                modelVersion,
                ts,
                features,
                prediction,
                confidence,
                actual,
                segment);
    }

    private MetricSample metric(Fields f) {
        String name = f.name("name");
        Map<String, String> labels = f.stringMap("labels", limits.maxLabels());
        String model = labels.get(MetricSample.MODEL_LABEL);
        if (model != null) {
            checkModelName(model);
        }
        double value = f.reqDouble("value");
        long ts = f.timestamp("ts");
        return new MetricSample(name, labels, value, ts);
    }

    private DriftReport driftReport(Fields f) {
        String reportId = f.id("report_id");
        String model = f.model("model");
        String modelVersion = f.optString("model_version");
        long windowStart = f.timestamp("window_start");
        long windowEnd = f.timestamp("window_end");
        if (windowEnd < windowStart) {
            throw invalid("out of range: window_end (before window_start)");
        }
        long n = f.nonNegativeLong("n");
        List<DriftReport.FeatureDrift> features =
                f.objects("features", limits.maxFeatures(), this::featureDrift);
        Fields perf = f.optObject("performance");
        DriftReport.PerformanceDrift performance = perf == null ? null : performanceDrift(perf);
        List<DriftReport.DetectorSignal> detectors =
                f.objects("detectors", limits.maxFeatures(), this::detectorSignal);
        Severity severity = f.reqEnum("severity", Severity.class);
        String referenceVersion = f.optString("reference_version");
        Fields schema = f.optObject("schema_drift");
        DriftReport.SchemaDrift schemaDrift = schema == null ? null : schemaDrift(schema);
        ReportKind kind = f.optEnum("kind", ReportKind.class);
        if (kind == null) {
            // written before "kind" existed: a metric report was marked by its reference version
            kind =
                    ReportKind.LEGACY_METRICS_REFERENCE.equals(referenceVersion)
                            ? ReportKind.METRIC
                            : ReportKind.FEATURE;
        }
        if (kind == ReportKind.METRIC
                && ReportKind.LEGACY_METRICS_REFERENCE.equals(referenceVersion)) {
            referenceVersion = null;
        }
        return new DriftReport(
                reportId,
                model,
                modelVersion,
                windowStart,
                windowEnd,
                n,
                features,
                performance,
                detectors,
                severity,
                referenceVersion,
                schemaDrift,
                kind);
    }

    private DriftReport.SchemaDrift schemaDrift(Fields f) {
        return new DriftReport.SchemaDrift(
                f.map(
                        "kind_changes",
                        limits.maxFeatures(),
                        Keys.NAME,
                        (node, path) -> nonNegative(requireLong(node, path), path)),
                f.list("new_features", limits.maxFeatures(), this::featureName),
                f.list("missing_features", limits.maxFeatures(), this::featureName),
                f.map(
                        "unseen_categories",
                        limits.maxFeatures(),
                        Keys.NAME,
                        (node, path) -> nonNegative(requireLong(node, path), path)),
                f.reqEnum("severity", Severity.class));
    }

    private String featureName(JsonNode node, String path) {
        String name = checkLength(requireText(node, path), path);
        String problem = Keys.NAME.problem(name);
        if (name.isEmpty() || problem != null) {
            throw invalid(
                    "invalid value: " + path + " (" + (problem == null ? "empty" : problem) + ")");
        }
        return name;
    }

    private DriftReport.FeatureDrift featureDrift(Fields f) {
        String feature = f.name("feature");
        FeatureKind kind = f.reqEnum("kind", FeatureKind.class);
        Map<String, Double> statistics = f.doubleMap("statistics", limits.maxLabels());
        Double pValue = f.optDouble("p_value");
        if (pValue != null && (pValue < 0.0 || pValue > 1.0)) {
            throw invalid("out of range: " + f.path("p_value") + " (expected 0..1)");
        }
        boolean drifted = f.reqBoolean("drifted");
        return new DriftReport.FeatureDrift(feature, kind, statistics, pValue, drifted);
    }

    private DriftReport.PerformanceDrift performanceDrift(Fields f) {
        return new DriftReport.PerformanceDrift(
                f.name("metric"),
                f.reqDouble("value"),
                f.reqDouble("baseline"),
                f.reqDouble("delta"),
                f.reqEnum("severity", Severity.class));
    }

    private DriftReport.DetectorSignal detectorSignal(Fields f) {
        return new DriftReport.DetectorSignal(
                f.name("detector"), f.name("stream"), f.name("signal"));
    }

    private RetrainTrigger retrainTrigger(Fields f) {
        String triggerId = f.id("trigger_id");
        String model = f.model("model");
        TriggerReason reason = f.reqEnum("reason", TriggerReason.class);
        Severity severity = f.reqEnum("severity", Severity.class);
        Fields ev = f.optObject("evidence");
        Evidence evidence = ev == null ? Evidence.EMPTY : evidence(ev);
        long triggeredAt = f.timestamp("triggered_at");
        boolean force = f.optBoolean("force", false);
        TriggerStatus status = f.reqEnum("status", TriggerStatus.class);
        int attempts = f.optNonNegativeInt("attempts", 0);
        String error = f.optString("error");
        Long leaseUntil = f.optTimestamp("lease_until");
        String trainerId = f.optString("trainer_id");
        Long startedAt = f.optTimestamp("started_at");
        Long completedAt = f.optTimestamp("completed_at");
        Integer modelVersion = f.optVersion("model_version");
        return new RetrainTrigger(
                triggerId,
                model,
                reason,
                severity,
                evidence,
                triggeredAt,
                force,
                status,
                attempts,
                error,
                leaseUntil,
                trainerId,
                startedAt,
                completedAt,
                modelVersion);
    }

    private Evidence evidence(Fields f) {
        List<String> reportIds =
                f.list(
                        "report_ids",
                        limits.maxFeatures(),
                        (node, path) -> checkId(requireText(node, path), path));
        Map<String, Double> statistics = f.doubleMap("statistics", limits.maxLabels());
        String summary = f.optString("summary");
        return new Evidence(reportIds, statistics, summary);
    }

    private RetrainStatus retrainStatus(Fields f) {
        String triggerId = f.id("trigger_id");
        String model = f.model("model");
        TriggerStatus from = f.optEnum("from", TriggerStatus.class);
        TriggerStatus to = f.reqEnum("to", TriggerStatus.class);
        if (from != null && !from.canTransitionTo(to)) {
            throw invalid(
                    "invalid value: to (illegal transition "
                            + wireName(from)
                            + " -> "
                            + wireName(to)
                            + ")");
        }
        long ts = f.timestamp("ts");
        String trainerId = f.optString("trainer_id");
        Integer modelVersion = f.optVersion("model_version");
        String error = f.optString("error");
        int attempts = f.optNonNegativeInt("attempts", 0);
        return new RetrainStatus(
                triggerId, model, from, to, ts, trainerId, modelVersion, error, attempts);
    }

    private ModelPublished modelPublished(Fields f) {
        String model = f.model("model");
        int version = f.version("version");
        Integer parentVersion = f.optVersion("parent_version");
        String triggerId = f.optId("trigger_id");
        String artifactUri = f.name("artifact_uri");
        String sha256 = f.reqString("sha256");
        if (!SHA256.matcher(sha256).matches()) {
            throw invalid("invalid value: sha256 (expected 64 lower-case hex chars)");
        }
        Map<String, Double> metrics = f.doubleMap("metrics", limits.maxLabels());
        ModelStage stage = f.reqEnum("stage", ModelStage.class);
        Fields profile = f.optObject("reference_profile");
        ReferenceProfile referenceProfile = profile == null ? null : referenceProfile(profile);
        long publishedAt = f.timestamp("published_at");
        return new ModelPublished(
                model,
                version,
                parentVersion,
                triggerId,
                artifactUri,
                sha256,
                metrics,
                stage,
                referenceProfile,
                publishedAt);
    }

    private ReferenceProfile referenceProfile(Fields f) {
        long sampleCount = f.nonNegativeLong("sample_count");
        Map<String, FeatureProfile> features =
                f.map(
                        "features",
                        limits.maxFeatures(),
                        Keys.NAME,
                        (node, path) -> featureProfile(object(node, path)));
        Map<String, Double> baseline = f.doubleMap("baseline_performance", limits.maxLabels());
        return new ReferenceProfile(sampleCount, features, baseline);
    }

    private FeatureProfile featureProfile(Fields f) {
        FeatureKind kind = f.reqEnum("kind", FeatureKind.class);
        long count = f.nonNegativeLong("count");
        long missing = f.nonNegativeLong("missing");
        String sketch = f.optBlob("sketch");
        if (sketch != null) {
            if (kind == FeatureKind.CATEGORICAL) {
                throw invalid("invalid value: " + f.path("sketch") + " (categorical feature)");
            }
            try {
                Base64.getDecoder().decode(sketch);
            } catch (IllegalArgumentException e) {
                throw invalid("invalid value: " + f.path("sketch") + " (not base64)");
            }
        }
        Map<String, Long> frequencies =
                f.map(
                        "frequencies",
                        limits.maxFeatures(),
                        Keys.CATEGORY,
                        (node, path) -> nonNegative(requireLong(node, path), path));
        if (kind == FeatureKind.NUMERIC && !frequencies.isEmpty()) {
            throw invalid("invalid value: " + f.path("frequencies") + " (numeric feature)");
        }
        long otherCount = f.optNonNegativeLong("other_count", 0L);
        return new FeatureProfile(kind, count, missing, sketch, frequencies, otherCount);
    }

    private DeadLetter deadLetter(Fields f) {
        String sourceTopic = f.name("source_topic");
        Long partition = f.optNonNegativeLong("partition", null);
        if (partition != null && partition > Integer.MAX_VALUE) {
            throw invalid("out of range: partition (exceeds 32-bit integer)");
        }
        Long offset = f.optNonNegativeLong("offset", null);
        String reason = f.name("reason");
        String payloadBase64 = f.reqBlob("payload_base64");
        try {
            Base64.getDecoder().decode(payloadBase64);
        } catch (IllegalArgumentException e) {
            throw invalid("invalid value: payload_base64 (not base64)");
        }
        String payloadText = f.optBlob("payload_text");
        long failedAt = f.timestamp("failed_at");
        return new DeadLetter(
                sourceTopic,
                partition == null ? null : Integer.valueOf(partition.intValue()),
                offset,
                reason,
                payloadBase64,
                payloadText,
                failedAt);
    }

    private Alert alert(Fields f) {
        String alertname = f.reqString("alertname");
        if (!Alert.ALERT_NAME.matcher(alertname).matches()) {
            throw invalid("invalid value: alertname (expected [A-Za-z_][A-Za-z0-9_]*)");
        }
        Map<String, String> labels = f.stringMap("labels", limits.maxLabels());
        checkAlertNames(labels, "labels", false);
        String named = labels.get(Alert.ALERTNAME_LABEL);
        if (named != null && !named.equals(alertname)) {
            throw invalid("invalid value: labels.alertname (differs from alertname)");
        }
        if (named == null && labels.size() >= limits.maxLabels()) {
            throw invalid(
                    "too many entries in labels: "
                            + (labels.size() + 1)
                            + " > "
                            + limits.maxLabels()
                            + " (with alertname)");
        }
        Map<String, String> annotations = f.stringMap("annotations", limits.maxLabels());
        checkAlertNames(annotations, "annotations", true);
        long startsAt = f.timestamp("starts_at");
        Long endsAt = f.optTimestamp("ends_at");
        if (endsAt != null && endsAt < startsAt) {
            throw invalid("out of range: ends_at (before starts_at)");
        }
        String fingerprint = f.optString("fingerprint");
        Alert alert = new Alert(alertname, labels, annotations, startsAt, endsAt, null);
        if (fingerprint != null && !fingerprint.equals(alert.fingerprint())) {
            throw invalid("invalid value: fingerprint (does not match the labels)");
        }
        return alert;
    }

    /** Prometheus-style names; label values must not be empty (empty means absent there). */
    private static void checkAlertNames(
            Map<String, String> map, String path, boolean emptyValuesAllowed) {
        for (Map.Entry<String, String> entry : map.entrySet()) {
            String entryPath = path + "." + quote(entry.getKey());
            if (!Alert.isValidName(entry.getKey())) {
                throw invalid(
                        "invalid value: "
                                + entryPath
                                + " (name must match [A-Za-z_][A-Za-z0-9_]*, not start with __)");
            }
            if (!emptyValuesAllowed && entry.getValue().isEmpty()) {
                throw invalid("invalid value: " + entryPath + " (empty)");
            }
        }
    }

    /** The object at {@code path} as fields, failing unless it is a JSON object. */
    private Fields object(JsonNode node, String path) {
        if (!node.isObject()) {
            throw wrongType(path, "object", node);
        }
        return new Fields(node, path + ".");
    }

    // ---- values ----------------------------------------------------------------------------

    private FeatureValue featureValue(JsonNode node, String path, boolean nullIsMissing) {
        if (node.isNull()) {
            return nullIsMissing ? FeatureValue.MISSING : null;
        }
        if (node.isNumber()) {
            return new FeatureValue.Numeric(finite(node, path));
        }
        if (node.isTextual()) {
            return new FeatureValue.Categorical(
                    checkCategory(checkLength(requireText(node, path), path), path));
        }
        throw wrongType(path, "number, string or null", node);
    }

    private static String requireText(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw wrongType(path, "string", node);
        }
        return checkText(node.textValue(), path);
    }

    /** Every string: no NUL (MongoDB cannot hold it in a key), no unpaired surrogate. */
    static String checkText(String text, String path) {
        if (text.indexOf('\u0000') >= 0) {
            throw invalid("invalid text: " + path + " (nul character)");
        }
        if (StrictUtf8.unpairedSurrogate(text) >= 0) {
            throw invalid("invalid text: " + path + " (unpaired surrogate)");
        }
        return text;
    }

    /**
     * A categorical value (it becomes a key of a reference profile's frequency map): no control
     * characters on top of {@link #checkText}.
     */
    static String checkCategory(String text, String path) {
        String problem = Keys.CATEGORY.problem(text);
        if (problem != null) {
            throw invalid("invalid text: " + path + " (" + problem + ")");
        }
        return text;
    }

    /**
     * What the keys of a map may be; all of them become MongoDB document keys somewhere, so none
     * may hold a NUL, a control character or an unpaired surrogate.
     */
    enum Keys {
        /**
         * Feature, segment and label names, chosen by producers: also no leading {@code $} and no
         * {@code .}, so a name is the same key in every MongoDB document and query path.
         */
        NAME,
        /**
         * Keys Driftline itself composes ({@code statistics}, {@code metrics}, {@code
         * baseline_performance}, where {@code feature.statistic} is the form): no leading {@code
         * $}.
         */
        KEY,
        /** Categories in a frequency map: any text without control characters, even empty. */
        CATEGORY;

        String problem(String key) {
            for (int i = 0; i < key.length(); i++) {
                char c = key.charAt(i);
                if (Character.isISOControl(c)) {
                    return c == 0 ? "nul character" : "control character";
                }
                if (c == '.' && this == NAME) {
                    return "contains '.'";
                }
            }
            if (this != CATEGORY && !key.isEmpty() && key.charAt(0) == '$') {
                return "starts with '$'";
            }
            if (StrictUtf8.unpairedSurrogate(key) >= 0) {
                return "unpaired surrogate";
            }
            return null;
        }
    }

    private String checkLength(String text, String path) {
        if (text.length() > limits.maxStringLength()) {
            throw invalid(
                    "string too long: "
                            + path
                            + " ("
                            + text.length()
                            + " > "
                            + limits.maxStringLength()
                            + " chars)");
        }
        return text;
    }

    static String checkId(String id, String path) {
        if (id.isEmpty()) {
            throw invalid("invalid value: " + path + " (empty)");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw invalid(
                    "string too long: "
                            + path
                            + " ("
                            + id.length()
                            + " > "
                            + MAX_ID_LENGTH
                            + " chars)");
        }
        return id;
    }

    static String checkModelName(String name) {
        if (!MODEL_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw invalid("invalid model name: " + quote(name));
        }
        return name;
    }

    private static double finite(JsonNode node, String path) {
        double value = node.doubleValue();
        if (!Double.isFinite(value)) {
            throw invalid("non-finite number in " + path);
        }
        return value;
    }

    private static long requireLong(JsonNode node, String path) {
        if (!node.isNumber() || !node.isIntegralNumber()) {
            throw wrongType(path, "integer", node);
        }
        if (!node.canConvertToLong()) {
            throw invalid("out of range: " + path + " (exceeds 64-bit integer)");
        }
        return node.longValue();
    }

    private static long checkTimestamp(long ts, String path) {
        if (ts > MAX_TIMESTAMP) {
            throw invalid("out of range: " + path + " (after year 9999)");
        }
        return ts;
    }

    private static long nonNegative(long value, String path) {
        if (value < 0) {
            throw invalid("out of range: " + path + " (negative)");
        }
        return value;
    }

    private static <E extends Enum<E>> E enumValue(JsonNode node, String path, Class<E> type) {
        if (!node.isTextual()) {
            throw wrongType(path, "string", node);
        }
        String text = node.textValue();
        E[] constants = type.getEnumConstants();
        for (E constant : constants) {
            if (wireName(constant).equals(text)) {
                return constant;
            }
        }
        StringBuilder expected = new StringBuilder();
        for (E constant : constants) {
            expected.append(expected.length() == 0 ? "" : "|").append(wireName(constant));
        }
        throw invalid("invalid value: " + path + " (expected " + expected + ")");
    }

    static String wireName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static InvalidEventException invalid(String reason) {
        return new InvalidEventException(reason);
    }

    private static InvalidEventException wrongType(String path, String expected, JsonNode node) {
        return invalid(
                "wrong type: " + path + " (expected " + expected + ", got " + typeName(node) + ")");
    }

    private static String typeName(JsonNode node) {
        JsonNodeType type = node.getNodeType();
        return switch (type) {
            case STRING -> "string";
            case NUMBER -> node.isIntegralNumber() ? "integer" : "number";
            case BOOLEAN -> "boolean";
            case OBJECT -> "object";
            case ARRAY -> "array";
            case NULL -> "null";
            default -> type.name().toLowerCase(Locale.ROOT);
        };
    }

    /**
     * Puts user text into a reason safely: at most 64 chars, control characters and surrogates
     * (which a cut could split) replaced, so a reason never carries a large or multi-line piece of
     * the payload.
     */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_QUOTED_CHARS) + 5);
        int end = Math.min(text.length(), MAX_QUOTED_CHARS);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
        }
        if (text.length() > MAX_QUOTED_CHARS) {
            out.append("...");
        }
        return out.toString();
    }

    /** Reads the fields of one JSON object, naming each by its path from the message root. */
    private final class Fields {
        private final JsonNode node;
        private final String prefix;

        Fields(JsonNode node, String prefix) {
            this.node = node;
            this.prefix = prefix;
        }

        String path(String name) {
            return prefix + name;
        }

        /** The field's value, or null when absent or JSON null. */
        private JsonNode get(String name) {
            JsonNode value = node.get(name);
            return value == null || value.isNull() ? null : value;
        }

        private JsonNode require(String name) {
            JsonNode value = get(name);
            if (value == null) {
                throw invalid("missing field: " + path(name));
            }
            return value;
        }

        String optString(String name) {
            JsonNode value = get(name);
            return value == null ? null : checkLength(requireText(value, path(name)), path(name));
        }

        String reqString(String name) {
            return checkLength(requireText(require(name), path(name)), path(name));
        }

        /** A required, non-empty string. */
        String name(String name) {
            String text = reqString(name);
            if (text.isEmpty()) {
                throw invalid("invalid value: " + path(name) + " (empty)");
            }
            return text;
        }

        String id(String name) {
            return checkId(requireText(require(name), path(name)), path(name));
        }

        String optId(String name) {
            JsonNode value = get(name);
            return value == null ? null : checkId(requireText(value, path(name)), path(name));
        }

        String model(String name) {
            return checkModelName(reqString(name));
        }

        String reqBlob(String name) {
            return requireText(require(name), path(name));
        }

        String optBlob(String name) {
            JsonNode value = get(name);
            return value == null ? null : requireText(value, path(name));
        }

        long timestamp(String name) {
            return checkTimestamp(nonNegativeLong(name), path(name));
        }

        Long optTimestamp(String name) {
            Long ts = optNonNegativeLong(name, null);
            return ts == null ? null : checkTimestamp(ts, path(name));
        }

        long nonNegativeLong(String name) {
            return nonNegative(requireLong(require(name), path(name)), path(name));
        }

        Long optNonNegativeLong(String name, Long absent) {
            JsonNode value = get(name);
            if (value == null) {
                return absent;
            }
            return nonNegative(requireLong(value, path(name)), path(name));
        }

        int optNonNegativeInt(String name, int absent) {
            Long value = optNonNegativeLong(name, null);
            if (value == null) {
                return absent;
            }
            if (value > Integer.MAX_VALUE) {
                throw invalid("out of range: " + path(name) + " (exceeds 32-bit integer)");
            }
            return value.intValue();
        }

        int version(String name) {
            require(name);
            return optVersion(name);
        }

        Integer optVersion(String name) {
            JsonNode value = get(name);
            if (value == null) {
                return null;
            }
            long version = requireLong(value, path(name));
            if (version < 1 || version > Integer.MAX_VALUE) {
                throw invalid(
                        "out of range: " + path(name) + " (expected 1.." + Integer.MAX_VALUE + ")");
            }
            return (int) version;
        }

        double reqDouble(String name) {
            JsonNode value = require(name);
            if (!value.isNumber()) {
                throw wrongType(path(name), "number", value);
            }
            return finite(value, path(name));
        }

        Double optDouble(String name) {
            if (get(name) == null) {
                return null;
            }
            return reqDouble(name);
        }

        boolean reqBoolean(String name) {
            JsonNode value = require(name);
            if (!value.isBoolean()) {
                throw wrongType(path(name), "boolean", value);
            }
            return value.booleanValue();
        }

        boolean optBoolean(String name, boolean absent) {
            return get(name) == null ? absent : reqBoolean(name);
        }

        <E extends Enum<E>> E reqEnum(String name, Class<E> type) {
            return enumValue(require(name), path(name), type);
        }

        <E extends Enum<E>> E optEnum(String name, Class<E> type) {
            JsonNode value = get(name);
            return value == null ? null : enumValue(value, path(name), type);
        }

        FeatureValue optFeatureValue(String name) {
            JsonNode value = get(name);
            return value == null ? null : featureValue(value, path(name), false);
        }

        Fields optObject(String name) {
            JsonNode value = get(name);
            return value == null ? null : object(value, path(name));
        }

        /**
         * A JSON object read as a map, its keys checked by {@code keys}; absent or null is empty.
         */
        <V> Map<String, V> map(
                String name, int maxEntries, Keys keys, BiFunction<JsonNode, String, V> readValue) {
            JsonNode value = get(name);
            if (value == null) {
                return Map.of();
            }
            String path = path(name);
            if (!value.isObject()) {
                throw wrongType(path, "object", value);
            }
            if (value.size() > maxEntries) {
                throw invalid(
                        "too many entries in " + path + ": " + value.size() + " > " + maxEntries);
            }
            int maxKey = limits.maxKeyLength();
            Map<String, V> out = new LinkedHashMap<>(value.size() * 2);
            for (Map.Entry<String, JsonNode> entry : value.properties()) {
                String key = entry.getKey();
                if (key.isEmpty() && keys != Keys.CATEGORY) {
                    throw invalid("empty key in " + path);
                }
                String problem = keys.problem(key);
                if (problem != null) {
                    throw invalid(
                            "invalid key in " + path + ": " + quote(key) + " (" + problem + ")");
                }
                if (key.length() > maxKey) {
                    throw invalid(
                            "key too long in "
                                    + path
                                    + ": "
                                    + key.length()
                                    + " > "
                                    + maxKey
                                    + " chars");
                }
                out.put(key, readValue.apply(entry.getValue(), path + "." + quote(key)));
            }
            return out;
        }

        Map<String, String> stringMap(String name, int maxEntries) {
            return map(
                    name,
                    maxEntries,
                    Keys.NAME,
                    (value, path) -> checkLength(requireText(value, path), path));
        }

        Map<String, Double> doubleMap(String name, int maxEntries) {
            return map(
                    name,
                    maxEntries,
                    Keys.KEY,
                    (value, path) -> {
                        if (!value.isNumber()) {
                            throw wrongType(path, "number", value);
                        }
                        return finite(value, path);
                    });
        }

        /** A JSON array read as a list; absent or null is an empty list. */
        <T> List<T> list(
                String name, int maxElements, BiFunction<JsonNode, String, T> readElement) {
            JsonNode value = get(name);
            if (value == null) {
                return List.of();
            }
            String path = path(name);
            if (!value.isArray()) {
                throw wrongType(path, "array", value);
            }
            if (value.size() > maxElements) {
                throw invalid(
                        "too many entries in " + path + ": " + value.size() + " > " + maxElements);
            }
            List<T> out = new ArrayList<>(value.size());
            for (int i = 0; i < value.size(); i++) {
                out.add(readElement.apply(value.get(i), path + "[" + i + "]"));
            }
            return out;
        }

        /** A JSON array of objects read as a list. */
        <T> List<T> objects(String name, int maxElements, Function<Fields, T> read) {
            return list(name, maxElements, (element, path) -> read.apply(object(element, path)));
        }
    }
}
