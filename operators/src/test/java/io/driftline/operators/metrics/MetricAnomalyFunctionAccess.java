package io.driftline.operators.metrics;

/** Opens {@link MetricAnomalyFunction}'s package-private arithmetic to tests in other packages. */
public final class MetricAnomalyFunctionAccess {

    private MetricAnomalyFunctionAccess() {}

    public static double runningMean(double mean, double value, double n) {
        return MetricAnomalyFunction.runningMean(mean, value, n);
    }
}
