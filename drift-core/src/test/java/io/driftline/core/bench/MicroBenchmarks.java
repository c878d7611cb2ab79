package io.driftline.core.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs Driftline's JMH micro-benchmarks (average time, ns/op) and prints one line per benchmark,
 * {@code <name> <ns> ns/op}, with the display names of a fixed table; benchmarks whose class is not
 * on the classpath are skipped.
 *
 * <p>{@code java -cp <operators test classpath> io.driftline.core.bench.MicroBenchmarks [--quick]
 * [--forks N] [--warmup-iterations N] [--warmup-time MS] [--iterations N] [--time MS] [--include
 * REGEX] [--verbose] [--list]}
 *
 * <p>Defaults: 1 fork, 3 × 1 s warm-up, 5 × 1 s measurement. {@code --quick}: 1 fork, 2 × 200 ms
 * warm-up, 3 × 200 ms measurement. {@code --include} filters on display names (e.g. {@code
 * detector\.}).
 */
public final class MicroBenchmarks {

    private static final String PACKAGE = "io.driftline.core.bench.";

    /** Display name to benchmark class (simple name) and method. */
    static final Map<String, String> BENCHMARKS = new LinkedHashMap<>();

    static {
        BENCHMARKS.put("sketch.kll.update", "KllSketchBenchmark.update");
        BENCHMARKS.put("drift.window.numeric", "WindowStatisticsBenchmark.numeric");
        BENCHMARKS.put("drift.window.categorical", "WindowStatisticsBenchmark.categorical");
        BENCHMARKS.put("contract.parse.feedback", "FeedbackPathBenchmark.parse");
        BENCHMARKS.put("contract.event_time.scan", "FeedbackPathBenchmark.eventTimeScan");
        BENCHMARKS.put("window.observe", "FeedbackPathBenchmark.observe");
        BENCHMARKS.put("detector.adwin.update", "DetectorBenchmark.adwinUpdate");
        BENCHMARKS.put("detector.page_hinkley.update", "DetectorBenchmark.pageHinkleyUpdate");
        BENCHMARKS.put("detector.ddm.update", "DetectorBenchmark.ddmUpdate");
        BENCHMARKS.put("detector.eddm.update", "DetectorBenchmark.eddmUpdate");
        BENCHMARKS.put("detector.hddm_a.update", "DetectorBenchmark.hddmAUpdate");
        BENCHMARKS.put("detector.hddm_w.update", "DetectorBenchmark.hddmWUpdate");
        BENCHMARKS.put("detector.kswin.update", "DetectorBenchmark.kswinUpdate");
        BENCHMARKS.put("detector.cusum.update", "DetectorBenchmark.cusumUpdate");
    }

    private MicroBenchmarks() {}

    /** Parses the arguments, runs the selected benchmarks and prints their scores. */
    public static void main(String[] args) throws RunnerException {
        int forks = 1;
        int warmupIterations = 3;
        long warmupMillis = 1_000;
        int iterations = 5;
        long millis = 1_000;
        Pattern include = Pattern.compile(".*");
        boolean verbose = false;
        boolean list = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> {
                    forks = 1;
                    warmupIterations = 2;
                    warmupMillis = 200;
                    iterations = 3;
                    millis = 200;
                }
                case "--forks" -> forks = Integer.parseInt(value(args, ++i));
                case "--warmup-iterations" -> warmupIterations = Integer.parseInt(value(args, ++i));
                case "--warmup-time" -> warmupMillis = Long.parseLong(value(args, ++i));
                case "--iterations" -> iterations = Integer.parseInt(value(args, ++i));
                case "--time" -> millis = Long.parseLong(value(args, ++i));
                case "--include" -> include = Pattern.compile(value(args, ++i));
                case "--verbose" -> verbose = true;
                case "--list" -> list = true;
                default ->
                        throw new IllegalArgumentException(
                                String.format(
                                        "Unknown argument %s; expected --quick, --forks N, --warmup-iterations N,"
                                                + " --warmup-time MS, --iterations N, --time MS, --include REGEX,"
                                                + " --verbose or --list",
                                        args[i]));
            }
        }
        Map<String, String> selected = available(include);
        if (list) {
            selected.keySet().forEach(System.out::println);
            return;
        }
        if (selected.isEmpty()) {
            throw new IllegalArgumentException(
                    String.format("No benchmark on the classpath matches %s", include));
        }
        ChainedOptionsBuilder options =
                new OptionsBuilder()
                        .forks(forks)
                        .warmupIterations(warmupIterations)
                        .warmupTime(TimeValue.milliseconds(warmupMillis))
                        .measurementIterations(iterations)
                        .measurementTime(TimeValue.milliseconds(millis))
                        // every line is ns/op, whatever unit a benchmark class declares
                        .mode(Mode.AverageTime)
                        .timeUnit(TimeUnit.NANOSECONDS)
                        .verbosity(verbose ? VerboseMode.NORMAL : VerboseMode.SILENT);
        for (String fqn : selected.values()) {
            options.include("^" + Pattern.quote(fqn) + "$");
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, String> names = new LinkedHashMap<>();
        selected.forEach((name, fqn) -> names.put(fqn, name));
        List<String> lines = new ArrayList<>();
        for (String fqn : selected.values()) {
            for (RunResult result : results) {
                if (result.getParams().getBenchmark().equals(fqn)) {
                    lines.add(
                            String.format(
                                    Locale.ROOT,
                                    "%s %.1f ns/op",
                                    names.get(fqn),
                                    result.getPrimaryResult().getScore()));
                }
            }
        }
        lines.forEach(System.out::println);
    }

    /** The table's benchmarks whose class is on the classpath and whose name matches. */
    static Map<String, String> available(Pattern include) {
        Map<String, String> available = new LinkedHashMap<>();
        BENCHMARKS.forEach(
                (name, target) -> {
                    String fqn = PACKAGE + target;
                    String className = fqn.substring(0, fqn.lastIndexOf('.'));
                    if (include.matcher(name).find() && loadable(className)) {
                        available.put(name, fqn);
                    }
                });
        return available;
    }

    private static boolean loadable(String className) {
        try {
            Class.forName(className, false, MicroBenchmarks.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(String.format("%s needs a value", args[i - 1]));
        }
        return args[i];
    }
}
