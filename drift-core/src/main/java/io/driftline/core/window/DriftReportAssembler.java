package io.driftline.core.window;

import io.driftline.core.decision.FeatureVerdict;
import io.driftline.core.decision.WindowDriftResult;
import io.driftline.core.performance.PerformanceComparison;
import io.driftline.core.profile.ReferenceSummary;
import io.driftline.core.summary.ObservedKind;
import io.driftline.events.DriftReport;
import io.driftline.events.FeatureKind;
import io.driftline.events.ReportKind;
import io.driftline.events.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the drift engine's verdict on a window into the {@link DriftReport} wire contract. The
 * report id is {@code <model>:<window end>} (or {@code <model>:segment=<value>:<window end>}, see
 * {@link #reportId}), so a window re-evaluated after late data replaces its earlier report instead
 * of adding one.
 */
public final class DriftReportAssembler {

    private DriftReportAssembler() {}

    /**
     * The report id of a key's window: deterministic, so replays and late firings upsert, and
     * collision-free: {@code <model>:<window end>}, or {@code <model>:segment=<value>:<window end>}
     * with the segment value percent-encoded. Model names cannot contain {@code :}, so no model's
     * id can look like another model's, a segment's or a metric report's ({@link #metricReportId}).
     */
    public static String reportId(String key, long windowEnd) {
        int bar = key.indexOf('|');
        if (bar < 0) {
            return key + ":" + windowEnd;
        }
        String segment =
                java.net.URLEncoder.encode(
                        key.substring(bar + 1), java.nio.charset.StandardCharsets.UTF_8);
        return key.substring(0, bar) + ":segment=" + segment + ":" + windowEnd;
    }

    /** Suffix of the marker that replaces a statistic JSON cannot carry ({@code psi_excluded}). */
    public static final String EXCLUDED_SUFFIX = "_excluded";

    /**
     * The report with only finite numbers, so it can always be written: a non-finite statistic is
     * left out and {@code <statistic>_excluded = 1} put in its place; a p-value outside [0, 1] is
     * dropped; performance values are clamped to the finite range, and a performance block with a
     * NaN value or baseline is dropped. Extreme but finite inputs (a regression model predicting
     * 1e200) must never stop the job at serialization.
     *
     * @return {@code report} itself when it was finite already
     */
    public static DriftReport finite(DriftReport report) {
        boolean changed = false;
        List<DriftReport.FeatureDrift> features = new ArrayList<>(report.features().size());
        for (DriftReport.FeatureDrift f : report.features()) {
            Map<String, Double> stats = new LinkedHashMap<>();
            boolean fixed = false;
            for (Map.Entry<String, Double> e : f.statistics().entrySet()) {
                if (e.getValue() != null && Double.isFinite(e.getValue())) {
                    stats.put(e.getKey(), e.getValue());
                } else {
                    stats.put(e.getKey() + EXCLUDED_SUFFIX, 1.0);
                    fixed = true;
                }
            }
            Double p = f.pValue();
            if (p != null && !(p >= 0 && p <= 1)) {
                p = null;
                fixed = true;
            }
            features.add(
                    fixed
                            ? new DriftReport.FeatureDrift(
                                    f.feature(), f.kind(), stats, p, f.drifted())
                            : f);
            changed |= fixed;
        }
        DriftReport.PerformanceDrift perf = report.performance();
        if (perf != null
                && !(Double.isFinite(perf.value())
                        && Double.isFinite(perf.baseline())
                        && Double.isFinite(perf.delta()))) {
            perf =
                    Double.isNaN(perf.value()) || Double.isNaN(perf.baseline())
                            ? null
                            : new DriftReport.PerformanceDrift(
                                    perf.metric(),
                                    clamp(perf.value()),
                                    clamp(perf.baseline()),
                                    clamp(clamp(perf.value()) - clamp(perf.baseline())),
                                    perf.severity());
            changed = true;
        }
        if (!changed) {
            return report;
        }
        return new DriftReport(
                report.reportId(),
                report.model(),
                report.modelVersion(),
                report.windowStart(),
                report.windowEnd(),
                report.n(),
                features,
                perf,
                report.detectors(),
                report.severity(),
                report.referenceVersion(),
                report.schemaDrift(),
                report.kind());
    }

    private static double clamp(double x) {
        return Double.isNaN(x) ? 0 : Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, x));
    }

    /** The id of a model's metric report for a window: {@code <model>:metrics:<window end>}. */
    public static String metricReportId(String model, long windowEnd) {
        return model + ":metrics:" + windowEnd;
    }

    /** A report for a window evaluated against a reference, with its schema drift. */
    public static DriftReport assemble(
            String key,
            String model,
            long windowStart,
            long windowEnd,
            WindowAccumulator window,
            WindowDriftResult result,
            String referenceVersion,
            DriftReport.SchemaDrift schemaDrift) {
        List<DriftReport.FeatureDrift> features = new ArrayList<>();
        for (FeatureVerdict f : result.features()) {
            features.add(feature(f.feature(), f));
        }
        result.prediction()
                .ifPresent(f -> features.add(feature(ReferenceSummary.PREDICTION_FEATURE, f)));
        result.label().ifPresent(f -> features.add(feature(ReferenceSummary.LABEL_FEATURE, f)));
        return new DriftReport(
                reportId(key, windowEnd),
                model,
                window.modelVersion(),
                windowStart,
                windowEnd,
                window.summary().eventCount(),
                features,
                performance(result).orElse(null),
                detectors(window),
                result.severity(),
                referenceVersion,
                schemaDrift,
                ReportKind.FEATURE);
    }

    /** A report for a window with no reference yet (the model is still learning one). */
    public static DriftReport withoutReference(
            String key, String model, long windowStart, long windowEnd, WindowAccumulator window) {
        return new DriftReport(
                reportId(key, windowEnd),
                model,
                window.modelVersion(),
                windowStart,
                windowEnd,
                window.summary().eventCount(),
                List.of(),
                null,
                detectors(window),
                Severity.NONE,
                null,
                null,
                ReportKind.FEATURE);
    }

    private static DriftReport.FeatureDrift feature(String name, FeatureVerdict f) {
        Map<String, Double> statistics = new LinkedHashMap<>();
        f.statistics()
                .forEach(
                        (k, v) -> {
                            if (v != null && Double.isFinite(v)) {
                                statistics.put(k, v);
                            }
                        });
        if (Double.isFinite(f.adjustedPValue())) {
            statistics.put("p_value_adjusted", clamp01(f.adjustedPValue()));
        }
        Double p = Double.isFinite(f.pValue()) ? clamp01(f.pValue()) : null;
        FeatureKind kind =
                f.kind() == ObservedKind.CATEGORICAL
                        ? FeatureKind.CATEGORICAL
                        : FeatureKind.NUMERIC;
        return new DriftReport.FeatureDrift(name, kind, statistics, p, f.drifted());
    }

    /** The comparison that looks worst (degraded first, then the largest change for the worse). */
    private static Optional<DriftReport.PerformanceDrift> performance(WindowDriftResult result) {
        return result.performance().stream()
                .filter(c -> Double.isFinite(c.value()) && Double.isFinite(c.baseline()))
                .max(
                        Comparator.comparing(PerformanceComparison::degraded)
                                .thenComparingDouble(
                                        c -> c.metric().higherIsBetter() ? -c.delta() : c.delta()))
                .map(
                        c ->
                                new DriftReport.PerformanceDrift(
                                        c.metric().wireName(),
                                        c.value(),
                                        c.baseline(),
                                        c.delta(),
                                        c.degraded() ? Severity.DRIFT : Severity.NONE));
    }

    private static List<DriftReport.DetectorSignal> detectors(WindowAccumulator window) {
        List<DriftReport.DetectorSignal> signals = new ArrayList<>();
        window.detectorSignals()
                .forEach(
                        (detectorAndStream, signal) -> {
                            int colon = detectorAndStream.indexOf(':');
                            signals.add(
                                    new DriftReport.DetectorSignal(
                                            detectorAndStream.substring(0, colon),
                                            detectorAndStream.substring(colon + 1),
                                            signal));
                        });
        return signals;
    }

    private static double clamp01(double p) {
        return Math.max(0, Math.min(1, p));
    }
}
