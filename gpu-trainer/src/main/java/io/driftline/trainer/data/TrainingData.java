package io.driftline.trainer.data;

import io.driftline.trainer.core.ModelFamily;
import java.util.List;

/**
 * The validated data of one retrain, split in time: the older rows train, the newest are the
 * holdout the gate scores candidate and champion on.
 *
 * @param model the model being retrained
 * @param family its family
 * @param loaded every row read (training plus holdout, oldest first) and what was left out
 * @param training the older rows
 * @param holdout the newest rows
 */
public record TrainingData(
        String model,
        ModelFamily family,
        LoadedFeedback loaded,
        List<FeedbackRow> training,
        List<FeedbackRow> holdout) {

    public TrainingData {
        training = List.copyOf(training);
        holdout = List.copyOf(holdout);
    }

    /** Training plus holdout rows, oldest first. */
    public List<FeedbackRow> rows() {
        return loaded.rows();
    }
}
