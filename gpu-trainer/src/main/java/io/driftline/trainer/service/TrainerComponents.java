package io.driftline.trainer.service;

import com.mongodb.client.MongoDatabase;
import io.driftline.trainer.pipeline.RetrainPipeline;
import io.driftline.trainer.registry.ModelRegistry;
import java.time.Clock;

/**
 * The production pipeline and registry the service runs with when started from {@code main} or the
 * CLI.
 *
 * @param pipeline the retrain pipeline
 * @param registry the model registry
 */
public record TrainerComponents(RetrainPipeline pipeline, ModelRegistry registry) {

    /**
     * The DJL pipeline and the MongoDB registry on {@code database}.
     *
     * @throws IllegalStateException until the pipeline implementation (branch trainer-core) is
     *     merged
     */
    public static TrainerComponents create(
            MongoDatabase database, TrainerConfig config, Clock clock) {
        throw new IllegalStateException(
                "no RetrainPipeline implementation is built in yet (DjlRetrainPipeline and"
                        + " MongoModelRegistry arrive with the trainer-core branch)");
    }
}
