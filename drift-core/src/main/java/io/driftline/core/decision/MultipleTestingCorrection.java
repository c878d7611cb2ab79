package io.driftline.core.decision;

/**
 * How per-feature p-values are adjusted for testing many features at once, so that a model with 200
 * features does not drift every window by chance.
 */
public enum MultipleTestingCorrection {
    /**
     * Benjamini-Hochberg step-up adjustment, controlling the false discovery rate: {@code p_(i) * m
     * / i}, made monotone from the largest p down, capped at 1 (scipy's {@code
     * false_discovery_control(method='bh')}).
     */
    BENJAMINI_HOCHBERG,
    /** Bonferroni: {@code min(1, p * m)}, controlling the family-wise error rate. */
    BONFERRONI,
    /** No adjustment. */
    NONE;

    /** The adjusted p-values, in the order given. */
    public double[] adjust(double[] pValues) {
        int m = pValues.length;
        for (double p : pValues) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("p-values must be in [0, 1], got " + p);
            }
        }
        double[] out = new double[m];
        switch (this) {
            case NONE -> System.arraycopy(pValues, 0, out, 0, m);
            case BONFERRONI -> {
                for (int i = 0; i < m; i++) {
                    out[i] = Math.min(1.0, pValues[i] * m);
                }
            }
            case BENJAMINI_HOCHBERG -> {
                Integer[] order = new Integer[m];
                for (int i = 0; i < m; i++) {
                    order[i] = i;
                }
                java.util.Arrays.sort(order, (a, b) -> Double.compare(pValues[a], pValues[b]));
                double running = 1.0;
                for (int rank = m; rank >= 1; rank--) {
                    int idx = order[rank - 1];
                    running = Math.min(running, pValues[idx] * m / rank);
                    out[idx] = running;
                }
            }
        }
        return out;
    }
}
