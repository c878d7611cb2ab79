package io.driftline.core.detect;

import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Seeded, deterministic detection-quality experiments on synthetic Bernoulli (0/1 error) and normal
 * streams: false alarms on stationary streams, and delay after an abrupt change.
 */
public final class DetectionExperiment {

    private DetectionExperiment() {}

    /**
     * The outcome of an abrupt-change experiment.
     *
     * @param runs the number of seeded runs
     * @param meanDelay the mean, over the runs that detected the change, of the observations from
     *     the change to the first drift signal (the first changed observation counts as 1)
     * @param falseAlarmsPerRun drift signals before the change, per run
     * @param missed runs without a drift signal within the horizon after the change
     */
    public record AbruptResult(int runs, double meanDelay, double falseAlarmsPerRun, int missed) {}

    /**
     * Runs a Bernoulli error stream with rate {@code before} for {@code changeAt} observations,
     * then rate {@code after} for up to {@code horizon} observations, once per seed {@code
     * firstSeed ... firstSeed + runs - 1}, each with a fresh detector.
     */
    public static AbruptResult abruptBernoulli(
            Supplier<? extends ChangeDetector> factory,
            double before,
            double after,
            int changeAt,
            int horizon,
            int runs,
            long firstSeed) {
        long falseAlarms = 0;
        double delaySum = 0.0;
        int detected = 0;
        for (int run = 0; run < runs; run++) {
            SplittableRandom random = new SplittableRandom(firstSeed + run);
            ChangeDetector detector = factory.get();
            for (int t = 0; t < changeAt; t++) {
                double x = random.nextDouble() < before ? 1.0 : 0.0;
                if (detector.update(x) == ChangeSignal.DRIFT) {
                    falseAlarms++;
                }
            }
            for (int t = 1; t <= horizon; t++) {
                double x = random.nextDouble() < after ? 1.0 : 0.0;
                if (detector.update(x) == ChangeSignal.DRIFT) {
                    delaySum += t;
                    detected++;
                    break;
                }
            }
        }
        double meanDelay = detected == 0 ? Double.NaN : delaySum / detected;
        return new AbruptResult(runs, meanDelay, (double) falseAlarms / runs, runs - detected);
    }

    /**
     * Drift signals per observation on stationary Bernoulli streams of rate {@code rate}, over
     * {@code runs} seeded runs of {@code length} observations each.
     */
    public static double stationaryBernoulliRate(
            Supplier<? extends ChangeDetector> factory,
            double rate,
            int length,
            int runs,
            long firstSeed) {
        long alarms = 0;
        for (int run = 0; run < runs; run++) {
            SplittableRandom random = new SplittableRandom(firstSeed + run);
            ChangeDetector detector = factory.get();
            for (int t = 0; t < length; t++) {
                if (detector.update(random.nextDouble() < rate ? 1.0 : 0.0) == ChangeSignal.DRIFT) {
                    alarms++;
                }
            }
        }
        return (double) alarms / ((double) length * runs);
    }

    /**
     * Drift signals per observation on stationary normal streams N(mean, sd²), over {@code runs}
     * seeded runs of {@code length} observations each.
     */
    public static double stationaryNormalRate(
            Supplier<? extends ChangeDetector> factory,
            double mean,
            double sd,
            int length,
            int runs,
            long firstSeed) {
        long alarms = 0;
        for (int run = 0; run < runs; run++) {
            java.util.Random random = new java.util.Random(firstSeed + run);
            ChangeDetector detector = factory.get();
            for (int t = 0; t < length; t++) {
                if (detector.update(mean + sd * random.nextGaussian()) == ChangeSignal.DRIFT) {
                    alarms++;
                }
            }
        }
        return (double) alarms / ((double) length * runs);
    }
}
