package io.driftline.trainer.pipeline;

import io.driftline.events.RetrainTrigger;

/**
 * Trains a new version of a model for one retrain trigger: collects and validates the data, trains
 * the candidate (GPU when available), evaluates candidate and champion on the same holdout, and, if
 * the candidate passes the gate, writes its artifact, registers it in production and marks the
 * feedback it used. One run is one attempt: retrying, publishing to Kafka and the trigger's
 * lifecycle belong to the caller.
 */
public interface RetrainPipeline {

    /**
     * Runs the pipeline for {@code trigger}.
     *
     * @param progress told about every epoch; {@link TrainingProgress#heartbeat()} is called at
     *     least once per epoch so the caller can renew its lease
     * @return the promoted version, or the gate's rejection with both figures
     * @throws TrainingFailedException when no candidate could be produced; {@link
     *     TrainingFailedException#retryable()} says whether trying again may help
     */
    PipelineOutcome run(RetrainTrigger trigger, TrainingProgress progress)
            throws TrainingFailedException;
}
