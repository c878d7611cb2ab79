package io.driftline.core.performance;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * Mergeable per-window error statistics giving MAE and RMSE, finite for any finite inputs: the mean
 * absolute error is kept as a running mean and the squared errors as a scaled sum (the way BLAS's
 * {@code dnrm2} avoids overflow), so predictions of 1e200 give an RMSE of about 1e200, not
 * Infinity. An error too large for a double (e.g. 1e308 - -1e308) is clamped to {@link
 * Double#MAX_VALUE} and counted in {@link #clamped()}.
 */
public final class RegressionAccumulator {

    private long count;
    private long clamped;
    private double meanAbsoluteError;

    /** The largest absolute error seen; squared errors are summed as (e / scale)^2. */
    private double scale;

    private double scaledSumOfSquares;

    /** Counts one labelled prediction; both values must be finite. */
    public void add(double actual, double predicted) {
        if (!Double.isFinite(actual) || !Double.isFinite(predicted)) {
            throw new IllegalArgumentException(
                    "actual and predicted must be finite, got " + actual + " and " + predicted);
        }
        double error = Math.abs(predicted - actual);
        if (!Double.isFinite(error)) {
            error = Double.MAX_VALUE;
            clamped++;
        }
        count++;
        meanAbsoluteError += (error - meanAbsoluteError) / count;
        addSquare(error, 1.0);
    }

    /** Adds {@code weight} squared errors of size {@code error} to the scaled sum. */
    private void addSquare(double error, double weight) {
        if (error == 0) {
            return;
        }
        if (error > scale) {
            double ratio = scale / error;
            scaledSumOfSquares = scaledSumOfSquares * ratio * ratio + weight;
            scale = error;
        } else {
            double ratio = error / scale;
            scaledSumOfSquares += weight * ratio * ratio;
        }
    }

    /** Adds the statistics of {@code other}. */
    public void merge(RegressionAccumulator other) {
        if (other.count == 0) {
            return;
        }
        long total = count + other.count;
        meanAbsoluteError =
                meanAbsoluteError * ((double) count / total)
                        + other.meanAbsoluteError * ((double) other.count / total);
        if (other.scale > 0) {
            addSquare(other.scale, other.scaledSumOfSquares);
        }
        count = total;
        clamped += other.clamped;
    }

    /** Labelled predictions counted. */
    public long count() {
        return count;
    }

    /** Errors too large for a double, counted as {@link Double#MAX_VALUE}. */
    public long clamped() {
        return clamped;
    }

    /** Mean absolute error; 0 when empty. */
    public double mae() {
        return count == 0 ? 0 : meanAbsoluteError;
    }

    /** Root mean squared error; 0 when empty. */
    public double rmse() {
        return count == 0 ? 0 : scale * Math.sqrt(scaledSumOfSquares / count);
    }

    /** Writes the statistics (format 2: count, clamped, mean absolute error, scale, scaled sum). */
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(count);
        out.writeLong(clamped);
        out.writeDouble(meanAbsoluteError);
        out.writeDouble(scale);
        out.writeDouble(scaledSumOfSquares);
    }

    /** Reads statistics written by {@link #writeTo}. */
    public static RegressionAccumulator readFrom(DataInput in) throws IOException {
        RegressionAccumulator acc = new RegressionAccumulator();
        acc.count = in.readLong();
        acc.clamped = in.readLong();
        acc.meanAbsoluteError = in.readDouble();
        acc.scale = in.readDouble();
        acc.scaledSumOfSquares = in.readDouble();
        return acc;
    }

    /** Reads the plain sums of format 1 (count, sum of absolute errors, sum of squares). */
    public static RegressionAccumulator readLegacyFrom(DataInput in) throws IOException {
        RegressionAccumulator acc = new RegressionAccumulator();
        long count = in.readLong();
        double sumAbsolute = in.readDouble();
        double sumSquares = in.readDouble();
        acc.count = count;
        if (count > 0) {
            acc.meanAbsoluteError = sumAbsolute / count;
            if (sumSquares > 0) {
                acc.scale = 1.0;
                acc.scaledSumOfSquares = sumSquares;
            }
        }
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
