package io.driftline.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.core.decision.DriftDecisionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogFileTest {

    static final DriftDecisionConfig BASE = DriftDecisionConfig.defaults();

    @TempDir Path dir;

    @Test
    void anEditIsTakenWhenTheIntervalHasPassed() throws Exception {
        Path file = dir.resolve("models.yaml");
        Files.writeString(file, "version: 1\nmodels: {m: {decision: {drifted-share: 1.0}}}\n");
        CatalogFile catalog = CatalogFile.load(file, Duration.ofSeconds(10), BASE);
        CatalogFile.Watcher watcher = catalog.watch();
        assertThat(watcher.current().forModel("m").decision().driftedShare()).isEqualTo(1.0);

        assertThat(watcher.refreshIfDue(1_000)).isFalse(); // read, unchanged
        Files.writeString(file, "version: 1\nmodels: {m: {critical-features: [x]}}\n");
        assertThat(watcher.refreshIfDue(5_000)).isFalse(); // not due yet
        assertThat(watcher.current().forModel("m").decision().criticalFeatures()).isEmpty();

        assertThat(watcher.refreshIfDue(11_000)).isTrue();
        assertThat(watcher.current().forModel("m").decision().criticalFeatures())
                .containsExactly("x");
        assertThat(watcher.current().forModel("m").decision().driftedShare()).isEqualTo(0.5);
        assertThat(watcher.reloads()).isEqualTo(1);
        assertThat(watcher.failures()).isZero();
    }

    @Test
    void anInvalidEditOrAMissingFileKeepsTheLastGoodCatalog() throws Exception {
        Path file = dir.resolve("models.yaml");
        Files.writeString(file, "version: 1\nmodels: {m: {prediction: score}}\n");
        CatalogFile.Watcher watcher = CatalogFile.load(file, Duration.ofSeconds(1), BASE).watch();

        Files.writeString(file, "version: 1\nmodels: {m: {prediction: {threshold: 7}}}\n");
        assertThat(watcher.refreshIfDue(1_000)).isFalse();
        assertThat(watcher.current().forModel("m").prediction())
                .isEqualTo(PredictionReading.score(0.5));
        assertThat(watcher.failures()).isEqualTo(1);
        assertThat(watcher.problem()).contains("models.m.prediction: threshold must be in (0, 1)");
        // the same invalid text again: not a new failure
        assertThat(watcher.refreshIfDue(3_000)).isFalse();
        assertThat(watcher.failures()).isEqualTo(1);

        Files.delete(file);
        assertThat(watcher.refreshIfDue(5_000)).isFalse();
        assertThat(watcher.failures()).isEqualTo(2);
        assertThat(watcher.problem()).contains("cannot be read");
        assertThat(watcher.current().forModel("m").prediction())
                .isEqualTo(PredictionReading.score(0.5));

        Files.writeString(file, "version: 1\n");
        assertThat(watcher.refreshIfDue(7_000)).isTrue();
        assertThat(watcher.current().forModel("m").prediction()).isEqualTo(PredictionReading.CLASS);
        assertThat(watcher.problem()).isNull();
    }

    @Test
    void anOversizedFileIsRefusedUnread() throws Exception {
        Path file = dir.resolve("models.yaml");
        Files.writeString(file, "version: 1\n");
        CatalogFile.Watcher watcher = CatalogFile.load(file, Duration.ofSeconds(1), BASE).watch();
        Files.write(file, new byte[(int) CatalogFile.MAX_BYTES + 1]);

        assertThat(watcher.refreshIfDue(1_000)).isFalse();
        assertThat(watcher.problem()).contains("more than a catalog may have");
        assertThatThrownBy(() -> CatalogFile.load(file, Duration.ofSeconds(1), BASE))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("more than a catalog may have");
    }

    @Test
    void aYamlBombOrDeepNestingIsAnInvalidCatalog() throws Exception {
        StringBuilder bomb = new StringBuilder("version: 1\na: &a [x, x, x, x, x, x, x, x, x]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'z'; c++) {
            bomb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                bomb.append(i == 0 ? "" : ", ").append('*').append(prev);
            }
            bomb.append("]\n");
            prev = c;
        }
        assertThatThrownBy(() -> CatalogParser.parse(bomb.toString(), "models.yaml", BASE))
                .isInstanceOf(CatalogException.class);
        String deep = "version: 1\nmodels: " + "[".repeat(5_000) + "]".repeat(5_000) + "\n";
        assertThatThrownBy(() -> CatalogParser.parse(deep, "models.yaml", BASE))
                .isInstanceOf(CatalogException.class);
    }

    @Test
    void aWrongCatalogStopsTheJobBeingBuilt() throws Exception {
        Path file = dir.resolve("models.yaml");
        assertThatThrownBy(() -> CatalogFile.load(file, Duration.ofSeconds(1), BASE))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("cannot be read");
        Files.writeString(file, "version: 1\nmodels: {m: {famly: forecaster}}\n");
        assertThatThrownBy(() -> CatalogFile.load(file, Duration.ofSeconds(1), BASE))
                .hasMessageStartingWith("models.yaml: models.m.famly: is not a setting here");
    }

    @Test
    void noFileMeansTheOptionsForEveryModel() {
        CatalogFile none = CatalogFile.none(BASE);
        CatalogFile.Watcher watcher = none.watch();
        assertThat(watcher.refreshIfDue(Long.MAX_VALUE)).isFalse();
        assertThat(watcher.current().forModel("any").decision()).isEqualTo(BASE);
        assertThat(none.path()).isNull();
    }
}
