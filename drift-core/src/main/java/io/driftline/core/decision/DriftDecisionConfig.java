package io.driftline.core.decision;

import io.driftline.core.drift.PopulationStabilityIndex;
import io.driftline.core.drift.SharedBins;
import io.driftline.core.performance.PerformanceMetric;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The thresholds that turn statistics into drift decisions; immutable, built and validated with
 * {@link #builder()}.
 *
 * <pre>{@code
 * DriftDecisionConfig config = DriftDecisionConfig.builder()
 *         .optAlpha(0.01)
 *         .optCorrection(MultipleTestingCorrection.BONFERRONI)
 *         .optCriticalFeatures(Set.of("amount"))
 *         .build();
 * }</pre>
 *
 * @param alpha significance level after correction (default 0.05)
 * @param correction multiple-testing correction across a model's features (default BH)
 * @param psiWarning PSI at which a significant feature is a warning (default 0.1)
 * @param psiDrift PSI at which a significant feature drifts (default 0.25)
 * @param jsDrift Jensen-Shannon distance at which a significant feature drifts (default 0.1)
 * @param wassersteinDrift normalized Wasserstein-1 at which a significant numeric feature drifts
 *     (default 0.1)
 * @param driftedShare share of evaluated features that must drift for model-level drift (0.5)
 * @param criticalFeatures features whose drift alone makes the model drift
 * @param bins reference-quantile bins for numeric PSI / JS / Hellinger (default 10)
 * @param psiEpsilon PSI smoothing (default 1e-4)
 * @param minWindowCount non-missing window values a feature needs to be evaluated (default 30)
 * @param performanceTolerances largest acceptable worsening per metric (default accuracy 0.05; F1
 *     and macro F1 are noisier and opt-in)
 */
public record DriftDecisionConfig(
        double alpha,
        MultipleTestingCorrection correction,
        double psiWarning,
        double psiDrift,
        double jsDrift,
        double wassersteinDrift,
        double driftedShare,
        Set<String> criticalFeatures,
        int bins,
        double psiEpsilon,
        long minWindowCount,
        Map<PerformanceMetric, Double> performanceTolerances)
        implements java.io.Serializable {

    /** Copies the collections; validation lives in {@link Builder#build()}. */
    public DriftDecisionConfig {
        criticalFeatures = Set.copyOf(criticalFeatures);
        performanceTolerances = Map.copyOf(performanceTolerances);
    }

    /** The defaults. */
    public static DriftDecisionConfig defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from {@code base}'s settings. */
    public static Builder builder(DriftDecisionConfig base) {
        return new Builder()
                .optAlpha(base.alpha)
                .optCorrection(base.correction)
                .optPsiThresholds(base.psiWarning, base.psiDrift)
                .optJsDrift(base.jsDrift)
                .optWassersteinDrift(base.wassersteinDrift)
                .optDriftedShare(base.driftedShare)
                .optCriticalFeatures(base.criticalFeatures)
                .optBins(base.bins)
                .optPsiEpsilon(base.psiEpsilon)
                .optMinWindowCount(base.minWindowCount)
                .optPerformanceTolerances(base.performanceTolerances);
    }

    /** Builds a {@link DriftDecisionConfig}; every setting is optional. */
    public static final class Builder {
        private double alpha = 0.05;
        private MultipleTestingCorrection correction = MultipleTestingCorrection.BENJAMINI_HOCHBERG;
        private double psiWarning = 0.1;
        private double psiDrift = 0.25;
        private double jsDrift = 0.1;
        private double wassersteinDrift = 0.1;
        private double driftedShare = 0.5;
        private Set<String> criticalFeatures = Set.of();
        private int bins = SharedBins.DEFAULT_BINS;
        private double psiEpsilon = PopulationStabilityIndex.DEFAULT_EPSILON;
        private long minWindowCount = 30;
        private Map<PerformanceMetric, Double> performanceTolerances = defaultTolerances();

        private Builder() {}

        private static Map<PerformanceMetric, Double> defaultTolerances() {
            EnumMap<PerformanceMetric, Double> m = new EnumMap<>(PerformanceMetric.class);
            // Accuracy only: the F1 of a minority class has several times its sampling noise
            // (a 0.05 tolerance on F1 false-alarms on 1,000-row windows); add F1 with
            // optPerformanceTolerances when windows are large enough for it.
            m.put(PerformanceMetric.ACCURACY, 0.05);
            return m;
        }

        public Builder optAlpha(double alpha) {
            this.alpha = alpha;
            return this;
        }

        public Builder optCorrection(MultipleTestingCorrection correction) {
            this.correction = correction;
            return this;
        }

        public Builder optPsiThresholds(double warning, double drift) {
            this.psiWarning = warning;
            this.psiDrift = drift;
            return this;
        }

        public Builder optJsDrift(double jsDrift) {
            this.jsDrift = jsDrift;
            return this;
        }

        public Builder optWassersteinDrift(double wassersteinDrift) {
            this.wassersteinDrift = wassersteinDrift;
            return this;
        }

        public Builder optDriftedShare(double driftedShare) {
            this.driftedShare = driftedShare;
            return this;
        }

        public Builder optCriticalFeatures(Set<String> criticalFeatures) {
            this.criticalFeatures = criticalFeatures;
            return this;
        }

        public Builder optBins(int bins) {
            this.bins = bins;
            return this;
        }

        public Builder optPsiEpsilon(double psiEpsilon) {
            this.psiEpsilon = psiEpsilon;
            return this;
        }

        public Builder optMinWindowCount(long minWindowCount) {
            this.minWindowCount = minWindowCount;
            return this;
        }

        public Builder optPerformanceTolerances(Map<PerformanceMetric, Double> tolerances) {
            this.performanceTolerances = tolerances;
            return this;
        }

        /** Validates and builds; messages say which setting is wrong and what is allowed. */
        public DriftDecisionConfig build() {
            check(alpha > 0 && alpha < 1, "alpha must be in (0, 1), e.g. 0.05, but was %s", alpha);
            check(correction != null, "correction must not be null; use NONE for no correction");
            check(
                    psiWarning > 0 && psiDrift >= psiWarning,
                    "PSI thresholds need 0 < warning <= drift (e.g. 0.1 and 0.25) but were %s and"
                            + " %s",
                    psiWarning,
                    psiDrift);
            check(jsDrift > 0 && jsDrift <= 1, "jsDrift must be in (0, 1] but was %s", jsDrift);
            check(
                    wassersteinDrift > 0,
                    "wassersteinDrift must be > 0 but was %s",
                    wassersteinDrift);
            check(
                    driftedShare > 0 && driftedShare <= 1,
                    "driftedShare must be in (0, 1] but was %s",
                    driftedShare);
            check(criticalFeatures != null, "criticalFeatures must not be null; use Set.of()");
            check(bins >= 2, "bins must be at least 2 but was %s", bins);
            check(
                    psiEpsilon > 0 && psiEpsilon < 0.01,
                    "psiEpsilon must be in (0, 0.01) but was %s",
                    psiEpsilon);
            check(minWindowCount >= 1, "minWindowCount must be >= 1 but was %s", minWindowCount);
            check(performanceTolerances != null, "performanceTolerances must not be null");
            for (Map.Entry<PerformanceMetric, Double> e : performanceTolerances.entrySet()) {
                check(
                        e.getValue() != null && e.getValue() >= 0,
                        "tolerance for %s must be >= 0 but was %s",
                        e.getKey().wireName(),
                        e.getValue());
            }
            return new DriftDecisionConfig(
                    alpha,
                    correction,
                    psiWarning,
                    psiDrift,
                    jsDrift,
                    wassersteinDrift,
                    driftedShare,
                    criticalFeatures,
                    bins,
                    psiEpsilon,
                    minWindowCount,
                    performanceTolerances);
        }

        private static void check(boolean condition, String message, Object... args) {
            if (!condition) {
                throw new IllegalArgumentException(String.format(message, args));
            }
        }
    }
}
