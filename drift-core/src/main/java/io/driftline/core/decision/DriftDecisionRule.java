package io.driftline.core.decision;

import io.driftline.core.drift.FeatureDriftStatistics;
import io.driftline.core.performance.PerformanceComparison;
import io.driftline.core.performance.PerformanceMetric;
import io.driftline.core.profile.ReferenceSummary;
import io.driftline.core.summary.FeatureSummary;
import io.driftline.core.summary.ObservedKind;
import io.driftline.core.summary.WindowSummary;
import io.driftline.events.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a window drifted from its reference: a feature drifts only when its test is
 * significant after correction across the model's features <em>and</em> its effect size passes a
 * threshold, because on large windows every p-value is tiny and significance alone is the false
 * alarm users complain about.
 *
 * <p>Per feature: significant = adjusted p-value below alpha. DRIFT when significant and PSI &gt;=
 * psiDrift, or JS &gt;= jsDrift, or (numeric) normalized Wasserstein &gt;= wassersteinDrift;
 * WARNING when significant and PSI &gt;= psiWarning; else NONE.
 */
public final class DriftDecisionRule {

    private final DriftDecisionConfig config;

    /** Creates the rule. */
    public DriftDecisionRule(DriftDecisionConfig config) {
        this.config = config;
    }

    /** Evaluates a window; {@code windowPerformance} may be empty when no labels arrived. */
    public WindowDriftResult evaluate(
            ReferenceSummary reference,
            WindowSummary window,
            Map<PerformanceMetric, Double> windowPerformance) {
        List<String> names = new ArrayList<>();
        List<FeatureDriftStatistics> stats = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Map.Entry<String, FeatureSummary> e : window.features().entrySet()) {
            Optional<FeatureDriftStatistics> s =
                    statistics(reference.feature(e.getKey()), e.getValue());
            if (s.isPresent()) {
                names.add(e.getKey());
                stats.add(s.get());
            } else {
                skipped.add(e.getKey());
            }
        }
        double[] raw = stats.stream().mapToDouble(FeatureDriftStatistics::pValue).toArray();
        double[] adjusted = config.correction().adjust(raw);
        List<FeatureVerdict> features = new ArrayList<>();
        int drifted = 0;
        Severity featureSeverity = Severity.NONE;
        boolean criticalDrifted = false;
        for (int i = 0; i < stats.size(); i++) {
            FeatureVerdict f = verdict(names.get(i), stats.get(i), adjusted[i]);
            features.add(f);
            featureSeverity =
                    featureSeverity.max(
                            f.severity() == Severity.DRIFT ? Severity.WARNING : f.severity());
            if (f.drifted()) {
                drifted++;
                criticalDrifted |= config.criticalFeatures().contains(f.feature());
            }
        }
        double share = features.isEmpty() ? 0 : (double) drifted / features.size();
        if (criticalDrifted || (drifted > 0 && share >= config.driftedShare())) {
            featureSeverity = Severity.DRIFT;
        }
        Optional<FeatureVerdict> prediction =
                statistics(reference.summary().prediction(), window.prediction())
                        .map(s -> verdict("prediction", s, s.pValue()));
        Optional<FeatureVerdict> label =
                statistics(reference.summary().label(), window.label())
                        .map(s -> verdict("label", s, s.pValue()));
        List<PerformanceComparison> performance =
                PerformanceComparison.compareAll(
                        windowPerformance,
                        reference.baselinePerformance(),
                        config.performanceTolerances());
        Severity performanceSeverity =
                performance.stream().anyMatch(PerformanceComparison::degraded)
                        ? Severity.DRIFT
                        : Severity.NONE;
        return new WindowDriftResult(
                features,
                skipped,
                prediction,
                label,
                share,
                featureSeverity,
                performance,
                performanceSeverity,
                featureSeverity.max(performanceSeverity));
    }

    private Optional<FeatureDriftStatistics> statistics(FeatureSummary ref, FeatureSummary win) {
        if (ref == null || win.count() < config.minWindowCount()) {
            return Optional.empty();
        }
        return FeatureDriftStatistics.compare(ref, win, config.bins(), config.psiEpsilon());
    }

    private FeatureVerdict verdict(String name, FeatureDriftStatistics s, double adjustedP) {
        boolean significant = adjustedP < config.alpha();
        double psi = s.value(FeatureDriftStatistics.PSI);
        boolean effect =
                psi >= config.psiDrift()
                        || s.value(FeatureDriftStatistics.JS_DISTANCE) >= config.jsDrift()
                        || (s.kind() == ObservedKind.NUMERIC
                                && s.value(FeatureDriftStatistics.WASSERSTEIN_NORMALIZED)
                                        >= config.wassersteinDrift());
        Severity severity;
        if (significant && effect) {
            severity = Severity.DRIFT;
        } else if (significant && psi >= config.psiWarning()) {
            severity = Severity.WARNING;
        } else {
            severity = Severity.NONE;
        }
        return new FeatureVerdict(
                name,
                s.kind(),
                s.values(),
                s.pValue(),
                adjustedP,
                severity == Severity.DRIFT,
                severity);
    }
}
