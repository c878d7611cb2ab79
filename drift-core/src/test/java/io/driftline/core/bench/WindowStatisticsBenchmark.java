package io.driftline.core.bench;

import io.driftline.core.drift.FeatureDriftStatistics;
import io.driftline.core.drift.PopulationStabilityIndex;
import io.driftline.core.drift.SharedBins;
import io.driftline.core.summary.FeatureSummary;
import io.driftline.core.summary.SummaryConfig;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of all drift statistics for one feature's window against its reference: numeric (PSI, JS,
 * Hellinger, KS, Wasserstein on estimating KLL sketches; {@code drift.window.numeric}) and
 * categorical (PSI, JS, Hellinger, chi-square over 50 categories; {@code
 * drift.window.categorical}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WindowStatisticsBenchmark {

    private FeatureSummary numericReference;
    private FeatureSummary numericWindow;
    private FeatureSummary categoricalReference;
    private FeatureSummary categoricalWindow;

    /** Reference of 200k values and a window of 50k, shifted, so both sketches estimate. */
    @Setup
    public void setUp() {
        Random random = new Random(42);
        SummaryConfig config = SummaryConfig.defaults();
        numericReference = new FeatureSummary(config);
        numericWindow = new FeatureSummary(config);
        categoricalReference = new FeatureSummary(config);
        categoricalWindow = new FeatureSummary(config);
        for (int i = 0; i < 200_000; i++) {
            numericReference.addNumeric(random.nextGaussian());
            categoricalReference.addCategory("c" + (int) (50 * Math.pow(random.nextDouble(), 2)));
        }
        for (int i = 0; i < 50_000; i++) {
            numericWindow.addNumeric(random.nextGaussian() * 1.1 + 0.2);
            categoricalWindow.addCategory("c" + (int) (50 * Math.pow(random.nextDouble(), 1.5)));
        }
    }

    /** All statistics of one numeric feature. */
    @Benchmark
    public Optional<FeatureDriftStatistics> numeric() {
        return FeatureDriftStatistics.compare(
                numericReference,
                numericWindow,
                SharedBins.DEFAULT_BINS,
                PopulationStabilityIndex.DEFAULT_EPSILON);
    }

    /** All statistics of one categorical feature. */
    @Benchmark
    public Optional<FeatureDriftStatistics> categorical() {
        return FeatureDriftStatistics.compare(
                categoricalReference,
                categoricalWindow,
                SharedBins.DEFAULT_BINS,
                PopulationStabilityIndex.DEFAULT_EPSILON);
    }
}
