package io.driftline.core.bench;

import java.util.SplittableRandom;

/**
 * A synthetic binary classification stream with a sequence of concepts (labelling functions), for
 * concept-drift benchmarks: the stream decides which concept labels each instance, the generator
 * draws the instance and labels it.
 */
interface ConceptGenerator {

    /** The short name used in benchmark tables. */
    String name();

    /** The number of features of an instance. */
    int features();

    /** The lowest value feature {@code i} takes (for the learner's discretization). */
    double min(int i);

    /** The highest value feature {@code i} takes. */
    double max(int i);

    /** The number of distinct concepts; concept indices are taken modulo this. */
    int concepts();

    /**
     * Draws the next instance into {@code x} (length {@link #features()}) and returns its label, 0
     * or 1, under concept {@code concept}, label noise included.
     */
    int next(double[] x, int concept, SplittableRandom random);
}
