package io.driftline.trainer.data;

import io.driftline.trainer.core.ModelFamily;
import io.driftline.trainer.core.TrainingSettings;
import io.driftline.trainer.pipeline.TrainingFailedException;
import io.driftline.trainer.pipeline.TrainingProgress;
import io.driftline.trainer.registry.MongoModelRegistry;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data stage of a retrain: reads the model's feedback since its production version's data (or
 * over the configured window), bounded and sampled ({@link FeedbackStore}), checks there is enough
 * of it, and splits it in time into training rows and the holdout.
 */
public final class TrainingDataCollector {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingDataCollector.class);

    private final FeedbackStore feedback;
    private final MongoModelRegistry registry;
    private final TrainingSettings settings;
    private final Clock clock;

    /**
     * @param registry tells where the production version's data ended (the start of the window when
     *     {@link TrainingSettings#dataWindow()} is not set)
     */
    public TrainingDataCollector(
            FeedbackStore feedback,
            MongoModelRegistry registry,
            TrainingSettings settings,
            Clock clock) {
        this.feedback = feedback;
        this.registry = registry;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The training data of {@code model}.
     *
     * @throws TrainingFailedException (not retryable) when there are too few valid rows, or a
     *     forecaster's holdout is shorter than its window plus horizon
     */
    public TrainingData collect(String model, TrainingProgress progress)
            throws TrainingFailedException {
        ModelFamily family = settings.familyOf(model);
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
        return new TrainingData(model, family, loaded, training, holdout);
    }
}
