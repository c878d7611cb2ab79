package io.driftline.core.bench;

import io.driftline.core.detect.ChangeSignal;
import io.driftline.core.detect.adwin.AdwinDetector;
import io.driftline.core.detect.cusum.CusumDetector;
import io.driftline.core.detect.ddm.DdmDetector;
import io.driftline.core.detect.eddm.EddmDetector;
import io.driftline.core.detect.hddm.HddmADetector;
import io.driftline.core.detect.hddm.HddmWDetector;
import io.driftline.core.detect.kswin.KswinDetector;
import io.driftline.core.detect.pagehinkley.PageHinkleyDetector;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH benchmarks of one {@code update} of each change detector at its defaults, on pre-generated
 * stationary streams read from an array, so the random generator is not measured: a Bernoulli(0.2)
 * error stream for all detectors but KSWIN, which gets N(0, 1) values.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class DetectorBenchmark {

    private static final int MASK = (1 << 16) - 1;

    private final double[] errors = new double[MASK + 1];
    private final double[] gaussians = new double[MASK + 1];
    private int next;

    private AdwinDetector adwin;
    private PageHinkleyDetector pageHinkley;
    private DdmDetector ddm;
    private EddmDetector eddm;
    private HddmADetector hddmA;
    private HddmWDetector hddmW;
    private KswinDetector kswin;
    private CusumDetector cusum;

    /** Generates the streams and creates fresh detectors for each trial. */
    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        Random gaussian = new Random(42);
        for (int i = 0; i <= MASK; i++) {
            errors[i] = random.nextDouble() < 0.2 ? 1.0 : 0.0;
            gaussians[i] = gaussian.nextGaussian();
        }
        adwin = new AdwinDetector();
        pageHinkley = new PageHinkleyDetector();
        ddm = new DdmDetector();
        eddm = new EddmDetector();
        hddmA = new HddmADetector();
        hddmW = new HddmWDetector();
        kswin = new KswinDetector();
        cusum = new CusumDetector();
    }

    private double nextError() {
        return errors[next++ & MASK];
    }

    private double nextGaussian() {
        return gaussians[next++ & MASK];
    }

    @Benchmark
    public ChangeSignal adwinUpdate() {
        return adwin.update(nextError());
    }

    @Benchmark
    public ChangeSignal pageHinkleyUpdate() {
        return pageHinkley.update(nextError());
    }

    @Benchmark
    public ChangeSignal ddmUpdate() {
        return ddm.update(nextError());
    }

    @Benchmark
    public ChangeSignal eddmUpdate() {
        return eddm.update(nextError());
    }

    @Benchmark
    public ChangeSignal hddmAUpdate() {
        return hddmA.update(nextError());
    }

    @Benchmark
    public ChangeSignal hddmWUpdate() {
        return hddmW.update(nextError());
    }

    @Benchmark
    public ChangeSignal kswinUpdate() {
        return kswin.update(nextGaussian());
    }

    @Benchmark
    public ChangeSignal cusumUpdate() {
        return cusum.update(nextError());
    }
}
