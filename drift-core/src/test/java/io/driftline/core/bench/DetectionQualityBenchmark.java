package io.driftline.core.bench;

import io.driftline.core.bench.ConceptDriftStreams.Drift;
import io.driftline.core.bench.ConceptDriftStreams.Score;
import io.driftline.core.detect.ChangeDetector;
import io.driftline.core.detect.DetectionExperiment;
import io.driftline.core.detect.DetectionExperiment.AbruptResult;
import io.driftline.core.detect.adwin.AdwinConfig;
import io.driftline.core.detect.adwin.AdwinDetector;
import io.driftline.core.detect.cusum.CusumDetector;
import io.driftline.core.detect.ddm.DdmDetector;
import io.driftline.core.detect.eddm.EddmDetector;
import io.driftline.core.detect.hddm.HddmADetector;
import io.driftline.core.detect.hddm.HddmWDetector;
import io.driftline.core.detect.kswin.KswinConfig;
import io.driftline.core.detect.kswin.KswinDetector;
import io.driftline.core.detect.pagehinkley.PageHinkleyDetector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Prints the detection-quality tables of the change detectors at their defaults, as markdown.
 *
 * <ol>
 *   <li>Bernoulli error streams: rate 0.2 for 20,000 observations, then 0.5 or 0.3 (a rise) or,
 *       from 0.3, 0.2 (a fall, which a one-sided detector must not signal: its drifts after the
 *       fall are only its false alarms at rate 0.2), over seeded runs; mean delay, false alarms per
 *       run before the change, and missed changes (for a fall, runs with any drift after it).
 *   <li>Concept-drift error streams ({@link ConceptDriftStreams}): the prequential 0/1 error of an
 *       incremental naive Bayes on SEA, Agrawal and rotating-hyperplane concepts with 3 changes,
 *       abrupt or gradual, and on the same generators without a change; per detector and stream,
 *       TPR (changes detected within the horizon), mean delay, false alarms per 100,000
 *       observations (signals not within the horizon after a change) and the stationary streams'
 *       false alarms per 100,000, then a summary against the target TPR ≥ 0.95 with ≤ 0.8 false
 *       alarms per 100,000 on abrupt and on gradual changes.
 * </ol>
 *
 * <p>{@code ./driftline bench detection [runs] [horizon] [detector] [--seeds N] [--length N]
 * [--concept-horizon N] [--only bernoulli|concepts]}: runs (default 200) and horizon (default
 * 10,000) of the Bernoulli table; one detector (or variant) only; seeds (default 10), stream length
 * (default 30,000) and horizon (default 2,000) of the concept-drift tables. The defaults take a few
 * minutes on two cores.
 */
public final class DetectionQualityBenchmark {

    /** Observation at which the error rate changes in the Bernoulli table. */
    public static final int CHANGE_AT = 20_000;

    /** The target of a default error-stream detector: the least TPR. */
    static final double TARGET_TPR = 0.95;

    /** The target of a default error-stream detector: the most false alarms per 100,000. */
    static final double TARGET_FALSE_ALARMS = 0.8;

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

    /**
     * The defaults and, for comparison, the configurations they replaced and ADWIN with the δ that
     * meets the target on the concept-drift streams.
     */
    public static Map<String, Supplier<ChangeDetector>> variants() {
        Map<String, Supplier<ChangeDetector>> variants = new LinkedHashMap<>(detectors());
        variants.put(
                "adwin_two_sided",
                () -> new AdwinDetector(AdwinConfig.defaults().withTwoSided(true)));
        variants.put(
                "adwin_delta_0.03",
                () -> new AdwinDetector(AdwinConfig.defaults().withDelta(0.03)));
        variants.put("kswin_paper", () -> new KswinDetector(KswinConfig.paper()));
        return variants;
    }

    /** Runs the experiments and prints the tables. */
    public static void main(String[] args) {
        List<String> positional = new ArrayList<>();
        int seeds = 10;
        int length = 30_000;
        int conceptHorizon = 2_000;
        String only = "all";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = Integer.parseInt(args[++i]);
                case "--length" -> length = Integer.parseInt(args[++i]);
                case "--concept-horizon" -> conceptHorizon = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                default -> positional.add(args[i]);
            }
        }
        int runs = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 200;
        int horizon = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 10_000;
        String detector = positional.size() > 2 ? positional.get(2) : null;
        Map<String, Supplier<ChangeDetector>> chosen = new LinkedHashMap<>();
        for (Map.Entry<String, Supplier<ChangeDetector>> e : variants().entrySet()) {
            if (detector == null || detector.equals(e.getKey())) {
                chosen.put(e.getKey(), e.getValue());
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException(
                    String.format(
                            "Unknown detector '%s'; known: %s", detector, variants().keySet()));
        }
        if (!only.equals("concepts")) {
            bernoulli(chosen, runs, horizon);
        }
        if (!only.equals("bernoulli")) {
            concepts(chosen, seeds, length, conceptHorizon);
        }
    }

    private static void bernoulli(
            Map<String, Supplier<ChangeDetector>> detectors, int runs, int horizon) {
        System.out.printf(
                Locale.ROOT,
                "### Bernoulli error streams (change at %,d, %d runs, horizon %,d)%n%n",
                CHANGE_AT,
                runs,
                horizon);
        System.out.println(
                "| detector | change | mean delay | false alarms / run before the change"
                        + " | missed (a fall: runs with a drift within the horizon,"
                        + " false alarms included) |");
        System.out.println("|---|---|---|---|---|");
        double[][] changes = {{0.2, 0.5}, {0.2, 0.3}, {0.3, 0.2}};
        for (Map.Entry<String, Supplier<ChangeDetector>> entry : detectors.entrySet()) {
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
                boolean fall = change[1] < change[0];
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %.1f→%.1f | %s | %.3f | %s |%n",
                        entry.getKey(),
                        change[0],
                        change[1],
                        Double.isNaN(r.meanDelay()) ? "—" : String.format("%.1f", r.meanDelay()),
                        r.falseAlarmsPerRun(),
                        fall
                                ? String.format("%d/%d with a drift", runs - r.missed(), runs)
                                : String.format("%d/%d", r.missed(), runs));
            }
        }
        System.out.println();
    }

    private static void concepts(
            Map<String, Supplier<ChangeDetector>> detectors, int seeds, int length, int horizon) {
        int[] changes = ConceptDriftStreams.changePoints(length, 3);
        int[] none = new int[0];
        String[] names = {"sea", "agrawal", "hyperplane"};
        Drift[] drifts = {Drift.ABRUPT, Drift.GRADUAL, Drift.NONE};
        // scores[detector][generator][drift], summed over the seeds
        Map<String, Score[][]> scores = new LinkedHashMap<>();
        for (String name : detectors.keySet()) {
            Score[][] s = new Score[names.length][drifts.length];
            for (Score[] row : s) {
                java.util.Arrays.fill(row, ConceptDriftStreams.noScore());
            }
            scores.put(name, s);
        }
        double[][] meanError = new double[names.length][drifts.length];
        // the learner's error in the 1,000 observations before and after the abrupt changes
        double[][] around = new double[names.length][2];
        for (int seed = 1; seed <= seeds; seed++) {
            ConceptGenerator[] generators = ConceptDriftStreams.generators(seed);
            for (int g = 0; g < generators.length; g++) {
                for (int d = 0; d < drifts.length; d++) {
                    int[] points = drifts[d] == Drift.NONE ? none : changes;
                    byte[] errors =
                            ConceptDriftStreams.errors(
                                    generators[g], drifts[d], length, points, seed);
                    long sum = 0;
                    for (byte e : errors) {
                        sum += e;
                    }
                    meanError[g][d] += (double) sum / length / seeds;
                    if (drifts[d] == Drift.ABRUPT) {
                        for (int c : changes) {
                            for (int t = Math.max(0, c - 1_000); t < c; t++) {
                                around[g][0] += errors[t] / (1_000.0 * changes.length * seeds);
                            }
                            for (int t = c; t < Math.min(length, c + 1_000); t++) {
                                around[g][1] += errors[t] / (1_000.0 * changes.length * seeds);
                            }
                        }
                    }
                    for (Map.Entry<String, Supplier<ChangeDetector>> entry : detectors.entrySet()) {
                        Score score =
                                ConceptDriftStreams.score(
                                        entry.getValue().get(), errors, points, horizon);
                        Score[][] s = scores.get(entry.getKey());
                        s[g][d] = s[g][d].plus(score);
                    }
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "### Concept-drift error streams (%d seeds × %,d observations, changes at %s,"
                        + " horizon %,d, gradual width %,d; learner: naive Bayes, %d bins,"
                        + " memory %,.0f)%n%n",
                seeds,
                length,
                java.util.Arrays.toString(changes),
                horizon,
                ConceptDriftStreams.GRADUAL_WIDTH,
                ConceptDriftStreams.BINS,
                ConceptDriftStreams.MEMORY);
        System.out.println("Mean prequential error of the learner:");
        System.out.println();
        System.out.println(
                "| stream | abrupt | gradual | no change | 1,000 before an abrupt change"
                        + " | 1,000 after |");
        System.out.println("|---|---|---|---|---|---|");
        for (int g = 0; g < names.length; g++) {
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %.3f | %.3f | %.3f | %.3f | %.3f |%n",
                    names[g],
                    meanError[g][0],
                    meanError[g][1],
                    meanError[g][2],
                    around[g][0],
                    around[g][1]);
        }
        System.out.println();
        System.out.println(
                "| detector | stream | drift | TPR | mean delay | false alarms / 100k"
                        + " | stationary false alarms / 100k |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Map.Entry<String, Score[][]> entry : scores.entrySet()) {
            Score[][] s = entry.getValue();
            for (int g = 0; g < names.length; g++) {
                for (int d = 0; d < 2; d++) {
                    System.out.printf(
                            Locale.ROOT,
                            "| %s | %s | %s | %.3f | %s | %.2f | %.2f |%n",
                            entry.getKey(),
                            names[g],
                            drifts[d].name().toLowerCase(Locale.ROOT),
                            s[g][d].truePositiveRate(),
                            delay(s[g][d]),
                            s[g][d].falseAlarmsPer100k(),
                            s[g][2].falseAlarmsPer100k());
                }
            }
        }
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "Summary over the three streams (target: TPR ≥ %.2f and ≤ %.1f false alarms per"
                        + " 100k, abrupt and gradual):%n%n",
                TARGET_TPR,
                TARGET_FALSE_ALARMS);
        System.out.println(
                "| detector | abrupt TPR | abrupt delay | abrupt FA / 100k | gradual TPR"
                        + " | gradual delay | gradual FA / 100k | stationary FA / 100k"
                        + " | meets target |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Map.Entry<String, Score[][]> entry : scores.entrySet()) {
            Score[] total = new Score[drifts.length];
            java.util.Arrays.fill(total, ConceptDriftStreams.noScore());
            for (Score[] perGenerator : entry.getValue()) {
                for (int d = 0; d < drifts.length; d++) {
                    total[d] = total[d].plus(perGenerator[d]);
                }
            }
            boolean meets = true;
            for (int d = 0; d < 2; d++) {
                meets &=
                        total[d].truePositiveRate() >= TARGET_TPR
                                && total[d].falseAlarmsPer100k() <= TARGET_FALSE_ALARMS;
            }
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %.3f | %s | %.2f | %.3f | %s | %.2f | %.2f | %s |%n",
                    entry.getKey(),
                    total[0].truePositiveRate(),
                    delay(total[0]),
                    total[0].falseAlarmsPer100k(),
                    total[1].truePositiveRate(),
                    delay(total[1]),
                    total[1].falseAlarmsPer100k(),
                    total[2].falseAlarmsPer100k(),
                    meets ? "yes" : "no");
        }
        System.out.println();
    }

    private static String delay(Score score) {
        double d = score.meanDelay();
        return Double.isNaN(d) ? "—" : String.format(Locale.ROOT, "%.0f", d);
    }
}
