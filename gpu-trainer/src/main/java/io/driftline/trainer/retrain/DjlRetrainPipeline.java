package io.driftline.trainer.retrain;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoDatabase;
import io.driftline.core.profile.ReferenceSummary;
import io.driftline.core.summary.WindowSummary;
import io.driftline.events.ModelPublished;
import io.driftline.events.ModelStage;
import io.driftline.events.RetrainTrigger;
import io.driftline.trainer.core.ModelFamily;
import io.driftline.trainer.core.TrainingSettings;
import io.driftline.trainer.data.FeedbackRow;
import io.driftline.trainer.data.FeedbackStore;
import io.driftline.trainer.data.LoadedFeedback;
import io.driftline.trainer.encoding.FeatureEncoder;
import io.driftline.trainer.encoding.LabelEncoder;
import io.driftline.trainer.encoding.ModelEncoding;
import io.driftline.trainer.gate.GateDecision;
import io.driftline.trainer.gate.HoldoutEvaluator;
import io.driftline.trainer.gate.ModelGate;
import io.driftline.trainer.model.Examples;
import io.driftline.trainer.model.TrainedModel;
import io.driftline.trainer.pipeline.PipelineOutcome;
import io.driftline.trainer.pipeline.RetrainPipeline;
import io.driftline.trainer.pipeline.TrainingFailedException;
import io.driftline.trainer.pipeline.TrainingProgress;
import io.driftline.trainer.registry.ArtifactIntegrityException;
import io.driftline.trainer.registry.ArtifactStore;
import io.driftline.trainer.registry.ModelRegistry;
import io.driftline.trainer.registry.MongoModelRegistry;
import io.driftline.trainer.training.MlpTrainer;
import io.driftline.trainer.training.TrainingResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RetrainPipeline} on DJL/PyTorch and MongoDB: reads the model's feedback ({@link
 * FeedbackStore}), splits it in time (the newest rows are the holdout), fits the encoding on the
 * training split, trains the family's MLP ({@link MlpTrainer}), scores candidate, champion and
 * trivial baseline on the same holdout ({@link HoldoutEvaluator}, {@link ModelGate}), and on
 * promotion writes the artifact, registers it in production ({@link MongoModelRegistry}) with the
 * reference profile of the training data, and marks the feedback used. Retryable failures (a lost
 * connection, I/O) are retried with exponential backoff.
 *
 * <pre>{@code
 * TrainingSettings settings = TrainingSettings.defaults(Path.of("var/models"));
 * RetrainPipeline pipeline = DjlRetrainPipeline.create(db, settings, Clock.systemUTC());
 * PipelineOutcome outcome = pipeline.run(trigger, TrainingProgress.NONE);
 * }</pre>
 */
public final class DjlRetrainPipeline implements RetrainPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(DjlRetrainPipeline.class);

    private final MongoModelRegistry registry;
    private final FeedbackStore feedback;
    private final TrainingSettings settings;
    private final Clock clock;
    private final ModelGate gate;

    /**
     * A pipeline over {@code db}'s feedback collection.
     *
     * @param registry must be a {@link MongoModelRegistry} (the pipeline registers versions)
     */
    public DjlRetrainPipeline(
            MongoDatabase db, ModelRegistry registry, TrainingSettings settings, Clock clock) {
        if (!(registry instanceof MongoModelRegistry mongo)) {
            throw new IllegalArgumentException(
                    "DjlRetrainPipeline registers versions and needs a MongoModelRegistry, got "
                            + (registry == null ? null : registry.getClass().getName())
                            + "; use DjlRetrainPipeline.create(db, settings, clock)");
        }
        this.registry = mongo;
        this.feedback = new FeedbackStore(db.getCollection(settings.feedbackCollection()));
        this.settings = settings;
        this.clock = clock;
        this.gate = new ModelGate(settings.gateTolerance());
    }

    /** A pipeline with a {@link MongoModelRegistry} configured by {@code settings}. */
    public static DjlRetrainPipeline create(
            MongoDatabase db, TrainingSettings settings, Clock clock) {
        return new DjlRetrainPipeline(db, registry(db, settings, clock), settings, clock);
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
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(trigger, progress);
            } catch (TrainingFailedException e) {
                if (!e.retryable() || attempt >= settings.maxAttempts()) {
                    if (attempt == 1) {
                        throw e;
                    }
                    throw new TrainingFailedException(
                            e.getMessage() + " (after " + attempt + " attempts)", e.retryable(), e);
                }
                Duration wait =
                        settings.retryBackoff().multipliedBy(1L << Math.min(20, attempt - 1));
                LOG.warn(
                        "retrain of {} failed (attempt {} of {}), retrying in {}: {}",
                        trigger.model(),
                        attempt,
                        settings.maxAttempts(),
                        wait,
                        e.getMessage());
                progress.heartbeat();
                pause(wait);
            }
        }
    }

    private PipelineOutcome attempt(RetrainTrigger trigger, TrainingProgress progress)
            throws TrainingFailedException {
        try {
            return train(trigger, progress);
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

    private PipelineOutcome train(RetrainTrigger trigger, TrainingProgress progress)
            throws TrainingFailedException, IOException {
        String model = trigger.model();
        ModelFamily family = settings.familyOf(model);
        Optional<ModelPublished> champion = registry.production(model);
        long now = clock.millis();
        long from =
                settings.dataWindow() != null
                        ? now - settings.dataWindow().toMillis()
                        : registry.productionDataUntil(model).orElse(Long.MIN_VALUE);
        LoadedFeedback loaded =
                feedback.load(
                        model,
                        family,
                        from,
                        now,
                        settings.maxRows(),
                        settings.minFeatures(),
                        settings.samplingSeed());
        progress.heartbeat();
        List<FeedbackRow> rows = loaded.rows();
        LOG.info(
                "model {} ({}): {} valid rows{}, {} invalid {}",
                model,
                family,
                loaded.validSeen(),
                loaded.sampled() ? " sampled to " + rows.size() : "",
                loaded.invalidCount(),
                loaded.invalid());
        if (rows.size() < settings.minRows()) {
            throw new TrainingFailedException(
                    "insufficient data: "
                            + rows.size()
                            + " < "
                            + settings.minRows()
                            + (loaded.invalid().isEmpty()
                                    ? ""
                                    : "; invalid rows: " + loaded.invalid()),
                    false);
        }
        int holdoutSize = Math.max(1, (int) Math.round(rows.size() * settings.holdoutFraction()));
        List<FeedbackRow> training = rows.subList(0, rows.size() - holdoutSize);
        List<FeedbackRow> holdout = rows.subList(rows.size() - holdoutSize, rows.size());
        int window = settings.forecastWindow();
        int horizon = settings.forecastHorizon();
        if (family == ModelFamily.FORECASTER && holdout.size() < window + horizon) {
            throw new TrainingFailedException(
                    "holdout too small for the forecaster: "
                            + holdout.size()
                            + " rows < window + horizon ("
                            + (window + horizon)
                            + "); add data or lower forecastWindow / forecastHorizon",
                    false);
        }

        ModelEncoding encoding =
                ModelEncoding.of(
                        FeatureEncoder.fit(
                                training, settings.maxCategories(), settings.hashBuckets()),
                        labelEncoder(family, training));
        Examples all = Examples.of(family, training, encoding, window, horizon);
        int validationSize =
                Math.max(1, (int) Math.round(all.count() * settings.validationFraction()));
        if (all.count() - validationSize < 1) {
            throw new TrainingFailedException(
                    "insufficient data: no training examples left after the holdout and"
                            + " validation split; raise minRows",
                    false);
        }
        Examples fit = all.slice(0, all.count() - validationSize);
        Examples validation = all.slice(all.count() - validationSize, all.count());
        Device device;
        try {
            device = settings.device().resolve();
        } catch (IllegalStateException e) {
            throw new TrainingFailedException(e.getMessage(), false, e);
        }
        LOG.info(
                "model {}: training a {} on {} ({} training, {} validation examples, {} inputs;"
                        + " holdout {} rows)",
                model,
                family,
                device,
                fit.count(),
                validation.count(),
                fit.inputSize(),
                holdout.size());
        TrainingResult result =
                new MlpTrainer(settings, clock)
                        .train(
                                model,
                                family,
                                encoding,
                                fit,
                                validation,
                                device,
                                progress,
                                training.size());
        try (TrainedModel candidate = result.model()) {
            return gateAndPromote(
                    trigger, family, candidate, result, champion, training, holdout, loaded, device,
                    progress);
        }
    }

    private PipelineOutcome gateAndPromote(
            RetrainTrigger trigger,
            ModelFamily family,
            TrainedModel candidate,
            TrainingResult result,
            Optional<ModelPublished> champion,
            List<FeedbackRow> training,
            List<FeedbackRow> holdout,
            LoadedFeedback loaded,
            Device device,
            TrainingProgress progress)
            throws TrainingFailedException, IOException {
        String model = trigger.model();
        HoldoutEvaluator evaluator = new HoldoutEvaluator(family, holdout);
        Map<String, Double> candidateMetrics = finite(evaluator.evaluate(candidate));
        Map<String, Double> baselineMetrics =
                finite(
                        evaluator.baseline(
                                training, settings.forecastWindow(), settings.forecastHorizon()));
        Map<String, Double> championMetrics = championMetrics(champion, family, evaluator, device);
        progress.heartbeat();
        String metric = HoldoutEvaluator.primaryMetric(family);
        double candidateFigure = candidateMetrics.getOrDefault(metric, Double.NaN);
        GateDecision decision =
                championMetrics != null
                        ? gate.againstChampion(
                                family,
                                candidateFigure,
                                championMetrics.getOrDefault(metric, Double.NaN))
                        : gate.againstBaseline(
                                family,
                                candidateFigure,
                                baselineMetrics.getOrDefault(metric, Double.NaN));
        LOG.info("model {}: {}", model, decision.reason());
        if (!decision.promote()) {
            return new PipelineOutcome.Rejected(
                    metric,
                    decision.candidate(),
                    decision.reference(),
                    candidateMetrics,
                    decision.reason());
        }

        Map<String, Double> metrics = new LinkedHashMap<>(candidateMetrics);
        if (championMetrics != null) {
            championMetrics.forEach((k, v) -> metrics.put("champion_" + k, v));
        }
        baselineMetrics.forEach((k, v) -> metrics.put("baseline_" + k, v));
        metrics.put("loss", result.trainingLoss());
        metrics.put("validation_loss", result.validationLoss());
        metrics.put("epochs", (double) result.epochs());
        metrics.put("training_rows", (double) training.size());
        metrics.put("holdout_rows", (double) holdout.size());
        metrics.put("invalid_rows", (double) loaded.invalidCount());
        metrics.put("samples_per_second", result.samplesPerSecond());

        List<FeedbackRow> used = loaded.rows();
        io.driftline.events.ReferenceProfile profile =
                new ReferenceSummary(referenceSummary(candidate, used), candidateMetrics).toEvent();
        ModelPublished draft =
                new ModelPublished(
                        model,
                        0,
                        champion.map(ModelPublished::version).orElse(null),
                        trigger.triggerId(),
                        "",
                        "",
                        finite(metrics),
                        ModelStage.STAGING,
                        profile,
                        clock.millis());
        ArtifactStore artifacts = registry.artifacts();
        Path staged = artifacts.newStagingDir(model);
        ModelPublished entry;
        try {
            candidate.save(staged);
            entry =
                    registry.register(
                            draft, staged, ArtifactStore.sha256(staged), loaded.newestTs());
        } finally {
            artifacts.deleteTree(staged); // gone already when registered
        }
        long marked = feedback.markUsed(used, entry.version());
        LOG.info(
                "model {}: v{} in production ({} rows marked used), artifact {}",
                model,
                entry.version(),
                marked,
                entry.artifactUri());
        return new PipelineOutcome.Promoted(entry, used.size());
    }

    /** The champion's figures on the holdout, or null when there is no comparable champion. */
    private Map<String, Double> championMetrics(
            Optional<ModelPublished> champion,
            ModelFamily family,
            HoldoutEvaluator evaluator,
            Device device)
            throws TrainingFailedException, IOException {
        if (champion.isEmpty()) {
            return null;
        }
        ModelPublished entry = champion.get();
        Path dir;
        try {
            dir = registry.verifiedArtifact(entry);
        } catch (ArtifactIntegrityException e) {
            throw new TrainingFailedException(
                    "champion "
                            + entry.model()
                            + " v"
                            + entry.version()
                            + " cannot be evaluated: "
                            + e.getMessage()
                            + "; roll back to an intact version first",
                    false,
                    e);
        }
        try (TrainedModel model = TrainedModel.load(dir, device)) {
            if (model.family() != family) {
                LOG.warn(
                        "champion {} v{} is a {}, the candidate a {}: gating against the baseline",
                        entry.model(),
                        entry.version(),
                        model.family(),
                        family);
                return null;
            }
            return finite(evaluator.evaluate(model));
        }
    }

    /** The drift engine's summary of the rows used, with the candidate's predictions. */
    private static WindowSummary referenceSummary(TrainedModel model, List<FeedbackRow> rows) {
        List<Object> predictions = new ArrayList<>(rows.size());
        switch (model.family()) {
            case MLP_CLASSIFIER -> predictions.addAll(model.predictClasses(rows));
            case MLP_REGRESSOR -> {
                for (double v : model.predictValues(rows)) {
                    predictions.add(v);
                }
            }
            case AUTOENCODER -> {
                for (double v : model.reconstructionErrors(rows, null)) {
                    predictions.add(v);
                }
            }
            case FORECASTER -> {
                for (int i = 0; i < rows.size(); i++) {
                    predictions.add(null);
                }
            }
        }
        WindowSummary summary = new WindowSummary();
        for (int i = 0; i < rows.size(); i++) {
            FeedbackRow row = rows.get(i);
            summary.observe(row.features(), predictions.get(i), row.actual());
        }
        return summary;
    }

    private static LabelEncoder labelEncoder(ModelFamily family, List<FeedbackRow> training)
            throws TrainingFailedException {
        return switch (family) {
            case MLP_CLASSIFIER -> {
                TreeSet<String> classes = new TreeSet<>();
                for (FeedbackRow row : training) {
                    classes.add(FeatureEncoder.category(row.actual()));
                }
                if (classes.size() < 2) {
                    throw new TrainingFailedException(
                            "insufficient data: the training rows have "
                                    + classes.size()
                                    + " class(es) "
                                    + classes
                                    + ", a classifier needs at least 2",
                            false);
                }
                yield LabelEncoder.classes(new ArrayList<>(classes));
            }
            case MLP_REGRESSOR, FORECASTER -> {
                double sum = 0;
                double sumSq = 0;
                for (FeedbackRow row : training) {
                    sum += row.numericActual();
                    sumSq += row.numericActual() * row.numericActual();
                }
                double mean = sum / training.size();
                yield LabelEncoder.standardized(
                        mean, Math.sqrt(Math.max(0, sumSq / training.size() - mean * mean)));
            }
            case AUTOENCODER -> LabelEncoder.none();
        };
    }

    private static Map<String, Double> finite(Map<String, Double> metrics) {
        Map<String, Double> out = new LinkedHashMap<>();
        metrics.forEach(
                (k, v) -> {
                    if (v != null && Double.isFinite(v)) {
                        out.put(k, v);
                    }
                });
        return out;
    }

    private static void pause(Duration wait) throws TrainingFailedException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrainingFailedException("interrupted while waiting to retry", true, e);
        }
    }
}
