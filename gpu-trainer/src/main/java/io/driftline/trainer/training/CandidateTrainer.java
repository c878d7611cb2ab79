package io.driftline.trainer.training;

import ai.djl.Device;
import io.driftline.trainer.core.ModelFamily;
import io.driftline.trainer.core.TrainingSettings;
import io.driftline.trainer.data.FeedbackRow;
import io.driftline.trainer.data.TrainingData;
import io.driftline.trainer.encoding.FeatureEncoder;
import io.driftline.trainer.encoding.LabelEncoder;
import io.driftline.trainer.encoding.ModelEncoding;
import io.driftline.trainer.model.Examples;
import io.driftline.trainer.pipeline.TrainingFailedException;
import io.driftline.trainer.pipeline.TrainingProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training stage of a retrain: fits the encoding on the training rows, turns them into examples
 * (the newest of them for validation, i.e. early stopping), picks the device and trains the
 * family's MLP ({@link MlpTrainer}).
 */
public final class CandidateTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(CandidateTrainer.class);

    private final TrainingSettings settings;
    private final MlpTrainer trainer;

    public CandidateTrainer(TrainingSettings settings, MlpTrainer trainer) {
        this.settings = settings;
        this.trainer = trainer;
    }

    /**
     * Trains a candidate on {@code data}'s training rows; the caller closes it.
     *
     * @throws TrainingFailedException (not retryable) when the rows cannot make a training set (a
     *     classifier with one class, nothing left after the validation split), the requested GPU is
     *     missing, the training times out or its loss is not finite
     */
    public Candidate train(TrainingData data, TrainingProgress progress)
            throws TrainingFailedException {
        String model = data.model();
        ModelFamily family = data.family();
        List<FeedbackRow> training = data.training();
        ModelEncoding encoding =
                ModelEncoding.of(
                        FeatureEncoder.fit(
                                training, settings.maxCategories(), settings.hashBuckets()),
                        labelEncoder(family, training));
        Examples all =
                Examples.of(
                        family,
                        training,
                        encoding,
                        settings.forecastWindow(),
                        settings.forecastHorizon());
        int validationSize =
                Math.max(1, (int) Math.round(all.count() * settings.validationFraction()));
        if (all.count() - validationSize < 1) {
            throw new TrainingFailedException(
                    "insufficient data: no training examples left after the holdout and"
                            + " validation split; raise minRows",
                    false);
        }
        Examples fit = all.slice(0, all.count() - validationSize);
        Examples validation = all.slice(all.count() - validationSize, all.count());
        Device device;
        try {
            device = settings.device().resolve();
        } catch (IllegalStateException e) {
            throw new TrainingFailedException(e.getMessage(), false, e);
        }
        LOG.info(
                "model {}: training a {} on {} ({} training, {} validation examples, {} inputs;"
                        + " holdout {} rows)",
                model,
                family,
                device,
                fit.count(),
                validation.count(),
                fit.inputSize(),
                data.holdout().size());
        TrainingResult result =
                trainer.train(
                        model,
                        family,
                        encoding,
                        fit,
                        validation,
                        device,
                        progress,
                        training.size());
        return new Candidate(result, device);
    }

    private static LabelEncoder labelEncoder(ModelFamily family, List<FeedbackRow> training)
            throws TrainingFailedException {
        return switch (family) {
            case MLP_CLASSIFIER -> {
                TreeSet<String> classes = new TreeSet<>();
                for (FeedbackRow row : training) {
                    classes.add(FeatureEncoder.category(row.actual()));
                }
                if (classes.size() < 2) {
                    throw new TrainingFailedException(
                            "insufficient data: the training rows have "
                                    + classes.size()
                                    + " class(es) "
                                    + classes
                                    + ", a classifier needs at least 2",
                            false);
                }
                yield LabelEncoder.classes(new ArrayList<>(classes));
            }
            case MLP_REGRESSOR, FORECASTER -> {
                double sum = 0;
                double sumSq = 0;
                for (FeedbackRow row : training) {
                    sum += row.numericActual();
                    sumSq += row.numericActual() * row.numericActual();
                }
                double mean = sum / training.size();
                yield LabelEncoder.standardized(
                        mean, Math.sqrt(Math.max(0, sumSq / training.size() - mean * mean)));
            }
            case AUTOENCODER -> LabelEncoder.none();
        };
    }
}
