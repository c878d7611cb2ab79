package io.driftline.trainer.service;

import com.mongodb.client.MongoDatabase;
import io.driftline.core.catalog.CatalogFile;
import io.driftline.core.catalog.ModelCatalog;
import io.driftline.core.decision.DriftDecisionConfig;
import io.driftline.trainer.core.ModelFamily;
import io.driftline.trainer.core.TrainingSettings;
import io.driftline.trainer.pipeline.RetrainPipeline;
import io.driftline.trainer.registry.ModelRegistry;
import io.driftline.trainer.registry.MongoModelRegistry;
import io.driftline.trainer.retrain.DjlRetrainPipeline;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

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
        TrainingSettings.Builder builder =
                TrainingSettings.builder(config.modelsDir())
                        .optFeedbackCollection(config.feedbackCollection())
                        .optRegistryCollection(config.registryCollection());
        config.trainingDataWindow().ifPresent(builder::optDataWindow);
        config.catalog()
                .ifPresent(
                        path ->
                                catalog(path)
                                        .models()
                                        .forEach(
                                                (model, entry) ->
                                                        builder.optFamily(
                                                                model,
                                                                ModelFamily.fromName(
                                                                        entry.family()))));
        return builder.build();
    }

    /**
     * The model catalog at {@code path}, validated as the drift job validates it.
     *
     * @throws io.driftline.core.catalog.CatalogException when it cannot be read or is invalid
     */
    static ModelCatalog catalog(Path path) {
        return CatalogFile.load(path, Duration.ofDays(1), DriftDecisionConfig.defaults()).initial();
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
