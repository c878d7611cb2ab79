package io.driftline.trainer.gate;

import io.driftline.events.ModelPublished;
import io.driftline.trainer.core.ModelFamily;
import io.driftline.trainer.data.TrainingData;
import io.driftline.trainer.model.TrainedModel;
import io.driftline.trainer.pipeline.TrainingFailedException;
import io.driftline.trainer.pipeline.TrainingProgress;
import io.driftline.trainer.registry.ArtifactIntegrityException;
import io.driftline.trainer.registry.MongoModelRegistry;
import io.driftline.trainer.training.Candidate;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate stage of a retrain: scores the candidate, the production champion (its verified
 * artifact) and the trivial baseline on the same holdout ({@link HoldoutEvaluator}) and lets {@link
 * ModelGate} decide: against the champion when there is a comparable one, else against the
 * baseline.
 */
public final class HoldoutGate {

    private static final Logger LOG = LoggerFactory.getLogger(HoldoutGate.class);

    private final MongoModelRegistry registry;
    private final ModelGate gate;
    private final int forecastWindow;
    private final int forecastHorizon;

    /**
     * @param registry where the champion and its artifact come from
     * @param gate the decision rule (and its tolerance)
     * @param forecastWindow past rows a forecaster baseline sees
     * @param forecastHorizon future values a forecaster baseline predicts
     */
    public HoldoutGate(
            MongoModelRegistry registry, ModelGate gate, int forecastWindow, int forecastHorizon) {
        this.registry = registry;
        this.gate = gate;
        this.forecastWindow = forecastWindow;
        this.forecastHorizon = forecastHorizon;
    }

    /**
     * Judges {@code candidate}, trained on {@code data}.
     *
     * @throws TrainingFailedException (not retryable) when the champion's artifact is missing or
     *     fails its sha256 check: it has to be rolled back to an intact version first
     * @throws IOException when the champion's artifact cannot be read
     */
    public GateVerdict judge(TrainingData data, Candidate candidate, TrainingProgress progress)
            throws TrainingFailedException, IOException {
        ModelFamily family = data.family();
        Optional<ModelPublished> champion = registry.production(data.model());
        HoldoutEvaluator evaluator = new HoldoutEvaluator(family, data.holdout());
        Map<String, Double> candidateMetrics =
                HoldoutEvaluator.finite(evaluator.evaluate(candidate.model()));
        Map<String, Double> baselineMetrics =
                HoldoutEvaluator.finite(
                        evaluator.baseline(data.training(), forecastWindow, forecastHorizon));
        Optional<Map<String, Double>> championMetrics =
                championMetrics(champion, family, evaluator, candidate);
        progress.heartbeat();
        String metric = HoldoutEvaluator.primaryMetric(family);
        double candidateFigure = candidateMetrics.getOrDefault(metric, Double.NaN);
        GateDecision decision =
                championMetrics.isPresent()
                        ? gate.againstChampion(
                                family,
                                candidateFigure,
                                championMetrics.get().getOrDefault(metric, Double.NaN))
                        : gate.againstBaseline(
                                family,
                                candidateFigure,
                                baselineMetrics.getOrDefault(metric, Double.NaN));
        LOG.info("model {}: {}", data.model(), decision.reason());
        return new GateVerdict(
                decision, champion, candidateMetrics, championMetrics, baselineMetrics);
    }

    /** The champion's figures on the holdout; empty when there is no comparable champion. */
    private Optional<Map<String, Double>> championMetrics(
            Optional<ModelPublished> champion,
            ModelFamily family,
            HoldoutEvaluator evaluator,
            Candidate candidate)
            throws TrainingFailedException, IOException {
        if (champion.isEmpty()) {
            return Optional.empty();
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
        try (TrainedModel model = TrainedModel.load(dir, candidate.device())) {
            if (model.family() != family) {
                LOG.warn(
                        "champion {} v{} is a {}, the candidate a {}: gating against the baseline",
                        entry.model(),
                        entry.version(),
                        model.family(),
                        family);
                return Optional.empty();
            }
            return Optional.of(HoldoutEvaluator.finite(evaluator.evaluate(model)));
        }
    }
}
