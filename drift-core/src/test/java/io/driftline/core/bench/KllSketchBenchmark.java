package io.driftline.core.bench;

import io.driftline.core.sketch.NumericSketch;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Cost of one value into a warm default-k KLL sketch (display name {@code sketch.kll.update}). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KllSketchBenchmark {

    private static final int VALUES = 1 << 16;

    private NumericSketch sketch;
    private double[] values;
    private int next;

    /** Fills the sketch with a million values so it is in its steady compacting state. */
    @Setup
    public void setUp() {
        Random random = new Random(42);
        sketch = new NumericSketch();
        for (int i = 0; i < 1_000_000; i++) {
            sketch.update(random.nextGaussian());
        }
        values = new double[VALUES];
        for (int i = 0; i < VALUES; i++) {
            values[i] = random.nextGaussian();
        }
    }

    /** One update. */
    @Benchmark
    public void update() {
        sketch.update(values[next]);
        next = (next + 1) & (VALUES - 1);
    }
}
