package io.driftline.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.core.catalog.CatalogException;
import io.driftline.core.catalog.ModelSettings;
import io.driftline.trainer.core.ModelFamily;
import io.driftline.trainer.core.TrainingSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer takes each listed model's family from the catalog the drift job reads. */
class TrainerCatalogTest {

    @TempDir Path dir;

    @Test
    void everyFamilyTheCatalogAcceptsIsOneTheTrainerTrains() {
        for (String family : ModelSettings.FAMILIES) {
            assertThat(ModelFamily.fromName(family).wireName()).isEqualTo(family);
        }
        assertThat(ModelSettings.FAMILIES).hasSize(ModelFamily.values().length);
    }

    @Test
    void theCatalogsFamiliesReachTheTrainingSettings() throws Exception {
        Path file = dir.resolve("models.yaml");
        Files.writeString(
                file,
                "version: 1\nmodels:\n  cpu: {family: forecaster}\n  ops: {family: autoencoder}\n"
                        + "  price: {family: mlp-regressor}\n");
        TrainerConfig config =
                TrainerConfig.from(
                        Map.of(
                                "catalog.path", file.toString(),
                                "models.dir", dir.resolve("models").toString()),
                        Map.of());

        TrainingSettings settings = TrainerComponents.settings(config);

        assertThat(settings.familyOf("cpu")).isEqualTo(ModelFamily.FORECASTER);
        assertThat(settings.familyOf("ops")).isEqualTo(ModelFamily.AUTOENCODER);
        assertThat(settings.familyOf("price")).isEqualTo(ModelFamily.MLP_REGRESSOR);
        assertThat(settings.familyOf("unlisted")).isEqualTo(ModelFamily.MLP_CLASSIFIER);
    }

    @Test
    void aWrongCatalogStopsTheTrainerAtStart() throws Exception {
        Path file = dir.resolve("models.yaml");
        Files.writeString(file, "version: 1\nmodels:\n  cpu: {family: prophet}\n");
        TrainerConfig config =
                TrainerConfig.from(
                        Map.of(
                                "catalog.path", file.toString(),
                                "models.dir", dir.resolve("models").toString()),
                        Map.of());

        assertThatThrownBy(() -> TrainerComponents.settings(config))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("models.yaml: models.cpu.family: must be one of");
    }
}
