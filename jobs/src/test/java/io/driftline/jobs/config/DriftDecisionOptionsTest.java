package io.driftline.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.core.decision.DriftDecisionConfig;
import io.driftline.core.decision.MultipleTestingCorrection;
import io.driftline.core.performance.PerformanceMetric;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The drift decision rule from the jobs' options. */
class DriftDecisionOptionsTest {

    @Test
    void noOptionsGiveTheDefaults() {
        assertThat(DriftlineOptions.decision(new Configuration()))
                .isEqualTo(DriftDecisionConfig.defaults());
    }

    @Test
    void everyOptionIsRead() {
        Configuration options =
                Configuration.fromMap(
                        Map.ofEntries(
                                Map.entry("driftline.drift.decision.alpha", "0.01"),
                                Map.entry("driftline.drift.decision.correction", "BONFERRONI"),
                                Map.entry("driftline.drift.decision.psi-warning", "0.05"),
                                Map.entry("driftline.drift.decision.psi-drift", "0.2"),
                                Map.entry("driftline.drift.decision.js-drift", "0.15"),
                                Map.entry("driftline.drift.decision.wasserstein-drift", "0.3"),
                                Map.entry("driftline.drift.decision.drifted-share", "0.25"),
                                Map.entry(
                                        "driftline.drift.decision.critical-features",
                                        "income; debt_ratio"),
                                Map.entry("driftline.drift.decision.bins", "20"),
                                Map.entry("driftline.drift.decision.min-window-count", "100"),
                                Map.entry(
                                        "driftline.drift.decision.performance-tolerances",
                                        "accuracy:0.02,f1:0.1")));

        DriftDecisionConfig decision = DriftlineOptions.decision(options);

        assertThat(decision.alpha()).isEqualTo(0.01);
        assertThat(decision.correction()).isEqualTo(MultipleTestingCorrection.BONFERRONI);
        assertThat(decision.psiWarning()).isEqualTo(0.05);
        assertThat(decision.psiDrift()).isEqualTo(0.2);
        assertThat(decision.jsDrift()).isEqualTo(0.15);
        assertThat(decision.wassersteinDrift()).isEqualTo(0.3);
        assertThat(decision.driftedShare()).isEqualTo(0.25);
        assertThat(decision.criticalFeatures()).isEqualTo(Set.of("income", "debt_ratio"));
        assertThat(decision.bins()).isEqualTo(20);
        assertThat(decision.minWindowCount()).isEqualTo(100);
        assertThat(decision.performanceTolerances())
                .isEqualTo(Map.of(PerformanceMetric.ACCURACY, 0.02, PerformanceMetric.F1, 0.1));
    }

    @Test
    void wrongValuesNameTheOptionAndWhatIsAllowed() {
        assertThatThrownBy(() -> decision("driftline.drift.decision.alpha", "1.5"))
                .hasMessageContaining("driftline.drift.decision")
                .hasMessageContaining("alpha must be in (0, 1)");
        assertThatThrownBy(() -> decision("driftline.drift.decision.psi-warning", "0.5"))
                .hasMessageContaining("0 < warning <= drift");
        assertThatThrownBy(
                        () ->
                                decision(
                                        "driftline.drift.decision.performance-tolerances",
                                        "acuracy:0.05"))
                .hasMessageContaining("driftline.drift.decision.performance-tolerances")
                .hasMessageContaining("unknown performance metric 'acuracy'");
        assertThatThrownBy(
                        () ->
                                decision(
                                        "driftline.drift.decision.performance-tolerances",
                                        "accuracy:lots"))
                .hasMessageContaining("must be a number but was 'lots'");
        assertThatThrownBy(() -> decision("driftline.drift.decision.correction", "HOLM"))
                .hasMessageContaining("driftline.drift.decision.correction");
    }

    private static DriftDecisionConfig decision(String key, String value) {
        return DriftlineOptions.decision(Configuration.fromMap(Map.of(key, value)));
    }
}
