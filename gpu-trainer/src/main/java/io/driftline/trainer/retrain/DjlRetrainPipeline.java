package io.driftline.trainer.retrain;

import ai.djl.engine.EngineException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoDatabase;
import io.driftline.events.RetrainTrigger;
import io.driftline.trainer.core.TrainingSettings;
import io.driftline.trainer.data.FeedbackStore;
import io.driftline.trainer.data.TrainingData;
import io.driftline.trainer.data.TrainingDataCollector;
import io.driftline.trainer.gate.GateVerdict;
import io.driftline.trainer.gate.HoldoutGate;
import io.driftline.trainer.gate.ModelGate;
import io.driftline.trainer.pipeline.PipelineOutcome;
import io.driftline.trainer.pipeline.RetrainPipeline;
import io.driftline.trainer.pipeline.TrainingFailedException;
import io.driftline.trainer.pipeline.TrainingProgress;
import io.driftline.trainer.promote.ModelPromoter;
import io.driftline.trainer.registry.ArtifactStore;
import io.driftline.trainer.registry.MongoModelRegistry;
import io.driftline.trainer.training.Candidate;
import io.driftline.trainer.training.CandidateTrainer;
import io.driftline.trainer.training.MlpTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;

/**
 * The {@link RetrainPipeline} on DJL/PyTorch and MongoDB. It runs four stages in order: data
 * ({@link TrainingDataCollector}: read, validate, split in time), train ({@link CandidateTrainer}:
 * encode, train the family's MLP), gate ({@link HoldoutGate}: candidate, champion and baseline on
 * the same holdout) and, when the gate lets the candidate through, promote ({@link ModelPromoter}:
 * artifact, registration in production with the reference profile, feedback marked used). One run
 * is one attempt: failures come out as {@link TrainingFailedException}, retryable for a lost
 * connection or I/O, and the caller decides whether to try again.
 *
 * <pre>{@code
 * TrainingSettings settings = TrainingSettings.defaults(Path.of("var/models"));
 * RetrainPipeline pipeline = DjlRetrainPipeline.create(db, settings, Clock.systemUTC());
 * PipelineOutcome outcome = pipeline.run(trigger, TrainingProgress.NONE);
 * }</pre>
 */
public final class DjlRetrainPipeline implements RetrainPipeline {

    private final TrainingDataCollector data;
    private final CandidateTrainer trainer;
    private final HoldoutGate gate;
    private final ModelPromoter promoter;

    /** A pipeline running the given stages. */
    public DjlRetrainPipeline(
            TrainingDataCollector data,
            CandidateTrainer trainer,
            HoldoutGate gate,
            ModelPromoter promoter) {
        this.data = data;
        this.trainer = trainer;
        this.gate = gate;
        this.promoter = promoter;
    }

    /** A pipeline over {@code db}'s feedback that registers versions in {@code registry}. */
    public static DjlRetrainPipeline create(
            MongoDatabase db, MongoModelRegistry registry, TrainingSettings settings, Clock clock) {
        FeedbackStore feedback = new FeedbackStore(db.getCollection(settings.feedbackCollection()));
        return new DjlRetrainPipeline(
                new TrainingDataCollector(feedback, registry, settings, clock),
                new CandidateTrainer(settings, new MlpTrainer(settings, clock)),
                new HoldoutGate(
                        registry,
                        new ModelGate(settings.gateTolerance()),
                        settings.forecastWindow(),
                        settings.forecastHorizon()),
                new ModelPromoter(registry, feedback, clock));
    }

    /** A pipeline with a {@link MongoModelRegistry} configured by {@code settings}. */
    public static DjlRetrainPipeline create(
            MongoDatabase db, TrainingSettings settings, Clock clock) {
        return create(db, registry(db, settings, clock), settings, clock);
    }

    /** The registry {@link #create} uses: {@code settings}' collection, models dir and keep-N. */
    public static MongoModelRegistry registry(
            MongoDatabase db, TrainingSettings settings, Clock clock) {
        return new MongoModelRegistry(
                db,
                settings.registryCollection(),
                new ArtifactStore(settings.modelsDir()),
                settings.keepLastVersions(),
                clock);
    }

    @Override
    public PipelineOutcome run(RetrainTrigger trigger, TrainingProgress progress)
            throws TrainingFailedException {
        try {
            TrainingData rows = data.collect(trigger.model(), progress);
            try (Candidate candidate = trainer.train(rows, progress)) {
                GateVerdict verdict = gate.judge(rows, candidate, progress);
                if (!verdict.promote()) {
                    return verdict.rejection();
                }
                return promoter.promote(trigger, rows, candidate, verdict);
            }
        } catch (MongoException e) {
            throw new TrainingFailedException("MongoDB: " + e.getMessage(), true, e);
        } catch (IOException e) {
            throw new TrainingFailedException("I/O: " + e.getMessage(), true, e);
        } catch (UncheckedIOException e) {
            throw new TrainingFailedException("I/O: " + e.getCause().getMessage(), true, e);
        } catch (EngineException e) {
            throw new TrainingFailedException("PyTorch engine: " + e.getMessage(), false, e);
        }
    }
}
