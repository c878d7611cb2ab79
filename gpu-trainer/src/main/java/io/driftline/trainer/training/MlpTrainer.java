package io.driftline.trainer.training;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.driftline.trainer.core.ModelFamily;
import io.driftline.trainer.core.TrainingSettings;
import io.driftline.trainer.encoding.ModelEncoding;
import io.driftline.trainer.model.Examples;
import io.driftline.trainer.model.ModelMetadata;
import io.driftline.trainer.model.TrainedModel;
import io.driftline.trainer.pipeline.TrainingFailedException;
import io.driftline.trainer.pipeline.TrainingProgress;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one MLP with DJL/PyTorch: Adam, shuffled mini-batches, a validation pass per epoch with
 * early stopping (the best epoch's parameters are kept), a timeout checked between batches, and a
 * log line plus {@link TrainingProgress#epoch} per epoch. Softmax cross-entropy for classifiers, L2
 * for everything else.
 */
public final class MlpTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(MlpTrainer.class);
    private static final int HEARTBEAT_BATCHES = 200;

    private final TrainingSettings settings;
    private final Clock clock;

    /** A trainer configured by {@code settings}; {@code clock} measures the timeout. */
    public MlpTrainer(TrainingSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Trains a {@code family} network on {@code train}, early-stopping on {@code validation}.
     *
     * @param trainingRows rows behind {@code train} and {@code validation}, for the metadata
     * @throws TrainingFailedException on timeout or a non-finite loss (not retryable)
     */
    public TrainingResult train(
            String modelName,
            ModelFamily family,
            ModelEncoding encoding,
            Examples train,
            Examples validation,
            Device device,
            TrainingProgress progress,
            long trainingRows)
            throws TrainingFailedException {
        ModelMetadata metadata =
                new ModelMetadata(
                        ModelMetadata.FORMAT_VERSION,
                        modelName,
                        family.wireName(),
                        train.inputSize(),
                        family == ModelFamily.MLP_CLASSIFIER
                                ? encoding.label().classCount()
                                : train.outputSize(),
                        settings.hiddenUnits(),
                        family == ModelFamily.FORECASTER ? settings.forecastWindow() : 0,
                        family == ModelFamily.FORECASTER ? settings.forecastHorizon() : 0,
                        0,
                        trainingRows,
                        0);
        Instant deadline = clock.instant().plus(settings.trainingTimeout());
        long started = System.nanoTime();
        Engine.getInstance().setRandomSeed((int) settings.samplingSeed());
        Model model = Model.newInstance(modelName, device, "PyTorch");
        boolean handedOver = false;
        try {
            model.setBlock(metadata.newBlock());
            Loss loss =
                    family == ModelFamily.MLP_CLASSIFIER
                            ? Loss.softmaxCrossEntropyLoss()
                            : Loss.l2Loss();
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(loss)
                            .optDevices(new Device[] {device})
                            .optOptimizer(
                                    Optimizer.adam()
                                            .optLearningRateTracker(
                                                    Tracker.fixed(settings.learningRate()))
                                            .build());
            Fit fit;
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, train.inputSize()));
                fit = fit(trainer, model, family, encoding, train, validation, deadline, progress);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            ModelMetadata trained =
                    new ModelMetadata(
                            metadata.formatVersion(),
                            metadata.model(),
                            metadata.family(),
                            metadata.inputSize(),
                            metadata.outputSize(),
                            metadata.hiddenUnits(),
                            metadata.forecastWindow(),
                            metadata.forecastHorizon(),
                            clock.millis(),
                            trainingRows,
                            fit.epochs);
            TrainedModel result = new TrainedModel(model, encoding, trained);
            handedOver = true;
            return new TrainingResult(
                    result,
                    fit.epochs,
                    fit.lastLoss,
                    fit.bestValidationLoss,
                    fit.bestMetric,
                    fit.samples / Math.max(1e-9, fit.trainSeconds),
                    seconds);
        } finally {
            if (!handedOver) {
                model.close();
            }
        }
    }

    private Fit fit(
            Trainer trainer,
            Model model,
            ModelFamily family,
            ModelEncoding encoding,
            Examples train,
            Examples validation,
            Instant deadline,
            TrainingProgress progress)
            throws TrainingFailedException {
        Fit fit = new Fit();
        byte[] bestParameters = null;
        int sinceBest = 0;
        int[] order = new int[train.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(settings.samplingSeed());
        int in = train.inputSize();
        int out = train.outputSize();
        int batchSize = settings.batchSize();
        float[] xb = new float[batchSize * in];
        float[] yb = new float[batchSize * out];
        for (int epoch = 1; epoch <= settings.maxEpochs(); epoch++) {
            shuffle(order, random);
            long epochStart = System.nanoTime();
            double lossSum = 0;
            int batches = 0;
            for (int from = 0; from < order.length; from += batchSize) {
                if (clock.instant().isAfter(deadline)) {
                    throw new TrainingFailedException(
                            "training timed out after "
                                    + settings.trainingTimeout()
                                    + " in epoch "
                                    + epoch
                                    + "; raise trainingTimeout or lower maxRows / maxEpochs",
                            false);
                }
                int b = Math.min(batchSize, order.length - from);
                for (int i = 0; i < b; i++) {
                    System.arraycopy(train.x(), order[from + i] * in, xb, i * in, in);
                    System.arraycopy(train.y(), order[from + i] * out, yb, i * out, out);
                }
                try (NDManager batch = trainer.getManager().newSubManager()) {
                    NDArray x = batch.create(xb, new Shape(batchSize, in));
                    NDArray y = batch.create(yb, new Shape(batchSize, out));
                    if (b < batchSize) {
                        x = x.get("0:" + b);
                        y = y.get("0:" + b);
                    }
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray predicted = trainer.forward(new NDList(x)).singletonOrThrow();
                        NDArray value =
                                trainer.getLoss().evaluate(new NDList(y), new NDList(predicted));
                        collector.backward(value);
                        lossSum += value.getFloat() * b;
                    }
                    trainer.step();
                }
                if (++batches % HEARTBEAT_BATCHES == 0) {
                    progress.heartbeat();
                }
            }
            double epochSeconds = (System.nanoTime() - epochStart) / 1e9;
            fit.trainSeconds += epochSeconds;
            fit.samples += order.length;
            fit.lastLoss = lossSum / Math.max(1, order.length);
            if (!Double.isFinite(fit.lastLoss)) {
                throw new TrainingFailedException(
                        "training diverged: loss is "
                                + fit.lastLoss
                                + " in epoch "
                                + epoch
                                + "; lower the learning rate (now "
                                + settings.learningRate()
                                + ")",
                        false);
            }
            double[] validationFigures = validate(model, family, encoding, validation, trainer);
            double samplesPerSecond = order.length / Math.max(1e-9, epochSeconds);
            fit.epochs = epoch;
            LOG.info(
                    "model {} epoch {}/{}: loss {} validation loss {} validation {} {}, {}"
                            + " samples/s",
                    model.getName(),
                    epoch,
                    settings.maxEpochs(),
                    String.format("%.5f", fit.lastLoss),
                    String.format("%.5f", validationFigures[0]),
                    validationMetricName(family),
                    String.format("%.5f", validationFigures[1]),
                    String.format("%.0f", samplesPerSecond));
            progress.epoch(
                    model.getName(), epoch, fit.lastLoss, validationFigures[1], samplesPerSecond);
            progress.heartbeat();
            if (validationFigures[0] < fit.bestValidationLoss) {
                fit.bestValidationLoss = validationFigures[0];
                fit.bestMetric = validationFigures[1];
                bestParameters = parameters(model);
                sinceBest = 0;
            } else if (++sinceBest >= settings.earlyStoppingPatience()) {
                LOG.info(
                        "model {}: early stop after epoch {} (no better validation loss in {}"
                                + " epochs)",
                        model.getName(),
                        epoch,
                        sinceBest);
                break;
            }
        }
        if (bestParameters != null) {
            restore(model, bestParameters);
        }
        return fit;
    }

    /** The name of the validation figure reported per epoch. */
    public static String validationMetricName(ModelFamily family) {
        return switch (family) {
            case MLP_CLASSIFIER -> "accuracy";
            case MLP_REGRESSOR, FORECASTER -> "mae";
            case AUTOENCODER -> "reconstruction_error";
        };
    }

    /** {@code [validation loss, validation metric]}. */
    private static double[] validate(
            Model model,
            ModelFamily family,
            ModelEncoding encoding,
            Examples validation,
            Trainer trainer) {
        if (validation.count() == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        try (NDManager manager = trainer.getManager().newSubManager()) {
            NDArray x =
                    manager.create(
                            validation.x(), new Shape(validation.count(), validation.inputSize()));
            NDArray y =
                    manager.create(
                            validation.y(), new Shape(validation.count(), validation.outputSize()));
            NDArray predicted =
                    model.getBlock()
                            .forward(new ParameterStore(manager, false), new NDList(x), false)
                            .singletonOrThrow();
            double loss =
                    trainer.getLoss().evaluate(new NDList(y), new NDList(predicted)).getFloat();
            double metric =
                    switch (family) {
                        case MLP_CLASSIFIER ->
                                predicted
                                        .argMax(1)
                                        .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                                        .eq(y.reshape(-1))
                                        .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                                        .mean()
                                        .getFloat();
                        case MLP_REGRESSOR, FORECASTER ->
                                predicted.sub(y).abs().mean().getFloat() * encoding.label().std();
                        case AUTOENCODER -> predicted.sub(y).square().mean().getFloat();
                    };
            return new double[] {loss, metric};
        }
    }

    private static byte[] parameters(Model model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            model.getBlock().saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void restore(Model model, byte[] parameters) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
            model.getBlock().loadParameters(model.getNDManager(), in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MalformedModelException e) {
            throw new IllegalStateException("cannot restore the best epoch's parameters", e);
        }
    }

    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** Running figures of one training. */
    private static final class Fit {
        int epochs;
        double lastLoss = Double.NaN;
        double bestValidationLoss = Double.POSITIVE_INFINITY;
        double bestMetric = Double.NaN;
        double trainSeconds;
        long samples;
    }
}
