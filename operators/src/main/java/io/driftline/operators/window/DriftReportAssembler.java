package io.driftline.operators.window;

import io.driftline.events.DriftReport;
import io.driftline.events.FeatureKind;
import io.driftline.events.Severity;
import io.driftline.operators.decision.FeatureDrift;
import io.driftline.operators.decision.WindowDriftResult;
import io.driftline.operators.performance.PerformanceComparison;
import io.driftline.operators.profile.ReferenceProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the drift engine's verdict on a window into the {@link DriftReport} wire contract. The
 * report id is {@code <key>-<window end>}, so a window re-evaluated after late data replaces its
 * earlier report instead of adding one.
 */
public final class DriftReportAssembler {

    private DriftReportAssembler() {}

    /** The report id of a key's window: deterministic, so replays and late firings upsert. */
    public static String reportId(String key, long windowEnd) {
        return key.replace('|', '.') + "-" + windowEnd;
    }

    /** A report for a window evaluated against a reference. */
    public static DriftReport assemble(
            String key,
            String model,
            long windowStart,
            long windowEnd,
            WindowAccumulator window,
            WindowDriftResult result,
            String referenceVersion) {
        List<DriftReport.FeatureDrift> features = new ArrayList<>();
        for (FeatureDrift f : result.features()) {
            features.add(feature(f.feature(), f));
        }
        result.prediction()
                .ifPresent(f -> features.add(feature(ReferenceProfile.PREDICTION_FEATURE, f)));
        result.label().ifPresent(f -> features.add(feature(ReferenceProfile.LABEL_FEATURE, f)));
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
                referenceVersion);
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
                null);
    }

    private static DriftReport.FeatureDrift feature(String name, FeatureDrift f) {
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
                f.kind() == io.driftline.operators.summary.FeatureKind.CATEGORICAL
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
