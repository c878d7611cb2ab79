package io.driftline.core.drift;

import io.driftline.core.sketch.NumericSketch;

/**
 * Small samples shared by the statistic tests; both stay below k = 200, so the sketches are exact.
 */
final class DriftSamples {

    /**
     * Reference sample: {@code rng = np.random.default_rng(42); a = np.round(rng.normal(0, 1, 60),
     * 2)}.
     */
    static final double[] REFERENCE = {
        0.3, -1.04, 0.75, 0.94, -1.95, -1.3, 0.13, -0.32, -0.02, -0.85, 0.88, 0.78, 0.07, 1.13,
        0.47, -0.86, 0.37, -0.96, 0.88, -0.05, -0.18, -0.68, 1.22, -0.15, -0.43, -0.35, 0.53, 0.37,
        0.41, 0.43, 2.14, -0.41, -0.51, -0.81, 0.62, 1.13, -0.11, -0.84, -0.82, 0.65, 0.74, 0.54,
        -0.67, 0.23, 0.12, 0.22, 0.87, 0.22, 0.68, 0.07, 0.29, 0.63, -1.46, -0.32, -0.47, -0.64,
        -0.28, 1.49, -0.87, 0.97
    };

    /**
     * Window sample, drawn next from the same generator: {@code np.round(rng.normal(0.5, 1.2, 45),
     * 2)}.
     */
    static final double[] WINDOW = {
        -1.52, 0.1, 0.7, 1.2, 1.35, 1.45, 0.08, -0.05, 1.53, 0.27, -1.03, -0.86, -0.6, 1.1, 0.67,
        1.33, -0.01, 0.69, 1.25, 0.13, 1.05, -0.29, 0.06, 0.04, -0.94, 1.08, -0.06, 0.51, 1.08,
        1.04, 1.3, 0.38, -0.01, 0.4, -1.52, -1.24, -1.09, -0.7, 0.98, -0.59, 0.05, 2.06, 0.07, 1.39,
        -0.62
    };

    private DriftSamples() {}

    static NumericSketch sketchOf(double... values) {
        NumericSketch sketch = new NumericSketch();
        for (double v : values) {
            sketch.update(v);
        }
        return sketch;
    }
}
