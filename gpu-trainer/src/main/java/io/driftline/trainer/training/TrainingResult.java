package io.driftline.trainer.training;

import io.driftline.trainer.model.TrainedModel;

/**
 * A finished training: the model (with its best-validation parameters) and how the training went.
 *
 * @param model the trained model; the caller closes it
 * @param epochs epochs run (early stopping may end before the maximum)
 * @param trainingLoss mean training loss of the last epoch
 * @param validationLoss best validation loss, the one whose parameters were kept
 * @param validationMetric the family's validation figure at that epoch (accuracy, MAE, error)
 * @param samplesPerSecond training examples per second over all epochs
 * @param seconds wall-clock training time
 */
public record TrainingResult(
        TrainedModel model,
        int epochs,
        double trainingLoss,
        double validationLoss,
        double validationMetric,
        double samplesPerSecond,
        double seconds) {}
