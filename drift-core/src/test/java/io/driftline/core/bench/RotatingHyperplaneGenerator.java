package io.driftline.core.bench;

import java.util.SplittableRandom;

/**
 * A hyperplane in the manner of Hulten, Spencer and Domingos ("Mining Time-Changing Data Streams",
 * KDD 2001): ten features uniform on [0, 1], label 1 when Σ w_i x_i ≥ ½ Σ w_i (a plane through the
 * centre of the cube, with normal w), with 5 % label noise. Each concept rotates the plane: the
 * weights of the previous concept with half of them (a different half each time) replaced by fresh
 * ones; weights are uniform on [-1, 1] (not [0, 1], whose normals are all close to the diagonal, so
 * a change would relabel few instances), drawn once from the generator's seed.
 */
final class RotatingHyperplaneGenerator implements ConceptGenerator {

    private static final int FEATURES = 10;
    private static final int CONCEPTS = 4;
    private static final double NOISE = 0.05;

    private final double[][] weights = new double[CONCEPTS][FEATURES];
    private final double[] half = new double[CONCEPTS];

    RotatingHyperplaneGenerator(long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int i = 0; i < FEATURES; i++) {
            weights[0][i] = 2.0 * random.nextDouble() - 1.0;
        }
        for (int c = 1; c < CONCEPTS; c++) {
            weights[c] = weights[c - 1].clone();
            for (int i = 0; i < FEATURES; i++) {
                if ((i + c) % 2 == 0) {
                    weights[c][i] = 2.0 * random.nextDouble() - 1.0;
                }
            }
        }
        for (int c = 0; c < CONCEPTS; c++) {
            double sum = 0.0;
            for (double w : weights[c]) {
                sum += w;
            }
            half[c] = sum / 2.0;
        }
    }

    @Override
    public String name() {
        return "hyperplane";
    }

    @Override
    public int features() {
        return FEATURES;
    }

    @Override
    public double min(int i) {
        return 0.0;
    }

    @Override
    public double max(int i) {
        return 1.0;
    }

    @Override
    public int concepts() {
        return CONCEPTS;
    }

    @Override
    public int next(double[] x, int concept, SplittableRandom random) {
        double[] w = weights[concept % CONCEPTS];
        double dot = 0.0;
        for (int i = 0; i < FEATURES; i++) {
            x[i] = random.nextDouble();
            dot += w[i] * x[i];
        }
        int label = dot >= half[concept % CONCEPTS] ? 1 : 0;
        return random.nextDouble() < NOISE ? 1 - label : label;
    }
}
