package io.driftline.trainer.gate;

import io.driftline.trainer.core.ModelFamily;
import io.driftline.trainer.data.FeedbackRow;
import io.driftline.trainer.encoding.FeatureEncoder;
import io.driftline.trainer.model.TrainedModel;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Scores a model, or the trivial baseline, on raw holdout rows so that candidate, champion and
 * baseline are measured on the same data: macro F1 and accuracy for classifiers, MAE for regressors
 * and forecasters, mean reconstruction error (in holdout standard deviations) for autoencoders.
 */
public final class HoldoutEvaluator {

    /** Macro-averaged F1 (classifiers). */
    public static final String F1 = "f1";

    /** Share of correct predictions (classifiers). */
    public static final String ACCURACY = "accuracy";

    /** Mean absolute error in the target's units (regressors, forecasters). */
    public static final String MAE = "mae";

    /** Root mean squared error in the target's units (regressors). */
    public static final String RMSE = "rmse";

    /** Mean squared reconstruction error in holdout standard deviations (autoencoders). */
    public static final String RECONSTRUCTION_ERROR = "reconstruction_error";

    private final ModelFamily family;
    private final List<FeedbackRow> holdout;
    private final Map<String, Double> scale;

    /** An evaluator of {@code family} models on {@code holdout} (time-ordered rows). */
    public HoldoutEvaluator(ModelFamily family, List<FeedbackRow> holdout) {
        this.family = family;
        this.holdout = List.copyOf(holdout);
        this.scale = family == ModelFamily.AUTOENCODER ? numericScale(holdout) : Map.of();
    }

    /** The metric the gate compares for {@code family}. */
    public static String primaryMetric(ModelFamily family) {
        return switch (family) {
            case MLP_CLASSIFIER -> F1;
            case MLP_REGRESSOR, FORECASTER -> MAE;
            case AUTOENCODER -> RECONSTRUCTION_ERROR;
        };
    }

    /** {@code metrics} without its missing, NaN and infinite figures, in the same order. */
    public static Map<String, Double> finite(Map<String, Double> metrics) {
        Map<String, Double> out = new LinkedHashMap<>();
        metrics.forEach(
                (k, v) -> {
                    if (v != null && Double.isFinite(v)) {
                        out.put(k, v);
                    }
                });
        return out;
    }

    /** Whether a larger {@link #primaryMetric} is better. */
    public static boolean higherIsBetter(ModelFamily family) {
        return family == ModelFamily.MLP_CLASSIFIER;
    }

    /** The model's figures on the holdout. */
    public Map<String, Double> evaluate(TrainedModel model) {
        return switch (family) {
            case MLP_CLASSIFIER -> classification(model.predictClasses(holdout));
            case MLP_REGRESSOR -> regression(model.predictValues(holdout));
            case AUTOENCODER ->
                    Map.of(RECONSTRUCTION_ERROR, mean(model.reconstructionErrors(holdout, scale)));
            case FORECASTER -> {
                double[][] forecast = model.forecast(holdout);
                yield Map.of(MAE, meanAbsoluteError(forecast[0], forecast[1]));
            }
        };
    }

    /**
     * The trivial baseline's figures on the holdout, fitted on {@code training}: the majority
     * class, the mean outcome, or the mean of each feature.
     *
     * @param forecastWindow past rows per forecaster window (forecasters only)
     * @param forecastHorizon future values per forecaster window (forecasters only)
     */
    public Map<String, Double> baseline(
            List<FeedbackRow> training, int forecastWindow, int forecastHorizon) {
        return switch (family) {
            case MLP_CLASSIFIER -> {
                Map<String, Integer> counts = new TreeMap<>();
                for (FeedbackRow row : training) {
                    counts.merge(FeatureEncoder.category(row.actual()), 1, Integer::sum);
                }
                String majority =
                        counts.entrySet().stream()
                                .max(Map.Entry.comparingByValue())
                                .map(Map.Entry::getKey)
                                .orElse("");
                yield classification(java.util.Collections.nCopies(holdout.size(), majority));
            }
            case MLP_REGRESSOR -> {
                double mean =
                        training.stream()
                                .mapToDouble(FeedbackRow::numericActual)
                                .average()
                                .orElse(0);
                double[] predicted = new double[holdout.size()];
                java.util.Arrays.fill(predicted, mean);
                yield regression(predicted);
            }
            case AUTOENCODER -> {
                Map<String, double[]> sums = new HashMap<>();
                for (FeedbackRow row : training) {
                    row.features()
                            .forEach(
                                    (name, value) -> {
                                        if (value instanceof Number n) {
                                            double[] s =
                                                    sums.computeIfAbsent(name, k -> new double[2]);
                                            s[0] += n.doubleValue();
                                            s[1]++;
                                        }
                                    });
                }
                double[] errors = new double[holdout.size()];
                for (int i = 0; i < holdout.size(); i++) {
                    double sum = 0;
                    int n = 0;
                    for (Map.Entry<String, Object> e : holdout.get(i).features().entrySet()) {
                        double[] s = sums.get(e.getKey());
                        if (s != null && e.getValue() instanceof Number value) {
                            double d =
                                    (value.doubleValue() - s[0] / s[1])
                                            / scale.getOrDefault(e.getKey(), 1.0);
                            sum += d * d;
                            n++;
                        }
                    }
                    errors[i] = n == 0 ? 0 : sum / n;
                }
                yield Map.of(RECONSTRUCTION_ERROR, mean(errors));
            }
            case FORECASTER -> {
                double mean =
                        training.stream()
                                .mapToDouble(FeedbackRow::numericActual)
                                .average()
                                .orElse(0);
                int windows = Math.max(0, holdout.size() - forecastWindow - forecastHorizon + 1);
                double sum = 0;
                for (int e = 0; e < windows; e++) {
                    for (int h = 0; h < forecastHorizon; h++) {
                        sum += Math.abs(holdout.get(e + forecastWindow + h).numericActual() - mean);
                    }
                }
                yield Map.of(
                        MAE,
                        windows == 0 ? Double.NaN : sum / ((double) windows * forecastHorizon));
            }
        };
    }

    private Map<String, Double> classification(List<String> predicted) {
        TreeSet<String> labels = new TreeSet<>(predicted);
        Map<String, int[]> counts = new HashMap<>(); // tp, fp, fn
        int correct = 0;
        for (int i = 0; i < holdout.size(); i++) {
            String actual = FeatureEncoder.category(holdout.get(i).actual());
            String guess = predicted.get(i);
            labels.add(actual);
            if (actual.equals(guess)) {
                correct++;
                counts.computeIfAbsent(actual, k -> new int[3])[0]++;
            } else {
                counts.computeIfAbsent(guess, k -> new int[3])[1]++;
                counts.computeIfAbsent(actual, k -> new int[3])[2]++;
            }
        }
        double f1Sum = 0;
        for (String label : labels) {
            int[] c = counts.getOrDefault(label, new int[3]);
            int denominator = 2 * c[0] + c[1] + c[2];
            f1Sum += denominator == 0 ? 0 : 2.0 * c[0] / denominator;
        }
        double f1 = labels.isEmpty() ? 0 : f1Sum / labels.size();
        double accuracy = holdout.isEmpty() ? 0 : (double) correct / holdout.size();
        return Map.of(F1, f1, ACCURACY, accuracy);
    }

    private Map<String, Double> regression(double[] predicted) {
        double[] actual = new double[holdout.size()];
        double squares = 0;
        for (int i = 0; i < actual.length; i++) {
            actual[i] = holdout.get(i).numericActual();
            squares += (predicted[i] - actual[i]) * (predicted[i] - actual[i]);
        }
        return Map.of(
                MAE, meanAbsoluteError(predicted, actual),
                RMSE, Math.sqrt(squares / Math.max(1, actual.length)));
    }

    private static double meanAbsoluteError(double[] predicted, double[] actual) {
        if (predicted.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < predicted.length; i++) {
            sum += Math.abs(predicted[i] - actual[i]);
        }
        return sum / predicted.length;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? Double.NaN : sum / values.length;
    }

    /** Standard deviation of each numeric feature over the holdout (1 where it is 0). */
    private static Map<String, Double> numericScale(List<FeedbackRow> rows) {
        Map<String, double[]> moments = new HashMap<>();
        for (FeedbackRow row : rows) {
            row.features()
                    .forEach(
                            (name, value) -> {
                                if (value instanceof Number n) {
                                    double[] m = moments.computeIfAbsent(name, k -> new double[3]);
                                    double x = n.doubleValue();
                                    m[0]++;
                                    m[1] += x;
                                    m[2] += x * x;
                                }
                            });
        }
        Map<String, Double> scale = new HashMap<>();
        moments.forEach(
                (name, m) -> {
                    double mean = m[1] / m[0];
                    double std = Math.sqrt(Math.max(0, m[2] / m[0] - mean * mean));
                    scale.put(name, std > 1e-12 ? std : 1.0);
                });
        return scale;
    }
}
