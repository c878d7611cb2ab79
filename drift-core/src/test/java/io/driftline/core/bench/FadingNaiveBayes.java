package io.driftline.core.bench;

/**
 * An incremental naive Bayes classifier for two classes with equal-width discretized features and
 * exponentially fading counts, so it adapts to a new concept within a few thousand instances: the
 * learner whose prequential (test-then-train) 0/1 error the concept-drift benchmark feeds to the
 * change detectors.
 *
 * <p>Each count is weighted by γ^age (γ = 1 - 1/memory); rather than multiplying every count by γ
 * at each step, the weight of a new instance grows by 1/γ and all counts are rescaled now and then.
 * Laplace smoothing of one (faded) instance per bin and class.
 */
final class FadingNaiveBayes {

    private static final double RESCALE_ABOVE = 1e200;

    private final int features;
    private final int bins;
    private final double[] min;
    private final double[] width;
    private final double growth;
    private final double[] classWeight = new double[2];
    private final double[][] binWeight;
    private double increment = 1.0;

    /** A learner for {@code generator}'s features, {@code bins} bins each, memory in instances. */
    FadingNaiveBayes(ConceptGenerator generator, int bins, double memory) {
        this.features = generator.features();
        this.bins = bins;
        this.min = new double[features];
        this.width = new double[features];
        for (int i = 0; i < features; i++) {
            min[i] = generator.min(i);
            width[i] = (generator.max(i) - generator.min(i)) / bins;
        }
        this.growth = 1.0 / (1.0 - 1.0 / memory);
        this.binWeight = new double[2][features * bins];
    }

    private int bin(int feature, double value) {
        int b = (int) ((value - min[feature]) / width[feature]);
        return b < 0 ? 0 : (b >= bins ? bins - 1 : b);
    }

    /** The predicted class of {@code x}, 0 or 1 (0 on a tie, and before any training). */
    int predict(double[] x) {
        double smoothing = increment;
        double score0 = Math.log(classWeight[0] + smoothing);
        double score1 = Math.log(classWeight[1] + smoothing);
        double denominator0 = Math.log(classWeight[0] + bins * smoothing);
        double denominator1 = Math.log(classWeight[1] + bins * smoothing);
        for (int i = 0; i < features; i++) {
            int at = i * bins + bin(i, x[i]);
            score0 += Math.log(binWeight[0][at] + smoothing) - denominator0;
            score1 += Math.log(binWeight[1][at] + smoothing) - denominator1;
        }
        return score1 > score0 ? 1 : 0;
    }

    /** Learns one labelled instance. */
    void train(double[] x, int label) {
        increment *= growth;
        if (increment > RESCALE_ABOVE) {
            rescale(1.0 / increment);
        }
        classWeight[label] += increment;
        double[] row = binWeight[label];
        for (int i = 0; i < features; i++) {
            row[i * bins + bin(i, x[i])] += increment;
        }
    }

    private void rescale(double factor) {
        increment *= factor;
        for (int c = 0; c < 2; c++) {
            classWeight[c] *= factor;
            for (int j = 0; j < binWeight[c].length; j++) {
                binWeight[c][j] *= factor;
            }
        }
    }
}
