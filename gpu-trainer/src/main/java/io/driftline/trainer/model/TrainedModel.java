package io.driftline.trainer.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.driftline.trainer.core.ModelFamily;
import io.driftline.trainer.data.FeedbackRow;
import io.driftline.trainer.encoding.FeatureColumn;
import io.driftline.trainer.encoding.FeatureEncoder;
import io.driftline.trainer.encoding.ModelEncoding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trained network with the encoding and metadata it needs to be evaluated on raw feedback rows;
 * owns its DJL {@link Model}, so close it.
 */
public final class TrainedModel implements AutoCloseable {

    private static final int INFERENCE_BATCH = 8192;

    private final Model model;
    private final ModelEncoding encoding;
    private final ModelMetadata metadata;

    /** Takes ownership of {@code model}, whose block is initialized or loaded. */
    public TrainedModel(Model model, ModelEncoding encoding, ModelMetadata metadata) {
        this.model = Objects.requireNonNull(model, "model");
        this.encoding = Objects.requireNonNull(encoding, "encoding");
        this.metadata = Objects.requireNonNull(metadata, "metadata");
    }

    /**
     * Loads an artifact directory written by {@link #save}. Verify its sha256 first (the registry
     * does).
     *
     * @throws IOException if a file is missing or unreadable
     */
    public static TrainedModel load(Path dir, Device device) throws IOException {
        ModelMetadata metadata = ModelMetadata.read(dir);
        ModelEncoding encoding = ModelEncoding.read(dir);
        Model model = Model.newInstance(metadata.model(), device, "PyTorch");
        try {
            model.setBlock(metadata.newBlock());
            model.load(dir, ModelMetadata.PARAMS_PREFIX);
            return new TrainedModel(model, encoding, metadata);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw e instanceof IOException io ? io : new IOException("cannot load " + dir, e);
        }
    }

    /** Writes the parameters, {@code encoder.json} and {@code metadata.json} into {@code dir}. */
    public void save(Path dir) throws IOException {
        model.save(dir, ModelMetadata.PARAMS_PREFIX);
        encoding.write(dir);
        metadata.write(dir);
    }

    public ModelEncoding encoding() {
        return encoding;
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    public ModelFamily family() {
        return metadata.modelFamily();
    }

    /** The raw network outputs for {@code examples}, row-major. */
    public float[] forward(Examples examples) {
        float[] out = new float[examples.count() * metadata.outputSize()];
        for (int from = 0; from < examples.count(); from += INFERENCE_BATCH) {
            int to = Math.min(examples.count(), from + INFERENCE_BATCH);
            float[] x = new float[(to - from) * examples.inputSize()];
            System.arraycopy(examples.x(), from * examples.inputSize(), x, 0, x.length);
            try (NDManager manager = model.getNDManager().newSubManager()) {
                NDArray input = manager.create(x, new Shape(to - from, examples.inputSize()));
                NDArray output =
                        model.getBlock()
                                .forward(
                                        new ParameterStore(manager, false),
                                        new NDList(input),
                                        false)
                                .singletonOrThrow();
                float[] values = output.toFloatArray();
                System.arraycopy(values, 0, out, from * metadata.outputSize(), values.length);
            }
        }
        return out;
    }

    /** The examples of {@code rows} under this model's encoding. */
    public Examples examples(List<FeedbackRow> rows) {
        return Examples.of(
                family(), rows, encoding, metadata.forecastWindow(), metadata.forecastHorizon());
    }

    /** The predicted class of each row (classifier). */
    public List<String> predictClasses(List<FeedbackRow> rows) {
        checkFamily(ModelFamily.MLP_CLASSIFIER);
        float[] logits = forward(examples(rows));
        int k = metadata.outputSize();
        List<String> classes = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (logits[i * k + c] > logits[i * k + best]) {
                    best = c;
                }
            }
            classes.add(encoding.label().classes().get(best));
        }
        return classes;
    }

    /** The predicted value of each row, in the target's units (regressor). */
    public double[] predictValues(List<FeedbackRow> rows) {
        checkFamily(ModelFamily.MLP_REGRESSOR);
        float[] out = forward(examples(rows));
        double[] values = new double[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = encoding.label().destandardize(out[i]);
        }
        return values;
    }

    /**
     * Each row's anomaly score (autoencoder): the mean squared reconstruction error over the
     * numeric features present in the row, each in units of {@code scale} (feature name order of
     * this model's numeric columns; {@code null} = this model's training standard deviations).
     */
    public double[] reconstructionErrors(List<FeedbackRow> rows, Map<String, Double> scale) {
        checkFamily(ModelFamily.AUTOENCODER);
        Examples examples = examples(rows);
        float[] out = forward(examples);
        int width = examples.inputSize();
        double[] errors = new double[rows.size()];
        List<FeatureColumn> columns = encoding.features();
        for (int i = 0; i < rows.size(); i++) {
            double sum = 0;
            int n = 0;
            int at = 0;
            for (FeatureColumn c : columns) {
                Object value = rows.get(i).features().get(c.name());
                if (c.kind() == FeatureColumn.Kind.NUMERIC && value instanceof Number number) {
                    double reconstructed = out[i * width + at] * c.std() + c.mean();
                    double s = scale == null ? c.std() : scale.getOrDefault(c.name(), c.std());
                    double d = (reconstructed - number.doubleValue()) / s;
                    sum += d * d;
                    n++;
                }
                at += c.width();
            }
            errors[i] = n == 0 ? 0 : sum / n;
        }
        return errors;
    }

    /**
     * Forecasts and their true values over the windows of {@code series} (forecaster), in the
     * target's units: {@code [0]} predicted, {@code [1]} actual, each windows × horizon.
     */
    public double[][] forecast(List<FeedbackRow> series) {
        checkFamily(ModelFamily.FORECASTER);
        Examples examples = examples(series);
        float[] out = forward(examples);
        double[] predicted = new double[out.length];
        double[] actual = new double[out.length];
        for (int i = 0; i < out.length; i++) {
            predicted[i] = encoding.label().destandardize(out[i]);
            actual[i] = encoding.label().destandardize(examples.y()[i]);
        }
        return new double[][] {predicted, actual};
    }

    /** The feature encoder of this model. */
    public FeatureEncoder featureEncoder() {
        return encoding.featureEncoder();
    }

    private void checkFamily(ModelFamily expected) {
        if (family() != expected) {
            throw new IllegalStateException(
                    "model " + metadata.model() + " is a " + family() + ", not a " + expected);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
