package io.driftline.trainer.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.driftline.events.EventJson;
import io.driftline.events.FeatureKind;
import io.driftline.events.ModelPublished;
import io.driftline.events.ModelStage;
import io.driftline.events.RetrainTrigger;
import io.driftline.events.Severity;
import io.driftline.events.TriggerReason;
import io.driftline.trainer.core.ModelFamily;
import io.driftline.trainer.core.TrainingDevice;
import io.driftline.trainer.core.TrainingSettings;
import io.driftline.trainer.pipeline.PipelineOutcome;
import io.driftline.trainer.pipeline.TrainingFailedException;
import io.driftline.trainer.pipeline.TrainingProgress;
import io.driftline.trainer.registry.ArtifactIntegrityException;
import io.driftline.trainer.registry.ArtifactStore;
import io.driftline.trainer.registry.MongoModelRegistry;
import io.driftline.trainer.testing.TestingClock;
import io.driftline.trainer.testing.TestingFeedback;
import io.driftline.trainer.testing.TestingMongo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DjlRetrainPipelineTest {

    private static final String MODEL = "credit-risk";

    @TempDir Path modelsDir;

    private TestingMongo mongo;
    private MongoDatabase db;
    private MongoCollection<Document> feedback;
    private TestingClock clock;
    private int nextId;

    @BeforeEach
    void start() {
        mongo = new TestingMongo();
        db = mongo.database("driftline");
        feedback = db.getCollection("ml_feedback");
        clock = new TestingClock(Instant.parse("2025-01-01T00:00:00Z"));
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void tooFewRowsFailForGoodWithTheReason() {
        writeRows(150, false, false);
        feedback.insertOne(
                TestingFeedback.document(
                        "late", MODEL, clock.millis() - 1, Map.of("x1", 1.0), null));

        assertThatThrownBy(() -> pipeline(settings().build()).run(trigger(), TrainingProgress.NONE))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessage("insufficient data: 150 < 200; invalid rows: {missing actual=1}")
                .asInstanceOf(type(TrainingFailedException.class))
                .returns(false, TrainingFailedException::retryable);
    }

    @Test
    void aSeparableClassifierBeatsTheBaselineAndIsPromotedAsVersionOne() throws Exception {
        writeRows(600, false, false);
        List<double[]> epochs = new ArrayList<>();
        TrainingProgress progress =
                (model, epoch, loss, metric, samplesPerSecond) ->
                        epochs.add(new double[] {epoch, loss, metric, samplesPerSecond});

        PipelineOutcome outcome = pipeline(settings().build()).run(trigger(), progress);

        assertThat(outcome).isInstanceOf(PipelineOutcome.Promoted.class);
        PipelineOutcome.Promoted promoted = (PipelineOutcome.Promoted) outcome;
        ModelPublished published = promoted.published();
        assertThat(promoted.rowsUsed()).isEqualTo(600);
        assertThat(published.model()).isEqualTo(MODEL);
        assertThat(published.version()).isEqualTo(1);
        assertThat(published.parentVersion()).isNull();
        assertThat(published.triggerId()).isEqualTo(trigger().triggerId());
        assertThat(published.stage()).isEqualTo(ModelStage.PRODUCTION);
        assertThat(published.publishedAt()).isEqualTo(clock.millis());
        assertThat(published.metrics().get("f1")).isGreaterThan(0.9);
        assertThat(published.metrics().get("f1"))
                .isGreaterThan(published.metrics().get("baseline_f1"));
        assertThat(published.metrics())
                .containsKeys("accuracy", "baseline_accuracy", "loss", "epochs");
        assertThat(epochs).isNotEmpty();
        assertThat(epochs.get(epochs.size() - 1)[1]).isLessThan(epochs.get(0)[1]);

        Path dir = modelsDir.resolve(MODEL).resolve("1");
        assertThat(published.artifactUri()).isEqualTo(dir.toUri().toString());
        assertThat(dir.resolve("model-0000.params")).isRegularFile();
        assertThat(dir.resolve("encoder.json")).isRegularFile();
        assertThat(dir.resolve("metadata.json")).isRegularFile();
        assertThat(published.sha256()).isEqualTo(ArtifactStore.sha256(dir)).hasSize(64);
        try (var files = Files.list(modelsDir.resolve(MODEL))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("1");
        }

        Document doc =
                db.getCollection("model_registry").find(new Document("model", MODEL)).first();
        assertThat(doc)
                .containsEntry("version", 1)
                .containsEntry("stage", "production")
                .containsEntry("sha256", published.sha256())
                .containsEntry("artifact_uri", published.artifactUri())
                .containsEntry("trigger_id", trigger().triggerId())
                .containsKeys("metrics", "parent_version", "reference_profile", "published_at");
        assertThat(registry().production(MODEL)).contains(published);
        assertThat(EventJson.validate(published)).isEmpty();

        var profile = published.referenceProfile();
        assertThat(profile.sampleCount()).isEqualTo(600);
        assertThat(profile.features())
                .containsKeys("x1", "x2", "color", "__prediction__", "__label__");
        assertThat(profile.features().get("x1").kind()).isEqualTo(FeatureKind.NUMERIC);
        assertThat(profile.features().get("x1").sketch()).isNotBlank();
        assertThat(profile.features().get("color").frequencies())
                .containsOnlyKeys("red", "green", "blue");
        assertThat(profile.features().get("__label__").frequencies()).containsOnlyKeys("no", "yes");
        assertThat(profile.baselinePerformance()).containsKeys("f1", "accuracy");
        assertThat(profile.baselinePerformance().get("f1"))
                .isEqualTo(published.metrics().get("f1"));

        assertThat(
                        feedback.countDocuments(
                                new Document("used_for_training", true)
                                        .append("trained_version", 1)))
                .isEqualTo(600);
    }

    @Test
    void aWorseCandidateIsRejectedWithBothFiguresAndProductionStays() throws Exception {
        DjlRetrainPipeline pipeline = pipeline(settings().build());
        writeRows(600, false, false);
        ModelPublished first =
                ((PipelineOutcome.Promoted) pipeline.run(trigger(), TrainingProgress.NONE))
                        .published();

        clock.advance(Duration.ofHours(1));
        writeRows(600, true, false); // newer rows: training labels shuffled, holdout labels true
        PipelineOutcome outcome = pipeline.run(trigger(), TrainingProgress.NONE);

        assertThat(outcome).isInstanceOf(PipelineOutcome.Rejected.class);
        PipelineOutcome.Rejected rejected = (PipelineOutcome.Rejected) outcome;
        assertThat(rejected.metric()).isEqualTo("f1");
        assertThat(rejected.champion()).isGreaterThan(0.9);
        assertThat(rejected.candidate()).isLessThan(rejected.champion() - 0.1);
        assertThat(rejected.candidateMetrics()).containsEntry("f1", rejected.candidate());
        assertThat(rejected.reason())
                .contains(String.format(java.util.Locale.ROOT, "%.4f", rejected.candidate()))
                .contains(String.format(java.util.Locale.ROOT, "%.4f", rejected.champion()));
        assertThat(registry().production(MODEL)).contains(first);
        assertThat(registry().versions(MODEL)).containsExactly(first);
        assertThat(feedback.countDocuments(new Document("used_for_training", true))).isEqualTo(600);
        try (var files = Files.list(modelsDir.resolve(MODEL))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("1");
        }
    }

    @Test
    void aTamperedArtifactIsNeverLoaded() throws Exception {
        DjlRetrainPipeline pipeline = pipeline(settings().build());
        writeRows(400, false, false);
        ModelPublished first =
                ((PipelineOutcome.Promoted) pipeline.run(trigger(), TrainingProgress.NONE))
                        .published();
        Path encoder = modelsDir.resolve(MODEL).resolve("1").resolve("encoder.json");
        Files.writeString(encoder, Files.readString(encoder).replace("\"mean\"", "\"mean\" "));

        assertThatThrownBy(() -> registry().verifiedArtifact(first))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("fails its sha256 check");
        assertThatThrownBy(() -> registry().rollback(MODEL, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fails its sha256 check");

        clock.advance(Duration.ofHours(1));
        writeRows(400, false, false);
        assertThatThrownBy(() -> pipeline.run(trigger(), TrainingProgress.NONE))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessageContaining("champion credit-risk v1 cannot be evaluated")
                .hasMessageContaining("fails its sha256 check")
                .asInstanceOf(type(TrainingFailedException.class))
                .returns(false, TrainingFailedException::retryable);
    }

    @Test
    void keepsTheLastNArtifactsAndRollsBack() throws Exception {
        DjlRetrainPipeline pipeline =
                pipeline(settings().optKeepLastVersions(2).optGateTolerance(0.2).build());
        for (int run = 1; run <= 3; run++) {
            writeRows(300, false, false);
            ModelPublished published =
                    ((PipelineOutcome.Promoted) pipeline.run(trigger(), TrainingProgress.NONE))
                            .published();
            assertThat(published.version()).isEqualTo(run);
            assertThat(published.parentVersion()).isEqualTo(run == 1 ? null : run - 1);
            clock.advance(Duration.ofHours(1));
        }

        MongoModelRegistry registry = registry();
        assertThat(registry.versions(MODEL))
                .extracting(ModelPublished::version, ModelPublished::stage)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3, ModelStage.PRODUCTION),
                        org.assertj.core.groups.Tuple.tuple(2, ModelStage.ARCHIVED),
                        org.assertj.core.groups.Tuple.tuple(1, ModelStage.ARCHIVED));
        assertThat(modelsDir.resolve(MODEL).resolve("1")).doesNotExist();
        assertThat(modelsDir.resolve(MODEL).resolve("2")).isDirectory();
        assertThat(modelsDir.resolve(MODEL).resolve("3")).isDirectory();
        assertThatThrownBy(() -> registry.rollback(MODEL, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was deleted");

        clock.advance(Duration.ofMinutes(5));
        ModelPublished rolledBack = registry.rollback(MODEL, 2);

        assertThat(rolledBack.version()).isEqualTo(2);
        assertThat(rolledBack.stage()).isEqualTo(ModelStage.PRODUCTION);
        assertThat(rolledBack.publishedAt()).isEqualTo(clock.millis());
        assertThat(registry.production(MODEL)).contains(rolledBack);
        assertThat(registry.versions(MODEL))
                .extracting(ModelPublished::version, ModelPublished::stage)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3, ModelStage.ARCHIVED),
                        org.assertj.core.groups.Tuple.tuple(2, ModelStage.PRODUCTION),
                        org.assertj.core.groups.Tuple.tuple(1, ModelStage.ARCHIVED));
        assertThat(registry.models()).containsExactly(MODEL);
        assertThatThrownBy(() -> registry.rollback(MODEL, 9))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no version 9");
    }

    @Test
    void storeFailuresAreRetryableAndLeftToTheCaller() {
        writeRows(300, false, false);
        DjlRetrainPipeline pipeline = pipeline(settings().build());
        mongo.stopServer(); // the store goes away: every read fails with a MongoException

        assertThatThrownBy(() -> pipeline.run(trigger(), TrainingProgress.NONE))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessageStartingWith("MongoDB: ")
                .hasMessageNotContaining("attempts")
                .asInstanceOf(type(TrainingFailedException.class))
                .returns(true, TrainingFailedException::retryable);
    }

    private TrainingSettings.Builder settings() {
        return TrainingSettings.builder(modelsDir)
                .optDevice(TrainingDevice.CPU)
                .optFamily(MODEL, ModelFamily.MLP_CLASSIFIER)
                .optMaxEpochs(12)
                .optBatchSize(32)
                .optLearningRate(0.01f)
                .optHiddenUnits(List.of(16, 8))
                .optMinRows(200);
    }

    private DjlRetrainPipeline pipeline(TrainingSettings settings) {
        return DjlRetrainPipeline.create(db, settings, clock);
    }

    private MongoModelRegistry registry() {
        return DjlRetrainPipeline.registry(db, settings().build(), clock);
    }

    private RetrainTrigger trigger() {
        return RetrainTrigger.pending(
                MODEL,
                1_735_689_600_000L,
                TriggerReason.DRIFT,
                Severity.DRIFT,
                null,
                clock.millis(),
                false);
    }

    /**
     * Writes {@code n} rows ending just before now: label = x1 + x2 > 0, plus a color that carries
     * no signal. With {@code shuffleTraining} the labels of the oldest 80 % are shuffled.
     */
    private void writeRows(int n, boolean shuffleTraining, boolean unused) {
        Random random = new Random(nextId + 11L);
        List<Document> docs = new ArrayList<>(n);
        List<String> labels = new ArrayList<>(n);
        double[][] xs = new double[n][];
        for (int i = 0; i < n; i++) {
            xs[i] = new double[] {random.nextGaussian(), random.nextGaussian()};
            labels.add(xs[i][0] + xs[i][1] > 0 ? "yes" : "no");
        }
        if (shuffleTraining) {
            Collections.shuffle(labels.subList(0, n * 4 / 5), random);
        }
        String[] colors = {"red", "green", "blue"};
        long start = clock.millis() - (n + 1) * 1000L;
        for (int i = 0; i < n; i++) {
            docs.add(
                    TestingFeedback.document(
                            "e" + (nextId++),
                            MODEL,
                            start + i * 1000L,
                            Map.of(
                                    "x1",
                                    xs[i][0],
                                    "x2",
                                    xs[i][1],
                                    "color",
                                    colors[random.nextInt(3)]),
                            labels.get(i)));
        }
        new TestingFeedback(feedback).insert(docs);
    }
}
