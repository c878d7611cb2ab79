package io.driftline.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.core.decision.DriftDecisionConfig;
import io.driftline.core.decision.MultipleTestingCorrection;
import io.driftline.core.performance.PerformanceMetric;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatalogParserTest {

    static final DriftDecisionConfig BASE = DriftDecisionConfig.builder().optAlpha(0.02).build();

    static final String EXAMPLE =
            """
            version: 1
            defaults:
              decision:
                drifted-share: 0.4
            models:
              credit-risk:
                family: mlp-classifier
                label: defaulted within 90 days
                prediction: { kind: score, threshold: 0.7 }
                features: [income, debt_ratio, age, region]
                critical-features: [income, debt_ratio]
                decision:
                  alpha: 0.01
                  correction: bonferroni
                  psi-drift: 0.2
                  performance-tolerances: { accuracy: 0.03, f1: 0.1 }
                retrain: { schedule: 7d }
              cpu-forecast:
                family: forecaster
                prediction: class
                retrain: { schedule: 24h }
            """;

    static ModelCatalog parse(String yaml) {
        return CatalogParser.parse(yaml, "models.yaml", BASE);
    }

    @Test
    void readsEverySettingOfAModel() {
        ModelSettings credit = parse(EXAMPLE).forModel("credit-risk");

        assertThat(credit.family()).isEqualTo("mlp-classifier");
        assertThat(credit.label()).isEqualTo("defaulted within 90 days");
        assertThat(credit.prediction())
                .isEqualTo(new PredictionReading(PredictionReading.Kind.SCORE, 0.7, "1", "0"));
        assertThat(credit.features()).containsExactly("income", "debt_ratio", "age", "region");
        DriftDecisionConfig d = credit.decision();
        assertThat(d.criticalFeatures()).isEqualTo(Set.of("income", "debt_ratio"));
        assertThat(d.alpha()).isEqualTo(0.01);
        assertThat(d.correction()).isEqualTo(MultipleTestingCorrection.BONFERRONI);
        assertThat(d.psiDrift()).isEqualTo(0.2);
        assertThat(d.psiWarning()).isEqualTo(BASE.psiWarning());
        assertThat(d.driftedShare()).isEqualTo(0.4); // from the catalog's defaults
        assertThat(d.performanceTolerances())
                .isEqualTo(Map.of(PerformanceMetric.ACCURACY, 0.03, PerformanceMetric.F1, 0.1));
        assertThat(credit.retrainSchedule()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void aModelNotListedGetsTheDefaultsWhichGetTheOptions() {
        ModelCatalog catalog = parse(EXAMPLE);
        ModelSettings other = catalog.forModel("churn");

        assertThat(other).isSameAs(catalog.defaults());
        assertThat(other.prediction()).isEqualTo(PredictionReading.CLASS);
        assertThat(other.decision().alpha()).isEqualTo(0.02); // the options'
        assertThat(other.decision().driftedShare()).isEqualTo(0.4);
        assertThat(other.decision().criticalFeatures()).isEmpty();
        ModelSettings forecast = catalog.forModel("cpu-forecast");
        assertThat(forecast.family()).isEqualTo("forecaster");
        assertThat(forecast.decision().alpha()).isEqualTo(0.02);
        assertThat(catalog.schedules())
                .isEqualTo(
                        Map.of(
                                "credit-risk",
                                Duration.ofDays(7),
                                "cpu-forecast",
                                Duration.ofHours(24)));
    }

    @Test
    void aCatalogWithOnlyAVersionListsNothing() {
        ModelCatalog catalog = parse("version: 1\n");
        assertThat(catalog.models()).isEmpty();
        assertThat(catalog.forModel("x").decision()).isEqualTo(BASE);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "version: 2| models.yaml: version: must be 1 but was 2",
                "models: {}| models.yaml: version: must be 1 but was missing",
                "version: 1\\nmodel: {}| models.yaml: model: is not a setting here; known: [defaults, models, version]",
                "version: 1\\nmodels: {m: {prediction: {kind: score, treshold: 0.5}}}| models.yaml: models.m.prediction.treshold: is not a setting here; known: [kind, negative, positive, threshold]",
                "version: 1\\nmodels: {m: {prediction: {kind: score, threshold: 1.5}}}| models.yaml: models.m.prediction: threshold must be in (0, 1), e.g. 0.5, but was 1.5",
                "version: 1\\nmodels: {m: {prediction: probability}}| models.yaml: models.m.prediction: must be 'class', 'score' or a map with kind and threshold but was 'probability'",
                "version: 1\\nmodels: {m: {family: random-forest}}| models.yaml: models.m.family: must be one of [mlp-classifier, mlp-regressor, autoencoder, forecaster] but was 'random-forest'",
                "version: 1\\nmodels: {m: {features: [a, b], critical-features: [c]}}| models.yaml: models.m.critical-features: names 'c', which is not among its features [a, b]",
                "version: 1\\nmodels: {m: {features: [a, a]}}| models.yaml: models.m.features[1]: repeats 'a'",
                "version: 1\\nmodels: {m: {decision: {alpha: 2}}}| models.yaml: models.m.decision: alpha must be in (0, 1), e.g. 0.05, but was 2.0",
                "version: 1\\nmodels: {m: {decision: {alpha: lots}}}| models.yaml: models.m.decision.alpha: must be a number but was 'lots'",
                "version: 1\\nmodels: {m: {decision: {correction: holm}}}| models.yaml: models.m.decision.correction: must be benjamini-hochberg, bonferroni or none but was 'holm'",
                "version: 1\\nmodels: {m: {decision: {performance-tolerances: {acc: 0.1}}}}| models.yaml: models.m.decision.performance-tolerances.acc: is not a performance metric",
                "version: 1\\nmodels: {m: {retrain: {schedule: weekly}}}| models.yaml: models.m.retrain.schedule: must be a duration such as 7d, 24h or 30min but was 'weekly'",
                "version: 1\\nmodels: {'a/../b': {}}| models.yaml: models.a/../b: is not a model name",
                "version: 1\\nmodels: [a, b]| models.yaml: models: must be a map of settings but was [\"a\",\"b\"]",
                "''| models.yaml: is empty",
            })
    void aWrongCatalogSaysWhereAndWhat(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml.replace("\\n", "\n")))
                .isInstanceOf(CatalogException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void brokenYamlGivesItsLine() {
        assertThatThrownBy(() -> parse("version: 1\nmodels:\n  m: {prediction: [\n"))
                .isInstanceOf(CatalogException.class)
                .hasMessageStartingWith("models.yaml: not valid YAML")
                .hasMessageContaining("line ");
    }

    @Test
    void thePredictionShorthands() {
        ModelCatalog catalog =
                parse(
                        "version: 1\nmodels:\n  s: {prediction: score}\n  c: {prediction: class}\n"
                                + "  l: {prediction: {threshold: 0.3, positive: churned, negative: stayed}}\n");
        assertThat(catalog.forModel("s").prediction()).isEqualTo(PredictionReading.score(0.5));
        assertThat(catalog.forModel("c").prediction()).isEqualTo(PredictionReading.CLASS);
        assertThat(catalog.forModel("l").prediction())
                .isEqualTo(
                        new PredictionReading(
                                PredictionReading.Kind.SCORE, 0.3, "churned", "stayed"));
        assertThat(catalog.forModel("l").features()).isEqualTo(List.of());
    }
}
