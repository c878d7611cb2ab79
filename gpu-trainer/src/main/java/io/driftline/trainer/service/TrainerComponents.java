package io.driftline.trainer.service;

import com.mongodb.client.MongoDatabase;
import io.driftline.trainer.core.TrainingSettings;
import io.driftline.trainer.pipeline.RetrainPipeline;
import io.driftline.trainer.registry.ModelRegistry;
import io.driftline.trainer.registry.MongoModelRegistry;
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
     * The training settings the service uses: the defaults, with artifacts under {@code models.dir}
     * and the configured training-data window. Retries are the service's ({@link
     * TrainerConfig#retryPolicy()}): a pipeline run is one attempt.
     */
    public static TrainingSettings settings(TrainerConfig config) {
        TrainingSettings.Builder builder = TrainingSettings.builder(config.modelsDir());
        config.trainingDataWindow().ifPresent(builder::optDataWindow);
        return builder.build();
    }

    /** The DJL pipeline and its MongoDB registry on {@code database}. */
    public static TrainerComponents create(
            MongoDatabase database, TrainerConfig config, Clock clock) {
        TrainingSettings settings = settings(config);
        MongoModelRegistry registry = DjlRetrainPipeline.registry(database, settings, clock);
        return new TrainerComponents(
                DjlRetrainPipeline.create(database, registry, settings, clock), registry);
    }

    /** Just the registry (for the CLI's model commands): no training machinery is loaded. */
    public static ModelRegistry registry(
            MongoDatabase database, TrainerConfig config, Clock clock) {
        return DjlRetrainPipeline.registry(database, settings(config), clock);
    }
}
