package io.driftline.events;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The drift measured for one model over one event-time window against its reference profile (topic
 * {@code driftline.drift-reports}, MongoDB {@code drift_reports}).
 *
 * @param reportId unique id of this report
 * @param model model name
 * @param modelVersion the serving version seen in the window, nullable
 * @param windowStart window start, epoch millis, inclusive
 * @param windowEnd window end, epoch millis, exclusive; not before {@code windowStart}
 * @param n number of events in the window
 * @param features per-feature results; empty when none
 * @param performance performance drift when labels were present, nullable
 * @param detectors signals of streaming change detectors; empty when none
 * @param severity the model-level verdict
 * @param referenceVersion the published reference's model version, {@code learned} for a reference
 *     learned from traffic, null when there is none (or for a metric report)
 * @param schemaDrift how the window's shape differs from the reference's, nullable (no reference,
 *     or a metric report)
 * @param kind a feature report (against the reference profile) or a metric report (the model's
 *     metric streams, no reference)
 */
public record DriftReport(
        String reportId,
        String model,
        String modelVersion,
        long windowStart,
        long windowEnd,
        long n,
        List<FeatureDrift> features,
        PerformanceDrift performance,
        List<DetectorSignal> detectors,
        Severity severity,
        String referenceVersion,
        SchemaDrift schemaDrift,
        ReportKind kind) {

    public DriftReport {
        Objects.requireNonNull(reportId, "reportId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(severity, "severity");
        features = WireCollections.list(features, "features");
        detectors = WireCollections.list(detectors, "detectors");
    }

    /** A feature report without a schema block. */
    public DriftReport(
            String reportId,
            String model,
            String modelVersion,
            long windowStart,
            long windowEnd,
            long n,
            List<FeatureDrift> features,
            PerformanceDrift performance,
            List<DetectorSignal> detectors,
            Severity severity,
            String referenceVersion) {
        this(
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
                null,
                ReportKind.FEATURE);
    }

    /** The detector signals as {@code stream (detector)}, comma separated, for people to read. */
    public String signalsText() {
        StringBuilder text = new StringBuilder();
        for (DetectorSignal d : detectors) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(d.stream()).append(" (").append(d.detector()).append(')');
        }
        return text.toString();
    }

    /** Whether this report carries the verdicts on the model's metric streams. */
    public boolean isMetricReport() {
        return kind == ReportKind.METRIC;
    }

    /**
     * Schema drift in the window against the reference: what batch drift tools call data-quality or
     * schema checks, reported per window instead of thrown.
     *
     * @param kindChanges per feature, values of the other kind than the reference's (a number where
     *     the reference has categories, or a string where it has numbers)
     * @param newFeatures features in the window that the reference does not have
     * @param missingFeatures reference features that did not arrive in the window at all
     * @param unseenCategories per categorical feature, values of categories the reference never saw
     * @param severity {@code drift} when a reference feature is missing or over 10 % of a feature's
     *     values changed kind or are unseen categories; {@code warning} for any schema change below
     *     that; {@code none} otherwise
     */
    public record SchemaDrift(
            Map<String, Long> kindChanges,
            List<String> newFeatures,
            List<String> missingFeatures,
            Map<String, Long> unseenCategories,
            Severity severity) {

        /** No schema change. */
        public static final SchemaDrift NONE =
                new SchemaDrift(Map.of(), List.of(), List.of(), Map.of(), Severity.NONE);

        public SchemaDrift {
            kindChanges = WireCollections.map(kindChanges, "kindChanges");
            newFeatures = WireCollections.list(newFeatures, "newFeatures");
            missingFeatures = WireCollections.list(missingFeatures, "missingFeatures");
            unseenCategories = WireCollections.map(unseenCategories, "unseenCategories");
            Objects.requireNonNull(severity, "severity");
        }
    }

    /**
     * The drift of one feature in the window.
     *
     * @param feature feature name
     * @param kind numeric or categorical
     * @param statistics statistic name to value, e.g. {@code psi}, {@code ks_statistic}, {@code
     *     js_distance}
     * @param pValue the test's p-value where one exists, in 0..1, nullable
     * @param drifted whether the feature drifted (significance and effect size)
     */
    public record FeatureDrift(
            String feature,
            FeatureKind kind,
            Map<String, Double> statistics,
            Double pValue,
            boolean drifted) {

        public FeatureDrift {
            Objects.requireNonNull(feature, "feature");
            Objects.requireNonNull(kind, "kind");
            statistics = WireCollections.map(statistics, "statistics");
        }
    }

    /**
     * The change of a performance metric against the reference model's baseline.
     *
     * @param metric metric name, e.g. {@code accuracy}, {@code f1}, {@code mae}
     * @param value the window's value
     * @param baseline the reference model's value
     * @param delta {@code value - baseline}
     * @param severity the verdict for this metric
     */
    public record PerformanceDrift(
            String metric, double value, double baseline, double delta, Severity severity) {

        public PerformanceDrift {
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(severity, "severity");
        }
    }

    /**
     * A signal raised by a streaming change detector in the window.
     *
     * @param detector detector name, e.g. {@code adwin}
     * @param stream the stream it watches, e.g. {@code error_rate}
     * @param signal what it raised, e.g. {@code warning} or {@code drift}
     */
    public record DetectorSignal(String detector, String stream, String signal) {

        public DetectorSignal {
            Objects.requireNonNull(detector, "detector");
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(signal, "signal");
        }
    }
}
