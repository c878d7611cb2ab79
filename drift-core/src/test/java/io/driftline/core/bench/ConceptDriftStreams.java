package io.driftline.core.bench;

import io.driftline.core.detect.ChangeDetector;
import io.driftline.core.detect.ChangeSignal;
import java.util.SplittableRandom;

/**
 * Concept-drift error streams for the detection-quality benchmark: a {@link ConceptGenerator} whose
 * concept changes at evenly spaced points, abruptly or gradually, is classified by a {@link
 * FadingNaiveBayes} (test, then train), and the 0/1 prediction errors are the stream a change
 * detector watches; the detector's signals are then scored against the change points.
 */
final class ConceptDriftStreams {

    /** How the concept changes. */
    enum Drift {
        /** At a change point the new concept labels every instance from then on. */
        ABRUPT,
        /**
         * From a change point on, an instance comes from the new concept with a probability that
         * rises linearly from 0 to 1 over {@link #GRADUAL_WIDTH} instances.
         */
        GRADUAL,
        /** No change: the first concept throughout. */
        NONE
    }

    /** The width of a gradual change, in instances. */
    static final int GRADUAL_WIDTH = 1_000;

    /** The learner's bins per feature. */
    static final int BINS = 10;

    /** The learner's memory, in instances (fading factor 1 - 1/memory). */
    static final double MEMORY = 2_000;

    private ConceptDriftStreams() {}

    /** {@code changes} change points spread evenly over a stream of {@code length}. */
    static int[] changePoints(int length, int changes) {
        int[] points = new int[changes];
        for (int i = 0; i < changes; i++) {
            points[i] = (int) ((long) length * (i + 1) / (changes + 1));
        }
        return points;
    }

    /** The generators of the benchmark, for one seed (the hyperplane's weights depend on it). */
    static ConceptGenerator[] generators(long seed) {
        return new ConceptGenerator[] {
            new SeaGenerator(), new AgrawalGenerator(), new RotatingHyperplaneGenerator(seed)
        };
    }

    /**
     * The prequential 0/1 error stream (1 = the prediction was wrong) of a fresh learner on {@code
     * generator}, concept 0 until the first change point, then 1, 2, ...
     */
    static byte[] errors(
            ConceptGenerator generator, Drift drift, int length, int[] changes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        FadingNaiveBayes learner = new FadingNaiveBayes(generator, BINS, MEMORY);
        double[] x = new double[generator.features()];
        byte[] errors = new byte[length];
        int passed = 0;
        for (int t = 0; t < length; t++) {
            while (drift != Drift.NONE && passed < changes.length && t >= changes[passed]) {
                passed++;
            }
            int concept = passed;
            if (drift == Drift.GRADUAL && passed > 0) {
                int into = t - changes[passed - 1];
                if (into < GRADUAL_WIDTH && random.nextDouble() >= (into + 1.0) / GRADUAL_WIDTH) {
                    concept = passed - 1;
                }
            }
            int label = generator.next(x, concept, random);
            errors[t] = (byte) (learner.predict(x) == label ? 0 : 1);
            learner.train(x, label);
        }
        return errors;
    }

    /**
     * What a detector made of one stream.
     *
     * @param changes the change points in the stream
     * @param detected the changes followed by a drift signal within the horizon
     * @param delaySum the sum over the detected changes of the observations from the change point
     *     to the first drift signal (the change point's own observation counts as 1)
     * @param falseAlarms drift signals not within the horizon after a change point
     * @param observations the stream's length
     */
    record Score(int changes, int detected, long delaySum, long falseAlarms, long observations) {

        /** The sum of two scores. */
        Score plus(Score other) {
            return new Score(
                    changes + other.changes,
                    detected + other.detected,
                    delaySum + other.delaySum,
                    falseAlarms + other.falseAlarms,
                    observations + other.observations);
        }

        /** The share of the changes detected within the horizon (NaN without changes). */
        double truePositiveRate() {
            return changes == 0 ? Double.NaN : (double) detected / changes;
        }

        /** The mean delay over the detected changes (NaN if none). */
        double meanDelay() {
            return detected == 0 ? Double.NaN : (double) delaySum / detected;
        }

        /** False alarms per 100,000 observations. */
        double falseAlarmsPer100k() {
            return observations == 0 ? Double.NaN : 1e5 * falseAlarms / observations;
        }
    }

    /** An empty score, to sum others into. */
    static Score noScore() {
        return new Score(0, 0, 0, 0, 0);
    }

    /**
     * Feeds {@code errors} to {@code detector} and scores its drift signals: the first one within
     * [c, c + horizon) of a change point c detects it, any other inside that interval is neither a
     * detection nor a false alarm, every one outside all of them is a false alarm.
     */
    static Score score(ChangeDetector detector, byte[] errors, int[] changes, int horizon) {
        boolean[] found = new boolean[changes.length];
        int detected = 0;
        long delaySum = 0;
        long falseAlarms = 0;
        int next = 0;
        for (int t = 0; t < errors.length; t++) {
            if (detector.update(errors[t]) != ChangeSignal.DRIFT) {
                continue;
            }
            while (next < changes.length && t >= changes[next] + horizon) {
                next++;
            }
            if (next < changes.length && t >= changes[next]) {
                if (!found[next]) {
                    found[next] = true;
                    detected++;
                    delaySum += t - changes[next] + 1;
                }
            } else {
                falseAlarms++;
            }
        }
        return new Score(changes.length, detected, delaySum, falseAlarms, errors.length);
    }
}
