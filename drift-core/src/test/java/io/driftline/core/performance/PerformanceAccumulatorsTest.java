package io.driftline.core.performance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Classification and regression metrics against hand-computed values, with scikit-learn's
 * definitions (sklearn is not installed here; the numbers come from the numpy snippet below, which
 * implements precision/recall/F1 per label with {@code zero_division=0}).
 */
class PerformanceAccumulatorsTest {

    /*
     * python3:
     *   t = ["cat","dog","cat","bird","dog","cat","bird","cat"]
     *   p = ["cat","cat","cat","bird","dog","dog","cat","cat"]
     *   per label l: tp, fp, fn counted; precision tp/(tp+fp), recall tp/(tp+fn), f1 2tp/(2tp+fp+fn)
     *   -> bird 1.0 0.5 0.6667; cat 0.6 0.75 0.6667; dog 0.5 0.5 0.5
     *   macro: 0.7, 0.5833333333333334, 0.611111111111111; accuracy 0.625
     */
    private static final List<String> ACTUAL =
            List.of("cat", "dog", "cat", "bird", "dog", "cat", "bird", "cat");
    private static final List<String> PREDICTED =
            List.of("cat", "cat", "cat", "bird", "dog", "dog", "cat", "cat");

    @Test
    void classificationMetricsMatchScikitLearnDefinitions() {
        ClassificationAccumulator acc = accumulate(0, ACTUAL.size());

        Map<PerformanceMetric, Double> m = acc.metrics("cat");

        assertThat(m.get(PerformanceMetric.ACCURACY)).isCloseTo(0.625, within(1e-15));
        assertThat(m.get(PerformanceMetric.PRECISION)).isCloseTo(0.6, within(1e-15));
        assertThat(m.get(PerformanceMetric.RECALL)).isCloseTo(0.75, within(1e-15));
        assertThat(m.get(PerformanceMetric.F1)).isCloseTo(2.0 / 3, within(1e-15));
        assertThat(m.get(PerformanceMetric.MACRO_PRECISION)).isCloseTo(0.7, within(1e-15));
        assertThat(m.get(PerformanceMetric.MACRO_RECALL))
                .isCloseTo(0.5833333333333334, within(1e-15));
        assertThat(m.get(PerformanceMetric.MACRO_F1)).isCloseTo(0.611111111111111, within(1e-15));
        assertThat(acc.precision("bird")).isEqualTo(1.0);
        assertThat(acc.recall("dog")).isEqualTo(0.5);
    }

    @Test
    void mergedPartialsGiveTheSameMetrics() {
        ClassificationAccumulator left = accumulate(0, 3);
        left.merge(accumulate(3, ACTUAL.size()));

        assertThat(left.metrics("cat")).isEqualTo(accumulate(0, ACTUAL.size()).metrics("cat"));
        assertThat(left.count()).isEqualTo(8);
    }

    @Test
    void undefinedRatiosAreZeroNotNaN() {
        ClassificationAccumulator acc = new ClassificationAccumulator();
        acc.add("no", "no");

        assertThat(acc.precision("yes")).isZero();
        assertThat(acc.f1("yes")).isZero();
        assertThat(new ClassificationAccumulator().accuracy()).isZero();
        assertThat(new ClassificationAccumulator().metrics(null))
                .containsEntry(PerformanceMetric.MACRO_F1, 0.0)
                .doesNotContainKey(PerformanceMetric.F1);
    }

    @Test
    void regressionErrorsMatchNumpy() {
        // python3: y = np.array([3.0,-0.5,2.0,7.0]); yh = np.array([2.5,0.0,2.0,8.0])
        //   np.mean(abs(y-yh)) -> 0.5 ; np.sqrt(np.mean((y-yh)**2)) -> 0.6123724356957945
        RegressionAccumulator a = new RegressionAccumulator();
        RegressionAccumulator b = new RegressionAccumulator();
        a.add(3.0, 2.5);
        a.add(-0.5, 0.0);
        b.add(2.0, 2.0);
        b.add(7.0, 8.0);

        a.merge(b);

        assertThat(a.mae()).isCloseTo(0.5, within(1e-15));
        assertThat(a.rmse()).isCloseTo(0.6123724356957945, within(1e-15));
        assertThat(a.count()).isEqualTo(4);
    }

    @Test
    void comparisonFlagsDropsBeyondTheTolerancePerDirection() {
        PerformanceComparison accuracy =
                PerformanceComparison.of(PerformanceMetric.ACCURACY, 0.84, 0.90, 0.05);
        PerformanceComparison smallDrop =
                PerformanceComparison.of(PerformanceMetric.ACCURACY, 0.86, 0.90, 0.05);
        PerformanceComparison mae = PerformanceComparison.of(PerformanceMetric.MAE, 1.3, 1.0, 0.2);
        PerformanceComparison maeBetter =
                PerformanceComparison.of(PerformanceMetric.MAE, 0.5, 1.0, 0.2);

        assertThat(accuracy.delta()).isCloseTo(-0.06, within(1e-12));
        assertThat(accuracy.degraded()).isTrue();
        assertThat(smallDrop.degraded()).isFalse();
        assertThat(mae.degraded()).isTrue();
        assertThat(maeBetter.degraded()).isFalse();
    }

    @Test
    void compareAllSkipsMetricsWithoutBaselineOrTolerance() {
        List<PerformanceComparison> out =
                PerformanceComparison.compareAll(
                        Map.of(PerformanceMetric.ACCURACY, 0.8, PerformanceMetric.MACRO_F1, 0.7),
                        Map.of("accuracy", 0.9, "f1", 0.8),
                        Map.of(PerformanceMetric.ACCURACY, 0.05, PerformanceMetric.MACRO_F1, 0.05));

        assertThat(out)
                .extracting(PerformanceComparison::metric)
                .containsExactly(PerformanceMetric.ACCURACY);
        assertThat(out.get(0).degraded()).isTrue();
    }

    private static ClassificationAccumulator accumulate(int from, int to) {
        ClassificationAccumulator acc = new ClassificationAccumulator();
        for (int i = from; i < to; i++) {
            acc.add(ACTUAL.get(i), PREDICTED.get(i));
        }
        return acc;
    }
}
