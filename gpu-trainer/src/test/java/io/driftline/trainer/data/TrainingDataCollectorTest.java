package io.driftline.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import io.driftline.trainer.core.ModelFamily;
import io.driftline.trainer.core.TrainingSettings;
import io.driftline.trainer.pipeline.TrainingFailedException;
import io.driftline.trainer.pipeline.TrainingProgress;
import io.driftline.trainer.registry.ArtifactStore;
import io.driftline.trainer.registry.MongoModelRegistry;
import io.driftline.trainer.testing.TestingClock;
import io.driftline.trainer.testing.TestingFeedback;
import io.driftline.trainer.testing.TestingMongo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingDataCollectorTest {

    @TempDir Path modelsDir;

    private TestingMongo mongo;
    private MongoDatabase db;
    private TestingClock clock;

    @BeforeEach
    void start() {
        mongo = new TestingMongo();
        db = mongo.database();
        clock = new TestingClock(Instant.parse("2025-01-01T00:00:00Z"));
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void theNewestRowsAreTheHoldout() throws Exception {
        write("m", 10);
        TrainingData data =
                collector(settings().optMinRows(5).optHoldoutFraction(0.2).build())
                        .collect("m", TrainingProgress.NONE);

        assertThat(data.family()).isEqualTo(ModelFamily.MLP_REGRESSOR);
        assertThat(data.training()).extracting(FeedbackRow::id).hasSize(8).startsWith("e0");
        assertThat(data.holdout()).extracting(FeedbackRow::id).containsExactly("e8", "e9");
        assertThat(data.rows()).hasSize(10);
    }

    @Test
    void aForecasterNeedsAHoldoutOfWindowPlusHorizon() {
        write("f", 20);
        TrainingSettings settings =
                settings()
                        .optFamily("f", ModelFamily.FORECASTER)
                        .optMinRows(5)
                        .optHoldoutFraction(0.2)
                        .optForecastWindow(3)
                        .optForecastHorizon(2)
                        .build();

        assertThatThrownBy(() -> collector(settings).collect("f", TrainingProgress.NONE))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessageStartingWith(
                        "holdout too small for the forecaster: 4 rows < window + horizon (5)");
    }

    private TrainingSettings.Builder settings() {
        return TrainingSettings.builder(modelsDir).optDefaultFamily(ModelFamily.MLP_REGRESSOR);
    }

    private TrainingDataCollector collector(TrainingSettings settings) {
        MongoModelRegistry registry =
                new MongoModelRegistry(
                        db,
                        settings.registryCollection(),
                        new ArtifactStore(modelsDir),
                        settings.keepLastVersions(),
                        clock);
        return new TrainingDataCollector(
                new FeedbackStore(db.getCollection(settings.feedbackCollection())),
                registry,
                settings,
                clock);
    }

    private void write(String model, int n) {
        List<Document> docs = new ArrayList<>();
        long start = clock.millis() - (n + 1) * 1000L;
        for (int i = 0; i < n; i++) {
            docs.add(
                    TestingFeedback.document(
                            "e" + i, model, start + i * 1000L, Map.of("x", (double) i), 2.0 * i));
        }
        new TestingFeedback(db.getCollection("ml_feedback")).insert(docs);
    }
}
