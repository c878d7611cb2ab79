package io.driftline.events;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An alert for Alertmanager (or the MongoDB {@code alerts} collection): Driftline's operational
 * signals such as {@value #MODEL_DRIFT_DETECTED} and {@value #AUTO_RETRAIN_FAILED}, firing until
 * {@code endsAt} is set.
 *
 * <p>Alerts are identified like Alertmanager identifies them: by their label set, which always
 * includes {@code alertname}. {@link #fingerprint} is Alertmanager's own fingerprint of that label
 * set (64-bit FNV-1a over the labels sorted by name, as 16 hex digits), so an alert in {@code GET
 * /api/v2/alerts} can be matched to the record that raised it; sinks key their upserts by it.
 *
 * @param alertname the alert's name, {@code [A-Za-z_][A-Za-z0-9_]*}, e.g. {@code AutoRetrainFailed}
 * @param labels identifying labels, sorted by name; always holds {@code alertname}, usually {@code
 *     model} and {@code severity}, and {@code feature} or {@code trigger_id} where relevant
 * @param annotations informational text that does not identify the alert: {@code summary}, {@code
 *     description} (with the statistic values), {@code runbook_url}
 * @param startsAt when the condition began, epoch millis
 * @param endsAt when it ended, epoch millis; null while firing
 * @param fingerprint derived from the labels (see above); pass null to have it computed
 */
public record Alert(
        String alertname,
        Map<String, String> labels,
        Map<String, String> annotations,
        long startsAt,
        Long endsAt,
        String fingerprint) {

    /**
     * Drift in a model's input features: a window whose verdict is drift with at least one drifted
     * input feature (prediction and label drift alone do not raise it).
     */
    public static final String MODEL_DRIFT_DETECTED = "ModelDriftDetected";

    /** A model's accuracy, F1 or error moved past its threshold against the baseline. */
    public static final String MODEL_PERFORMANCE_DEGRADED = "ModelPerformanceDegraded";

    /** A model's inputs changed shape: features changed kind, went missing or new categories. */
    public static final String MODEL_SCHEMA_DRIFT = "ModelSchemaDrift";

    /** A metric series broke a threshold rule or moved far from its own trailing baseline. */
    public static final String MODEL_METRIC_ANOMALY = "ModelMetricAnomaly";

    /** A retrain of the model failed within the last hour (configurable). */
    public static final String AUTO_RETRAIN_FAILED = "AutoRetrainFailed";

    /** A retrain has been running for longer than 2 hours (configurable). */
    public static final String AUTO_RETRAIN_LONG_DURATION = "AutoRetrainLongDuration";

    /** The model drifts and has not completed a retrain for 30 days (configurable). */
    public static final String NO_RETRAIN_WITH_DRIFT = "NoRetrainWithDrift";

    /** The label that carries the alert's name, as in Prometheus. */
    public static final String ALERTNAME_LABEL = "alertname";

    public static final String MODEL_LABEL = "model";
    public static final String SEVERITY_LABEL = "severity";
    public static final String FEATURE_LABEL = "feature";
    public static final String TRIGGER_ID_LABEL = "trigger_id";

    public static final String SUMMARY_ANNOTATION = "summary";
    public static final String DESCRIPTION_ANNOTATION = "description";
    public static final String RUNBOOK_ANNOTATION = "runbook_url";

    /** Alert names, as Prometheus names alerting rules. */
    public static final Pattern ALERT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * Label and annotation names, as Prometheus allows them; names starting with {@code __} are
     * reserved for Prometheus' internal use and rejected.
     */
    public static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final int SEPARATOR = 0xff;

    /**
     * Checks the names, adds {@code alertname} to the labels, sorts them and computes the
     * fingerprint.
     *
     * @throws IllegalArgumentException if a name is invalid, a label value empty, {@code labels}
     *     holds a different {@code alertname}, {@code endsAt} is before {@code startsAt}, or {@code
     *     fingerprint} is given and does not match the labels
     */
    public Alert {
        Objects.requireNonNull(alertname, "alertname");
        checkArgument(ALERT_NAME.matcher(alertname).matches(), "invalid alert name: %s", alertname);
        TreeMap<String, String> sorted = new TreeMap<>(WireCollections.map(labels, "labels"));
        String named = sorted.putIfAbsent(ALERTNAME_LABEL, alertname);
        checkArgument(
                named == null || named.equals(alertname),
                "label alertname=%s differs from the alert's name %s",
                named,
                alertname);
        for (Map.Entry<String, String> label : sorted.entrySet()) {
            checkArgument(isValidName(label.getKey()), "invalid label name: %s", label.getKey());
            checkArgument(!label.getValue().isEmpty(), "empty value of label %s", label.getKey());
        }
        labels = WireCollections.map(sorted, "labels");
        annotations = WireCollections.map(annotations, "annotations");
        for (String name : annotations.keySet()) {
            checkArgument(isValidName(name), "invalid annotation name: %s", name);
        }
        checkArgument(startsAt >= 0, "startsAt must be >= 0, got %s", startsAt);
        checkArgument(
                endsAt == null || endsAt >= startsAt,
                "endsAt %s is before startsAt %s",
                endsAt,
                startsAt);
        String computed = fingerprintOf(labels);
        checkArgument(
                fingerprint == null || fingerprint.equals(computed),
                "fingerprint %s does not match the labels (expected %s)",
                fingerprint,
                computed);
        fingerprint = computed;
    }

    /** A firing alert that started at {@code startsAt}. */
    public static Alert firing(
            String alertname,
            Map<String, String> labels,
            Map<String, String> annotations,
            long startsAt) {
        return new Alert(alertname, labels, annotations, startsAt, null, null);
    }

    /**
     * The {@code runbook_url} of an alert: the runbook page's base URL with the alert's lower-case
     * name as the fragment, e.g. {@code https://…/runbooks.md#modeldriftdetected}.
     */
    public static String runbookUrl(String baseUrl, String alertname) {
        return baseUrl + "#" + alertname.toLowerCase(Locale.ROOT);
    }

    /**
     * This alert, resolved at {@code now} (or at its start, when {@code now} is earlier); an alert
     * that is already resolved is returned unchanged.
     */
    public Alert resolve(long now) {
        if (resolved()) {
            return this;
        }
        return new Alert(
                alertname, labels, annotations, startsAt, Math.max(now, startsAt), fingerprint);
    }

    /** This alert with other annotations; identity (labels, fingerprint) and times unchanged. */
    public Alert withAnnotations(Map<String, String> newAnnotations) {
        return new Alert(alertname, labels, newAnnotations, startsAt, endsAt, fingerprint);
    }

    /** Whether the alert has ended. */
    public boolean resolved() {
        return endsAt != null;
    }

    /** The {@code model} label, or null. */
    public String model() {
        return labels.get(MODEL_LABEL);
    }

    /** Whether {@code name} is a valid, non-reserved Prometheus label name. */
    public static boolean isValidName(String name) {
        return name != null && LABEL_NAME.matcher(name).matches() && !name.startsWith("__");
    }

    /**
     * Alertmanager's fingerprint of a label set: 64-bit FNV-1a over each label's name and value in
     * name order, each followed by the byte {@code 0xff}, printed as 16 lower-case hex digits
     * (Prometheus {@code model.LabelSet.Fingerprint}).
     */
    public static String fingerprintOf(Map<String, String> labels) {
        long hash = FNV_OFFSET;
        for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
            hash = fnv(hash, label.getKey());
            hash = fnvByte(hash, SEPARATOR);
            hash = fnv(hash, label.getValue());
            hash = fnvByte(hash, SEPARATOR);
        }
        return String.format("%016x", hash);
    }

    private static long fnv(long hash, String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash = fnvByte(hash, b & 0xff);
        }
        return hash;
    }

    private static long fnvByte(long hash, int b) {
        return (hash ^ b) * FNV_PRIME;
    }

    private static void checkArgument(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(format, args));
        }
    }
}
