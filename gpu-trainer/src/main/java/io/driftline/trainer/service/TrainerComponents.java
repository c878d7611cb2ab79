package io.driftline.trainer.service;

import com.mongodb.client.MongoDatabase;
import io.driftline.trainer.core.TrainingSettings;
import io.driftline.trainer.pipeline.RetrainPipeline;
import io.driftline.trainer.registry.ModelRegistry;
import io.driftline.trainer.retrain.DjlRetrainPipeline;
import java.time.Clock;

/**
 * The production pipeline and registry the service runs with when started from {@code main} or the
 * CLI: the DJL pipeline and the MongoDB registry with artifacts under {@code models.dir}.
 *
 * @param pipeline the retrain pipeline
 * @param registry the model registry
 */
public record TrainerComponents(RetrainPipeline pipeline, ModelRegistry registry) {

    /**
     * The training settings the service uses: the pipeline's defaults, except that retries belong
     * to the service (one attempt per pipeline run), which records each attempt on the trigger.
     */
    public static TrainingSettings settings(TrainerConfig config) {
        TrainingSettings.Builder builder =
                TrainingSettings.builder(config.modelsDir()).optMaxAttempts(1);
        config.trainingDataWindow().ifPresent(builder::optDataWindow);
        return builder.build();
    }

    /** The DJL pipeline and its MongoDB registry on {@code database}. */
    public static TrainerComponents create(
            MongoDatabase database, TrainerConfig config, Clock clock) {
        TrainingSettings settings = settings(config);
        ModelRegistry registry = DjlRetrainPipeline.registry(database, settings, clock);
        return new TrainerComponents(
                new DjlRetrainPipeline(database, registry, settings, clock), registry);
    }

    /** Just the registry (for the CLI's model commands): no training machinery is loaded. */
    public static ModelRegistry registry(
            MongoDatabase database, TrainerConfig config, Clock clock) {
        return DjlRetrainPipeline.registry(database, settings(config), clock);
    }
}
