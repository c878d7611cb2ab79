package io.driftline.trainer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingSettingsTest {

    @Test
    void defaultsFollowTheDesign() {
        TrainingSettings s = TrainingSettings.defaults(Path.of("models"));

        assertThat(s.device()).isEqualTo(TrainingDevice.AUTO);
        assertThat(s.maxRows()).isEqualTo(1_000_000);
        assertThat(s.holdoutFraction()).isEqualTo(0.2);
        assertThat(s.keepLastVersions()).isEqualTo(10);
        assertThat(s.dataWindow()).isNull();
        assertThat(s.feedbackCollection()).isEqualTo("ml_feedback");
        assertThat(s.registryCollection()).isEqualTo("model_registry");
        assertThat(s.familyOf("any")).isEqualTo(ModelFamily.MLP_CLASSIFIER);
    }

    @Test
    void familiesPerModelWithADefault() {
        TrainingSettings s =
                TrainingSettings.builder(Path.of("models"))
                        .optDefaultFamily(ModelFamily.MLP_REGRESSOR)
                        .optFamily("cpu", ModelFamily.fromName("autoencoder"))
                        .build();

        assertThat(s.familyOf("cpu")).isEqualTo(ModelFamily.AUTOENCODER);
        assertThat(s.familyOf("price")).isEqualTo(ModelFamily.MLP_REGRESSOR);
        assertThat(s.toBuilder().build()).isEqualTo(s);
    }

    @Test
    void invalidValuesSayHowToFixThem() {
        var b = TrainingSettings.builder(Path.of("models"));
        assertThatThrownBy(() -> b.optHoldoutFraction(1.5).build())
                .hasMessage("holdoutFraction must be in (0, 1), e.g. 0.2, got 1.5");
        assertThatThrownBy(
                        () ->
                                TrainingSettings.builder(Path.of("m"))
                                        .optMinRows(500)
                                        .optMaxRows(100)
                                        .build())
                .hasMessage(
                        "maxRows (100) must be >= minRows (500): raise maxRows or lower minRows");
        assertThatThrownBy(
                        () ->
                                TrainingSettings.builder(Path.of("m"))
                                        .optDataWindow(Duration.ZERO)
                                        .build())
                .hasMessageContaining("dataWindow must be positive");
        assertThatThrownBy(
                        () ->
                                TrainingSettings.builder(Path.of("m"))
                                        .optHiddenUnits(List.of())
                                        .build())
                .hasMessageContaining("hiddenUnits must be a non-empty list");
        assertThatThrownBy(() -> ModelFamily.fromName("svm"))
                .hasMessage(
                        "unknown model family 'svm'; use one of mlp-classifier, mlp-regressor, autoencoder, forecaster");
    }
}
