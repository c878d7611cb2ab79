package io.driftline.operators.performance;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;

/** Mergeable per-window sums of absolute and squared errors, giving MAE and RMSE. */
public final class RegressionAccumulator {

    private long count;
    private double sumAbsoluteError;
    private double sumSquaredError;

    /** Counts one labelled prediction; both values must be finite. */
    public void add(double actual, double predicted) {
        if (!Double.isFinite(actual) || !Double.isFinite(predicted)) {
            throw new IllegalArgumentException(
                    "actual and predicted must be finite, got " + actual + " and " + predicted);
        }
        double error = predicted - actual;
        count++;
        sumAbsoluteError += Math.abs(error);
        sumSquaredError += error * error;
    }

    /** Adds the sums of {@code other}. */
    public void merge(RegressionAccumulator other) {
        count += other.count;
        sumAbsoluteError += other.sumAbsoluteError;
        sumSquaredError += other.sumSquaredError;
    }

    /** Labelled predictions counted. */
    public long count() {
        return count;
    }

    /** Mean absolute error; 0 when empty. */
    public double mae() {
        return count == 0 ? 0 : sumAbsoluteError / count;
    }

    /** Root mean squared error; 0 when empty. */
    public double rmse() {
        return count == 0 ? 0 : Math.sqrt(sumSquaredError / count);
    }

    /** Writes the sums. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(count);
        out.writeDouble(sumAbsoluteError);
        out.writeDouble(sumSquaredError);
    }

    /** Reads sums written by {@link #writeTo}. */
    public static RegressionAccumulator readFrom(DataInput in) throws IOException {
        RegressionAccumulator acc = new RegressionAccumulator();
        acc.count = in.readLong();
        acc.sumAbsoluteError = in.readDouble();
        acc.sumSquaredError = in.readDouble();
        return acc;
    }

    /** MAE and RMSE. */
    public Map<PerformanceMetric, Double> metrics() {
        EnumMap<PerformanceMetric, Double> m = new EnumMap<>(PerformanceMetric.class);
        m.put(PerformanceMetric.MAE, mae());
        m.put(PerformanceMetric.RMSE, rmse());
        return m;
    }
}
