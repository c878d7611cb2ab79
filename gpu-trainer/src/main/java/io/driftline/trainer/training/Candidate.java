package io.driftline.trainer.training;

import ai.djl.Device;
import io.driftline.trainer.model.TrainedModel;

/**
 * A freshly trained model waiting for the gate, with how its training went and the device it was
 * trained on (the champion is loaded onto the same one to be compared).
 *
 * @param result the training and its model; closing the candidate closes the model
 * @param device where it was trained
 */
public record Candidate(TrainingResult result, Device device) implements AutoCloseable {

    /** The trained model. */
    public TrainedModel model() {
        return result.model();
    }

    @Override
    public void close() {
        result.model().close();
    }
}
