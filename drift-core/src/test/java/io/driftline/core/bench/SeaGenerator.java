package io.driftline.core.bench;

import java.util.SplittableRandom;

/**
 * The SEA concepts of Street and Kim ("A Streaming Ensemble Algorithm (SEA) for Large-Scale
 * Classification", KDD 2001): three features uniform on [0, 10], of which the first two are
 * relevant; label 1 when x1 + x2 ≤ θ, with the paper's θ = 8, 9, 7 and 9.5 in the order 8, 9.5, 7,
 * 9 (so every change relabels at least 13 % of the instances, not 8.5 % as 8 to 9 does), and 10 %
 * label noise.
 */
final class SeaGenerator implements ConceptGenerator {

    private static final double[] THRESHOLDS = {8.0, 9.5, 7.0, 9.0};
    private static final double NOISE = 0.10;

    @Override
    public String name() {
        return "sea";
    }

    @Override
    public int features() {
        return 3;
    }

    @Override
    public double min(int i) {
        return 0.0;
    }

    @Override
    public double max(int i) {
        return 10.0;
    }

    @Override
    public int concepts() {
        return THRESHOLDS.length;
    }

    @Override
    public int next(double[] x, int concept, SplittableRandom random) {
        for (int i = 0; i < 3; i++) {
            x[i] = 10.0 * random.nextDouble();
        }
        int label = x[0] + x[1] <= THRESHOLDS[concept % THRESHOLDS.length] ? 1 : 0;
        return random.nextDouble() < NOISE ? 1 - label : label;
    }
}
