package io.driftline.core.catalog;

import io.driftline.core.decision.DriftDecisionConfig;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * One model's entry in the {@link ModelCatalog}, defaults applied.
 *
 * @param family the model family the trainer trains ({@code mlp-classifier}, {@code mlp-regressor},
 *     {@code autoencoder}, {@code forecaster})
 * @param label what the outcome ({@code actual}) is, for people; null when not given
 * @param prediction how the prediction is read
 * @param features the features the model expects, in order; empty when not listed
 * @param decision the drift decision rule, critical features included
 * @param retrainSchedule a retrain at least this often whatever the drift; null for none
 */
public record ModelSettings(
        String family,
        String label,
        PredictionReading prediction,
        List<String> features,
        DriftDecisionConfig decision,
        Duration retrainSchedule)
        implements Serializable {

    /** The families the trainer knows. */
    public static final List<String> FAMILIES =
            List.of("mlp-classifier", "mlp-regressor", "autoencoder", "forecaster");

    public ModelSettings {
        features = List.copyOf(features);
    }
}
