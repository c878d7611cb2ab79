package io.driftline.trainer.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.driftline.events.ModelPublished;
import io.driftline.events.RetrainTrigger;
import io.driftline.events.Severity;
import io.driftline.events.TriggerReason;
import io.driftline.trainer.core.ModelFamily;
import io.driftline.trainer.core.TrainingDevice;
import io.driftline.trainer.core.TrainingSettings;
import io.driftline.trainer.model.TrainedModel;
import io.driftline.trainer.pipeline.PipelineOutcome;
import io.driftline.trainer.pipeline.TrainingProgress;
import io.driftline.trainer.testing.TestingClock;
import io.driftline.trainer.testing.TestingFeedback;
import io.driftline.trainer.testing.TestingMongo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The regressor, the autoencoder and the forecaster train, beat their baselines and register. */
class ModelFamiliesTest {

    @TempDir Path modelsDir;

    private TestingMongo mongo;
    private MongoDatabase db;
    private TestingClock clock;

    @BeforeEach
    void start() {
        mongo = new TestingMongo();
        db = mongo.database("driftline");
        clock = new TestingClock(Instant.parse("2025-01-01T00:00:00Z"));
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void regressorLearnsALinearTarget() throws Exception {
        Random random = new Random(1);
        write(
                "price",
                500,
                i -> {
                    double a = random.nextGaussian();
                    double b = random.nextGaussian();
                    return new Object[] {Map.of("a", a, "b", b), 3 * a - 2 * b + 10};
                });

        ModelPublished published = promote("price", ModelFamily.MLP_REGRESSOR);

        assertThat(published.metrics().get("mae"))
                .isFinite()
                .isLessThan(published.metrics().get("baseline_mae") / 2);
        assertThat(published.metrics()).containsKey("rmse");
        assertThat(published.referenceProfile().baselinePerformance()).containsKey("mae");
    }

    @Test
    void autoencoderReconstructsCorrelatedMetricsAndScoresAnomalies() throws Exception {
        Random random = new Random(2);
        write(
                "node-metrics",
                600,
                i -> {
                    double load = random.nextGaussian();
                    return new Object[] {
                        Map.of(
                                "cpu", load + 0.05 * random.nextGaussian(),
                                "latency_ms", 20 + 5 * load + 0.2 * random.nextGaussian(),
                                "qps", 100 - 10 * load + 0.5 * random.nextGaussian()),
                        null
                    };
                });

        ModelPublished published = promote("node-metrics", ModelFamily.AUTOENCODER);

        double error = published.metrics().get("reconstruction_error");
        assertThat(error)
                .isFinite()
                .isLessThan(published.metrics().get("baseline_reconstruction_error"));
        try (TrainedModel model =
                TrainedModel.load(
                        modelsDir.resolve("node-metrics").resolve("1"), ai.djl.Device.cpu())) {
            double[] scores =
                    model.reconstructionErrors(
                            List.of(
                                    row(Map.of("cpu", 1.0, "latency_ms", 25.0, "qps", 90.0)),
                                    row(Map.of("cpu", 1.0, "latency_ms", 5.0, "qps", 130.0))),
                            null);
            assertThat(scores[1]).isGreaterThan(10 * scores[0]);
        }
    }

    @Test
    void forecasterPredictsASeasonalSeries() throws Exception {
        Random random = new Random(3);
        write(
                "requests",
                600,
                i -> {
                    double season = Math.sin(2 * Math.PI * i / 24.0);
                    return new Object[] {
                        Map.of("hour_sin", season, "errors", 0.1 * random.nextGaussian()),
                        100 + 30 * season + random.nextGaussian()
                    };
                });

        ModelPublished published = promote("requests", ModelFamily.FORECASTER);

        assertThat(published.metrics().get("mae"))
                .isFinite()
                .isLessThan(published.metrics().get("baseline_mae") / 2);
    }

    private ModelPublished promote(String model, ModelFamily family) throws Exception {
        TrainingSettings settings =
                TrainingSettings.builder(modelsDir)
                        .optDevice(TrainingDevice.CPU)
                        .optFamily(model, family)
                        .optMaxEpochs(25)
                        .optBatchSize(32)
                        .optLearningRate(0.01f)
                        .optHiddenUnits(
                                family == ModelFamily.AUTOENCODER ? List.of(8, 2) : List.of(32, 16))
                        .optForecastWindow(24)
                        .optForecastHorizon(3)
                        .build();
        RetrainTrigger trigger =
                RetrainTrigger.pending(
                        model,
                        1,
                        TriggerReason.MANUAL,
                        Severity.WARNING,
                        null,
                        clock.millis(),
                        true);
        PipelineOutcome outcome =
                DjlRetrainPipeline.create(db, settings, clock).run(trigger, TrainingProgress.NONE);
        assertThat(outcome).isInstanceOf(PipelineOutcome.Promoted.class);
        ModelPublished published = ((PipelineOutcome.Promoted) outcome).published();
        assertThat(published.version()).isEqualTo(1);
        assertThat(published.metrics().values()).allMatch(Double::isFinite);
        return published;
    }

    private void write(String model, int n, java.util.function.IntFunction<Object[]> rowAt) {
        List<Document> docs = new ArrayList<>(n);
        long start = clock.millis() - (n + 1) * 60_000L;
        for (int i = 0; i < n; i++) {
            Object[] row = rowAt.apply(i);
            @SuppressWarnings("unchecked")
            Map<String, Object> features = (Map<String, Object>) row[0];
            docs.add(
                    TestingFeedback.document(
                            model + "-" + i, model, start + i * 60_000L, features, row[1]));
        }
        new TestingFeedback(db.getCollection("ml_feedback")).insert(docs);
    }

    private static io.driftline.trainer.data.FeedbackRow row(Map<String, Object> features) {
        return new io.driftline.trainer.data.FeedbackRow("probe", 0, features, null);
    }
}
