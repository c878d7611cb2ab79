package io.driftline.jobs.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.core.catalog.CatalogException;
import io.driftline.core.catalog.PredictionReading;
import io.driftline.jobs.config.DriftlineOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drift job's configuration with a model catalog. */
class DriftDetectionConfigCatalogTest {

    @TempDir Path dir;

    @Test
    void theCatalogIsLoadedWithTheOptionsAsItsBase() throws Exception {
        Path file = dir.resolve("models.yaml");
        Files.writeString(
                file,
                "version: 1\nmodels:\n  credit-risk: {prediction: score, retrain: {schedule: 7d}}\n"
                        + "  churn: {retrain: {schedule: 1d}}\n");
        Configuration options = new Configuration();
        options.set(DriftlineOptions.CATALOG_PATH, file.toString());
        options.set(DriftlineOptions.DECISION_ALPHA, 0.01);
        options.setString(DriftlineOptions.POLICY_SCHEDULES.key(), "churn:12 h");

        DriftDetectionConfig config = DriftDetectionConfig.from(options, Map.of());

        var catalog = config.settings().catalog().initial();
        assertThat(catalog.forModel("credit-risk").prediction())
                .isEqualTo(PredictionReading.score(0.5));
        assertThat(catalog.forModel("credit-risk").decision().alpha()).isEqualTo(0.01);
        assertThat(catalog.forModel("other").decision().alpha()).isEqualTo(0.01);
        // the catalog's schedules, the option's where both name a model
        assertThat(config.policy().schedules())
                .isEqualTo(
                        Map.of("credit-risk", Duration.ofDays(7), "churn", Duration.ofHours(12)));
    }

    @Test
    void aWrongCatalogStopsTheJobAtSubmission() throws Exception {
        Path file = dir.resolve("models.yaml");
        Files.writeString(file, "version: 1\nmodels:\n  m: {prediction: {threshold: 2}}\n");
        Configuration options = new Configuration();
        options.set(DriftlineOptions.CATALOG_PATH, file.toString());

        assertThatThrownBy(() -> DriftDetectionConfig.from(options, Map.of()))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining(
                        "models.yaml: models.m.prediction: threshold must be in (0, 1)");
    }
}
