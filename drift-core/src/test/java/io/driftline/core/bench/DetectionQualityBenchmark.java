package io.driftline.core.bench;

import io.driftline.core.detect.ChangeDetector;
import io.driftline.core.detect.DetectionExperiment;
import io.driftline.core.detect.DetectionExperiment.AbruptResult;
import io.driftline.core.detect.adwin.AdwinDetector;
import io.driftline.core.detect.cusum.CusumDetector;
import io.driftline.core.detect.ddm.DdmDetector;
import io.driftline.core.detect.eddm.EddmDetector;
import io.driftline.core.detect.hddm.HddmADetector;
import io.driftline.core.detect.hddm.HddmWDetector;
import io.driftline.core.detect.kswin.KswinDetector;
import io.driftline.core.detect.pagehinkley.PageHinkleyDetector;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Prints the detection-quality table of every change detector at its defaults: Bernoulli error
 * streams with an abrupt change at t = 20,000, over seeded runs (default 200; first argument
 * overrides; the second sets the horizon after the change, default 10,000; the third restricts the
 * table to one detector), with the mean delay, false alarms per run before the change and missed
 * changes.
 *
 * <p>{@code java -cp <operators test classpath> io.driftline.core.bench.DetectionQualityBenchmark
 * [runs] [horizon] [detector]}
 */
public final class DetectionQualityBenchmark {

    /** Observation at which the error rate changes. */
    public static final int CHANGE_AT = 20_000;

    private DetectionQualityBenchmark() {}

    /** The detectors at their defaults, by display name. */
    public static Map<String, Supplier<ChangeDetector>> detectors() {
        Map<String, Supplier<ChangeDetector>> detectors = new LinkedHashMap<>();
        detectors.put("adwin", AdwinDetector::new);
        detectors.put("page_hinkley", PageHinkleyDetector::new);
        detectors.put("ddm", DdmDetector::new);
        detectors.put("eddm", EddmDetector::new);
        detectors.put("hddm_a", HddmADetector::new);
        detectors.put("hddm_w", HddmWDetector::new);
        detectors.put("kswin", KswinDetector::new);
        detectors.put("cusum", CusumDetector::new);
        return detectors;
    }

    /** Runs the experiment and prints the table. */
    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int horizon = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        double[][] changes = {{0.2, 0.5}, {0.2, 0.3}};
        System.out.printf(
                Locale.ROOT,
                "%-13s %-9s %12s %16s %8s%n",
                "detector",
                "change",
                "mean delay",
                "false alarms/run",
                "missed");
        String only = args.length > 2 ? args[2] : null;
        for (Map.Entry<String, Supplier<ChangeDetector>> entry : detectors().entrySet()) {
            if (only != null && !only.equals(entry.getKey())) {
                continue;
            }
            for (double[] change : changes) {
                AbruptResult r =
                        DetectionExperiment.abruptBernoulli(
                                entry.getValue(),
                                change[0],
                                change[1],
                                CHANGE_AT,
                                horizon,
                                runs,
                                1L);
                System.out.printf(
                        Locale.ROOT,
                        "%-13s %.1f->%.1f %12.1f %16.3f %5d/%d%n",
                        entry.getKey(),
                        change[0],
                        change[1],
                        r.meanDelay(),
                        r.falseAlarmsPerRun(),
                        r.missed(),
                        runs);
            }
        }
    }
}
