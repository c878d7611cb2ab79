package io.driftline.trainer.promote;

import io.driftline.core.profile.ReferenceSummary;
import io.driftline.core.summary.WindowSummary;
import io.driftline.events.ModelPublished;
import io.driftline.events.ModelStage;
import io.driftline.events.ReferenceProfile;
import io.driftline.events.RetrainTrigger;
import io.driftline.trainer.data.FeedbackRow;
import io.driftline.trainer.data.FeedbackStore;
import io.driftline.trainer.data.TrainingData;
import io.driftline.trainer.gate.GateVerdict;
import io.driftline.trainer.gate.HoldoutEvaluator;
import io.driftline.trainer.model.TrainedModel;
import io.driftline.trainer.pipeline.PipelineOutcome;
import io.driftline.trainer.registry.ArtifactStore;
import io.driftline.trainer.registry.MongoModelRegistry;
import io.driftline.trainer.training.Candidate;
import io.driftline.trainer.training.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The promote stage of a retrain: for a candidate the gate let through, writes its artifact (with
 * its sha256), registers it in production with its metrics and the reference profile of the rows it
 * was trained and held out on (the drift engine's {@link WindowSummary} of them, with the
 * candidate's predictions), and marks those feedback rows used.
 */
public final class ModelPromoter {

    private static final Logger LOG = LoggerFactory.getLogger(ModelPromoter.class);

    private final MongoModelRegistry registry;
    private final FeedbackStore feedback;
    private final Clock clock;

    public ModelPromoter(MongoModelRegistry registry, FeedbackStore feedback, Clock clock) {
        this.registry = registry;
        this.feedback = feedback;
        this.clock = clock;
    }

    /**
     * Puts {@code candidate} into production.
     *
     * @throws IOException when the artifact cannot be written
     */
    public PipelineOutcome.Promoted promote(
            RetrainTrigger trigger, TrainingData data, Candidate candidate, GateVerdict verdict)
            throws IOException {
        String model = trigger.model();
        List<FeedbackRow> used = data.rows();
        ReferenceProfile profile =
                new ReferenceSummary(
                                referenceSummary(candidate.model(), used),
                                verdict.candidateMetrics())
                        .toEvent();
        ModelPublished draft =
                new ModelPublished(
                        model,
                        0,
                        verdict.champion().map(ModelPublished::version).orElse(null),
                        trigger.triggerId(),
                        "",
                        "",
                        HoldoutEvaluator.finite(metrics(data, candidate.result(), verdict)),
                        ModelStage.STAGING,
                        profile,
                        clock.millis());
        ArtifactStore artifacts = registry.artifacts();
        Path staged = artifacts.newStagingDir(model);
        ModelPublished entry;
        try {
            candidate.model().save(staged);
            entry =
                    registry.register(
                            draft, staged, ArtifactStore.sha256(staged), data.loaded().newestTs());
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

    /** The candidate's figures, the champion's and baseline's (prefixed), and the training's. */
    private static Map<String, Double> metrics(
            TrainingData data, TrainingResult result, GateVerdict verdict) {
        Map<String, Double> metrics = new LinkedHashMap<>(verdict.candidateMetrics());
        verdict.championMetrics()
                .ifPresent(champion -> champion.forEach((k, v) -> metrics.put("champion_" + k, v)));
        verdict.baselineMetrics().forEach((k, v) -> metrics.put("baseline_" + k, v));
        metrics.put("loss", result.trainingLoss());
        metrics.put("validation_loss", result.validationLoss());
        metrics.put("epochs", (double) result.epochs());
        metrics.put("training_rows", (double) data.training().size());
        metrics.put("holdout_rows", (double) data.holdout().size());
        metrics.put("invalid_rows", (double) data.loaded().invalidCount());
        metrics.put("samples_per_second", result.samplesPerSecond());
        return metrics;
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
}
