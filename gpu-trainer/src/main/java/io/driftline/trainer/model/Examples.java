package io.driftline.trainer.model;

import io.driftline.trainer.core.ModelFamily;
import io.driftline.trainer.data.FeedbackRow;
import io.driftline.trainer.encoding.FeatureEncoder;
import io.driftline.trainer.encoding.LabelEncoder;
import io.driftline.trainer.encoding.ModelEncoding;
import java.util.List;

/**
 * Rows turned into a model's inputs and targets, row-major: {@code count} examples of {@code
 * inputSize} inputs and {@code outputSize} targets. A classifier's target is the class index (-1
 * for a class the encoding does not know); an autoencoder's target is its input; a forecaster's
 * example is a window of consecutive rows (their features and standardized outcome) and its target
 * the next {@code horizon} standardized outcomes.
 *
 * @param x inputs, {@code count * inputSize}
 * @param y targets, {@code count * outputSize}
 * @param count number of examples
 * @param inputSize inputs per example
 * @param outputSize targets per example
 */
public record Examples(float[] x, float[] y, int count, int inputSize, int outputSize) {

    /**
     * The examples of {@code rows} (time-ordered) for {@code family} under {@code encoding}.
     *
     * @param window past rows per forecaster example (ignored otherwise)
     * @param horizon future values per forecaster example (ignored otherwise)
     */
    public static Examples of(
            ModelFamily family,
            List<FeedbackRow> rows,
            ModelEncoding encoding,
            int window,
            int horizon) {
        FeatureEncoder encoder = encoding.featureEncoder();
        LabelEncoder label = encoding.label();
        int width = encoder.width();
        int n = rows.size();
        return switch (family) {
            case MLP_CLASSIFIER, MLP_REGRESSOR -> {
                float[] x = new float[n * width];
                float[] y = new float[n];
                for (int i = 0; i < n; i++) {
                    FeedbackRow row = rows.get(i);
                    encoder.encode(row.features(), x, i * width);
                    y[i] =
                            family == ModelFamily.MLP_CLASSIFIER
                                    ? label.classIndex(row.actual())
                                    : label.standardize(row.numericActual());
                }
                yield new Examples(x, y, n, width, 1);
            }
            case AUTOENCODER -> {
                float[] x = new float[n * width];
                for (int i = 0; i < n; i++) {
                    encoder.encode(rows.get(i).features(), x, i * width);
                }
                yield new Examples(x, x, n, width, width);
            }
            case FORECASTER -> {
                int step = width + 1;
                float[] series = new float[n * step];
                for (int i = 0; i < n; i++) {
                    encoder.encode(rows.get(i).features(), series, i * step);
                    series[i * step + width] = label.standardize(rows.get(i).numericActual());
                }
                int count = Math.max(0, n - window - horizon + 1);
                int inputSize = window * step;
                float[] x = new float[count * inputSize];
                float[] y = new float[count * horizon];
                for (int e = 0; e < count; e++) {
                    System.arraycopy(series, e * step, x, e * inputSize, inputSize);
                    for (int h = 0; h < horizon; h++) {
                        y[e * horizon + h] = series[(e + window + h) * step + width];
                    }
                }
                yield new Examples(x, y, count, inputSize, horizon);
            }
        };
    }

    /** The examples {@code [from, to)}. */
    public Examples slice(int from, int to) {
        float[] xs = new float[(to - from) * inputSize];
        float[] ys = new float[(to - from) * outputSize];
        System.arraycopy(x, from * inputSize, xs, 0, xs.length);
        System.arraycopy(y, from * outputSize, ys, 0, ys.length);
        return new Examples(xs, ys, to - from, inputSize, outputSize);
    }
}
