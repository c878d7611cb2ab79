package io.driftline.core.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.core.drift.FeatureDriftStatistics;
import io.driftline.core.performance.PerformanceMetric;
import io.driftline.core.profile.ReferenceSummary;
import io.driftline.core.summary.WindowSummary;
import io.driftline.events.Severity;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DriftDecisionRuleTest {

    private static final DriftDecisionRule DEFAULT_RULE =
            new DriftDecisionRule(DriftDecisionConfig.defaults());

    @Test
    void hugeWindowWithATinyShiftIsSignificantButNotFlagged() {
        // 200k reference vs 500k window, shifted by 0.085 standard deviations: KS rejects (the
        // sketch-error-aware p-value stays far below alpha), but PSI, JS and normalized
        // Wasserstein (~0.063, at most 0.066 over 12 data seeds) are below their thresholds, so
        // this is not drift. (At a 0.1 sigma shift normalized W1 ranged 0.065..0.09 over 12 seeds
        // and the sketches' random compaction pushed it past 0.1 about one run in ten.)
        ReferenceSummary reference = profile(generate(200_000, 0.0, "a", 1), Map.of());
        WindowSummary window = generate(500_000, 0.085, "a", 2);

        WindowDriftResult result = DEFAULT_RULE.evaluate(reference, window, Map.of());

        FeatureVerdict x = result.features().get(1);
        assertThat(x.feature()).isEqualTo("x");
        assertThat(x.adjustedPValue()).isLessThan(0.05);
        assertThat(x.statistics().get(FeatureDriftStatistics.PSI)).isLessThan(0.1);
        assertThat(x.statistics().get(FeatureDriftStatistics.WASSERSTEIN_NORMALIZED))
                .isLessThan(0.1);
        assertThat(x.drifted()).isFalse();
        assertThat(x.severity()).isEqualTo(Severity.NONE);
        assertThat(result.severity()).isEqualTo(Severity.NONE);
    }

    @Test
    void largeShiftOfMostFeaturesIsModelDrift() {
        ReferenceSummary reference = profile(generate(20_000, 0.0, "a", 3), Map.of());
        WindowSummary window = generate(5_000, 1.0, "b", 4);

        WindowDriftResult result = DEFAULT_RULE.evaluate(reference, window, Map.of());

        assertThat(result.features())
                .extracting(FeatureVerdict::feature)
                .containsExactly("colour", "x", "y");
        assertThat(result.features().get(0).drifted()).isTrue(); // categorical: new dominant colour
        assertThat(result.features().get(1).drifted()).isTrue();
        assertThat(result.features().get(2).drifted()).isFalse(); // y does not move
        assertThat(result.driftedShare()).isEqualTo(2.0 / 3);
        assertThat(result.featureSeverity()).isEqualTo(Severity.DRIFT);
        assertThat(result.prediction()).isPresent();
        assertThat(result.prediction().get().drifted()).isTrue();
    }

    @Test
    void oneDriftedFeatureIsAWarningUnlessItIsCritical() {
        ReferenceSummary reference = profile(generate(20_000, 0.0, "a", 5), Map.of());
        WindowSummary window = generate(5_000, 1.0, "a", 6); // only x moves: share 1/3

        WindowDriftResult plain = DEFAULT_RULE.evaluate(reference, window, Map.of());
        WindowDriftResult critical =
                new DriftDecisionRule(
                                DriftDecisionConfig.builder()
                                        .optCriticalFeatures(Set.of("x"))
                                        .build())
                        .evaluate(reference, window, Map.of());

        assertThat(plain.driftedShare()).isEqualTo(1.0 / 3);
        assertThat(plain.severity()).isEqualTo(Severity.WARNING);
        assertThat(critical.severity()).isEqualTo(Severity.DRIFT);
    }

    @Test
    void performanceDropBeyondToleranceIsPerformanceDrift() {
        ReferenceSummary reference =
                profile(generate(5_000, 0.0, "a", 7), Map.of("accuracy", 0.92, "f1", 0.88));
        WindowSummary window = generate(2_000, 0.0, "a", 8);

        WindowDriftResult dropped =
                DEFAULT_RULE.evaluate(
                        reference,
                        window,
                        Map.of(PerformanceMetric.ACCURACY, 0.85, PerformanceMetric.F1, 0.86));
        WindowDriftResult fine =
                DEFAULT_RULE.evaluate(reference, window, Map.of(PerformanceMetric.ACCURACY, 0.90));

        assertThat(dropped.performanceSeverity()).isEqualTo(Severity.DRIFT);
        assertThat(dropped.featureSeverity()).isEqualTo(Severity.NONE);
        assertThat(dropped.severity()).isEqualTo(Severity.DRIFT);
        // F1 is opt-in (noisier than accuracy): only accuracy is compared by default
        assertThat(dropped.performance()).hasSize(1);
        assertThat(fine.performanceSeverity()).isEqualTo(Severity.NONE);
    }

    @Test
    void featuresWithTooFewValuesOrNoReferenceAreSkipped() {
        ReferenceSummary reference = profile(generate(5_000, 0.0, "a", 9), Map.of());
        WindowSummary window = generate(10, 0.0, "a", 10);
        window.feature("brand_new").addNumeric(1.0);

        WindowDriftResult result = DEFAULT_RULE.evaluate(reference, window, Map.of());

        assertThat(result.features()).isEmpty();
        assertThat(result.skippedFeatures()).containsExactly("brand_new", "colour", "x", "y");
        assertThat(result.severity()).isEqualTo(Severity.NONE);
    }

    @Test
    void builderRejectsInvalidSettingsWithAnExplanation() {
        assertThatThrownBy(() -> DriftDecisionConfig.builder().optAlpha(1.5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alpha must be in (0, 1)");
        assertThatThrownBy(() -> DriftDecisionConfig.builder().optPsiThresholds(0.3, 0.2).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 < warning <= drift");
        assertThatThrownBy(() -> DriftDecisionConfig.builder().optDriftedShare(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("driftedShare");
        assertThatThrownBy(
                        () ->
                                DriftDecisionConfig.builder()
                                        .optPerformanceTolerances(
                                                Map.of(PerformanceMetric.MAE, -1.0))
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tolerance for mae");
    }

    /**
     * n events with numeric x ~ N(shift, 1), numeric y ~ N(0, 1), and a colour that is mostly
     * {@code dominant} ("a" in the reference), predictions = x + noise.
     */
    private static WindowSummary generate(int n, double shift, String dominant, long seed) {
        Random random = new Random(seed);
        WindowSummary summary = new WindowSummary();
        String[] colours = {"a", "b", "c", "d"};
        Map<String, Object> f = new HashMap<>();
        for (int i = 0; i < n; i++) {
            double x = random.nextGaussian() + shift;
            f.put("x", x);
            f.put("y", random.nextGaussian());
            f.put("colour", random.nextDouble() < 0.7 ? dominant : colours[random.nextInt(4)]);
            summary.observe(f, x + 0.1 * random.nextGaussian(), null);
        }
        return summary;
    }

    private static ReferenceSummary profile(WindowSummary summary, Map<String, Double> baseline) {
        return new ReferenceSummary(summary, baseline);
    }
}
