package io.driftline.core.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.driftline.core.decision.DriftDecisionConfig;
import io.driftline.core.decision.MultipleTestingCorrection;
import io.driftline.core.performance.PerformanceMetric;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a model catalog ({@code models.yaml}) and validates all of it: an unknown key, a wrong type
 * or a value out of range fails with where it is and what is allowed, e.g. {@code models.yaml:
 * models.credit-risk.prediction.threshold: must be in (0, 1), e.g. 0.5, but was 1.5}.
 *
 * <pre>{@code
 * version: 1
 * defaults:                      # every model not listed, and the base of the listed ones
 *   decision: { drifted-share: 0.5 }
 * models:
 *   credit-risk:
 *     family: mlp-classifier
 *     label: defaulted within 90 days
 *     prediction: { kind: score, threshold: 0.5 }
 *     features: [income, debt_ratio, age, region]
 *     critical-features: [income, debt_ratio]
 *     decision: { alpha: 0.01, psi-drift: 0.2 }
 *     retrain: { schedule: 7d }
 * }</pre>
 *
 * A listed model takes each setting it does not give from {@code defaults}, which takes its
 * decision thresholds from the jobs' options ({@code driftline.drift.decision.*}).
 */
public final class CatalogParser {

    /** The catalog format this parser reads. */
    public static final int VERSION = 1;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern DURATION =
            Pattern.compile("(\\d{1,9})\\s*(ms|s|m|min|h|d|w)", Pattern.CASE_INSENSITIVE);
    private static final int MAX_MODELS = 10_000;
    private static final int MAX_FEATURES = 1_000;

    private static final Set<String> TOP = Set.of("version", "defaults", "models");
    private static final Set<String> ENTRY =
            Set.of(
                    "family",
                    "label",
                    "prediction",
                    "features",
                    "critical-features",
                    "decision",
                    "retrain");
    private static final Set<String> PREDICTION =
            Set.of("kind", "threshold", "positive", "negative");
    private static final Set<String> DECISION =
            Set.of(
                    "alpha",
                    "correction",
                    "psi-warning",
                    "psi-drift",
                    "js-drift",
                    "wasserstein-drift",
                    "drifted-share",
                    "bins",
                    "min-window-count",
                    "performance-tolerances");
    private static final Set<String> RETRAIN = Set.of("schedule");

    private final String source;

    private CatalogParser(String source) {
        this.source = source;
    }

    /**
     * Parses a catalog.
     *
     * @param text the YAML text
     * @param source where it came from, for messages (e.g. the file name)
     * @param base the decision rule of models the catalog says nothing about
     * @throws CatalogException when anything in it is wrong
     */
    public static ModelCatalog parse(String text, String source, DriftDecisionConfig base) {
        return new CatalogParser(source).catalog(text, base);
    }

    /** A catalog that lists no model: every model gets {@code base} and reads classes. */
    public static ModelCatalog empty(DriftDecisionConfig base) {
        return new ModelCatalog(
                new ModelSettings(
                        "mlp-classifier", null, PredictionReading.CLASS, List.of(), base, null),
                Map.of());
    }

    private ModelCatalog catalog(String text, DriftDecisionConfig base) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new CatalogException(
                    source + ": not valid YAML: " + e.getOriginalMessage() + location(e));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw fail("", "is empty; it needs at least 'version: " + VERSION + "'");
        }
        requireObject(root, "");
        knownKeys(root, TOP, "");
        JsonNode version = root.get("version");
        if (version == null || !version.isInt() || version.intValue() != VERSION) {
            throw fail("version", "must be " + VERSION + " but was " + text(version));
        }
        ModelSettings defaults = entry(root.get("defaults"), "defaults", empty(base).defaults());
        Map<String, ModelSettings> models = new TreeMap<>();
        JsonNode listed = root.get("models");
        if (listed != null && !listed.isNull()) {
            requireObject(listed, "models");
            if (listed.size() > MAX_MODELS) {
                throw fail("models", "lists " + listed.size() + " models; at most " + MAX_MODELS);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = listed.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey();
                String path = "models." + name;
                if (!MODEL_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
                    throw fail(path, "is not a model name ([A-Za-z0-9._-], 1 to 128 chars)");
                }
                models.put(name, entry(e.getValue(), path, defaults));
            }
        }
        return new ModelCatalog(defaults, models);
    }

    /** One entry ({@code defaults} or a model), each missing setting taken from {@code base}. */
    private ModelSettings entry(JsonNode node, String path, ModelSettings base) {
        if (node == null || node.isNull()) {
            return base;
        }
        requireObject(node, path);
        knownKeys(node, ENTRY, path);
        String family = base.family();
        JsonNode familyNode = node.get("family");
        if (familyNode != null) {
            family = string(familyNode, path + ".family");
            if (!ModelSettings.FAMILIES.contains(family)) {
                throw fail(
                        path + ".family",
                        "must be one of " + ModelSettings.FAMILIES + " but was '" + family + "'");
            }
        }
        String label =
                node.has("label") ? string(node.get("label"), path + ".label") : base.label();
        PredictionReading prediction =
                node.has("prediction")
                        ? prediction(node.get("prediction"), path + ".prediction")
                        : base.prediction();
        List<String> features =
                node.has("features")
                        ? names(node.get("features"), path + ".features")
                        : base.features();
        DriftDecisionConfig.Builder decision = DriftDecisionConfig.builder(base.decision());
        if (node.has("decision")) {
            decision(node.get("decision"), path + ".decision", decision);
        }
        if (node.has("critical-features")) {
            List<String> critical =
                    names(node.get("critical-features"), path + ".critical-features");
            if (!features.isEmpty()) {
                for (String f : critical) {
                    if (!features.contains(f)) {
                        throw fail(
                                path + ".critical-features",
                                "names '" + f + "', which is not among its features " + features);
                    }
                }
            }
            decision.optCriticalFeatures(Set.copyOf(critical));
        }
        DriftDecisionConfig built;
        try {
            built = decision.build();
        } catch (IllegalArgumentException e) {
            throw fail(path + ".decision", e.getMessage());
        }
        Duration schedule = base.retrainSchedule();
        JsonNode retrain = node.get("retrain");
        if (retrain != null && !retrain.isNull()) {
            requireObject(retrain, path + ".retrain");
            knownKeys(retrain, RETRAIN, path + ".retrain");
            if (retrain.has("schedule")) {
                schedule = duration(retrain.get("schedule"), path + ".retrain.schedule");
            }
        }
        return new ModelSettings(family, label, prediction, features, built, schedule);
    }

    private PredictionReading prediction(JsonNode node, String path) {
        if (node.isTextual()) {
            return switch (node.textValue().toLowerCase(Locale.ROOT)) {
                case "class" -> PredictionReading.CLASS;
                case "score" -> PredictionReading.score(0.5);
                default ->
                        throw fail(
                                path,
                                "must be 'class', 'score' or a map with kind and threshold"
                                        + " but was '"
                                        + node.textValue()
                                        + "'");
            };
        }
        requireObject(node, path);
        knownKeys(node, PREDICTION, path);
        String kind = node.has("kind") ? string(node.get("kind"), path + ".kind") : "score";
        PredictionReading.Kind parsed =
                switch (kind.toLowerCase(Locale.ROOT)) {
                    case "class" -> PredictionReading.Kind.CLASS;
                    case "score" -> PredictionReading.Kind.SCORE;
                    default ->
                            throw fail(
                                    path + ".kind",
                                    "must be 'class' or 'score' but was '" + kind + "'");
                };
        double threshold =
                node.has("threshold") ? number(node.get("threshold"), path + ".threshold") : 0.5;
        String positive =
                node.has("positive") ? label(node.get("positive"), path + ".positive") : "1";
        String negative =
                node.has("negative") ? label(node.get("negative"), path + ".negative") : "0";
        try {
            return new PredictionReading(parsed, threshold, positive, negative);
        } catch (IllegalArgumentException e) {
            throw fail(path, e.getMessage());
        }
    }

    private void decision(JsonNode node, String path, DriftDecisionConfig.Builder out) {
        requireObject(node, path);
        knownKeys(node, DECISION, path);
        DriftDecisionConfig current = out.build();
        double psiWarning = current.psiWarning();
        double psiDrift = current.psiDrift();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = path + "." + e.getKey();
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "alpha" -> out.optAlpha(number(v, at));
                case "correction" -> out.optCorrection(correction(v, at));
                case "psi-warning" -> psiWarning = number(v, at);
                case "psi-drift" -> psiDrift = number(v, at);
                case "js-drift" -> out.optJsDrift(number(v, at));
                case "wasserstein-drift" -> out.optWassersteinDrift(number(v, at));
                case "drifted-share" -> out.optDriftedShare(number(v, at));
                case "bins" -> out.optBins((int) integer(v, at));
                case "min-window-count" -> out.optMinWindowCount(integer(v, at));
                default ->
                        out.optPerformanceTolerances(tolerances(v, at)); // performance-tolerances
            }
        }
        out.optPsiThresholds(psiWarning, psiDrift);
    }

    private MultipleTestingCorrection correction(JsonNode node, String path) {
        String text = string(node, path);
        String name = text.toUpperCase(Locale.ROOT).replace('-', '_');
        for (MultipleTestingCorrection c : MultipleTestingCorrection.values()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw fail(path, "must be benjamini-hochberg, bonferroni or none but was '" + text + "'");
    }

    private Map<PerformanceMetric, Double> tolerances(JsonNode node, String path) {
        requireObject(node, path);
        Map<PerformanceMetric, Double> out = new EnumMap<>(PerformanceMetric.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            PerformanceMetric metric;
            try {
                metric = PerformanceMetric.fromWireName(e.getKey());
            } catch (IllegalArgumentException unknown) {
                List<String> known = new ArrayList<>();
                for (PerformanceMetric m : PerformanceMetric.values()) {
                    known.add(m.wireName());
                }
                throw fail(path + "." + e.getKey(), "is not a performance metric; known: " + known);
            }
            out.put(metric, number(e.getValue(), path + "." + e.getKey()));
        }
        return out;
    }

    private Duration duration(JsonNode node, String path) {
        String text = string(node, path).strip();
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw fail(path, "must be a duration such as 7d, 24h or 30min but was '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        Duration d =
                switch (m.group(2).toLowerCase(Locale.ROOT)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m", "min" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    default -> Duration.ofDays(7 * n); // w
                };
        if (d.isZero()) {
            throw fail(path, "must be longer than zero");
        }
        return d;
    }

    private List<String> names(JsonNode node, String path) {
        if (!node.isArray()) {
            throw fail(path, "must be a list of names but was " + text(node));
        }
        if (node.size() > MAX_FEATURES) {
            throw fail(path, "lists " + node.size() + " names; at most " + MAX_FEATURES);
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String name = string(node.get(i), path + "[" + i + "]");
            if (name.isBlank()) {
                throw fail(path + "[" + i + "]", "must not be blank");
            }
            if (!out.add(name)) {
                throw fail(path + "[" + i + "]", "repeats '" + name + "'");
            }
        }
        return List.copyOf(out);
    }

    private String label(JsonNode node, String path) {
        if (node.isIntegralNumber()) {
            return node.asText();
        }
        return string(node, path);
    }

    private String string(JsonNode node, String path) {
        if (node == null || !node.isTextual()) {
            throw fail(path, "must be text but was " + text(node));
        }
        return node.textValue();
    }

    private double number(JsonNode node, String path) {
        if (node == null || !node.isNumber() || !Double.isFinite(node.doubleValue())) {
            throw fail(path, "must be a number but was " + text(node));
        }
        return node.doubleValue();
    }

    private long integer(JsonNode node, String path) {
        if (node == null || !node.canConvertToLong() || !node.isIntegralNumber()) {
            throw fail(path, "must be a whole number but was " + text(node));
        }
        return node.longValue();
    }

    private void requireObject(JsonNode node, String path) {
        if (!node.isObject()) {
            throw fail(path, "must be a map of settings but was " + text(node));
        }
    }

    private void knownKeys(JsonNode node, Set<String> known, String path) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw fail(
                        path.isEmpty() ? key : path + "." + key,
                        "is not a setting here; known: " + new java.util.TreeSet<>(known));
            }
        }
    }

    private static String text(JsonNode node) {
        if (node == null) {
            return "missing";
        }
        String text = node.isTextual() ? "'" + node.textValue() + "'" : node.toString();
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : " (line "
                        + e.getLocation().getLineNr()
                        + ", column "
                        + e.getLocation().getColumnNr()
                        + ")";
    }

    private CatalogException fail(String path, String problem) {
        return new CatalogException(source + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
    }
}
