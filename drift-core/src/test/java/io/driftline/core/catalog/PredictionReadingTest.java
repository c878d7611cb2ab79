package io.driftline.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.events.FeatureValue;
import org.junit.jupiter.api.Test;

class PredictionReadingTest {

    @Test
    void aScoreAtOrAboveTheThresholdIsThePositiveClass() {
        PredictionReading reading = PredictionReading.score(0.7);

        assertThat(reading.classOf(FeatureValue.of(0.73))).isEqualTo(FeatureValue.of(1));
        assertThat(reading.classOf(FeatureValue.of(0.7))).isEqualTo(FeatureValue.of(1));
        assertThat(reading.classOf(FeatureValue.of(0.69))).isEqualTo(FeatureValue.of(0));
        // a category is not a score: left as it is
        assertThat(reading.classOf(FeatureValue.of("yes"))).isEqualTo(FeatureValue.of("yes"));
    }

    @Test
    void namedClassesAndClassPredictions() {
        PredictionReading named =
                new PredictionReading(PredictionReading.Kind.SCORE, 0.5, "churned", "stayed");
        assertThat(named.classOf(FeatureValue.of(0.9))).isEqualTo(FeatureValue.of("churned"));
        assertThat(named.classOf(FeatureValue.of(0.1))).isEqualTo(FeatureValue.of("stayed"));

        FeatureValue p = FeatureValue.of(0.73);
        assertThat(PredictionReading.CLASS.classOf(p)).isSameAs(p);
    }
}
