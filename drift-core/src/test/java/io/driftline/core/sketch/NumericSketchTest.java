package io.driftline.core.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NumericSketchTest {

    @Test
    void isExactBelowK() {
        NumericSketch sketch = new NumericSketch();
        for (int v = 1; v <= 100; v++) {
            sketch.update(v);
        }

        assertThat(sketch.isEstimationMode()).isFalse();
        assertThat(sketch.normalizedRankError()).isZero();
        assertThat(sketch.count()).isEqualTo(100);
        // inverted-CDF quantiles, as numpy.quantile(range(1, 101), q, method='inverted_cdf')
        assertThat(sketch.quantile(0.25)).isEqualTo(25);
        assertThat(sketch.quantile(0.5)).isEqualTo(50);
        assertThat(sketch.cdf(37)).isCloseTo(0.37, within(1e-15));
        assertThat(sketch.min()).isEqualTo(1);
        assertThat(sketch.max()).isEqualTo(100);
    }

    @Test
    void roundTripsThroughVersionedBytes() {
        NumericSketch sketch = gaussian(50_000, 3);

        byte[] bytes = sketch.toBytes();
        NumericSketch back = NumericSketch.fromBytes(bytes);

        assertThat(bytes[0]).isEqualTo(NumericSketch.FORMAT_VERSION);
        assertThat(back.count()).isEqualTo(50_000);
        assertThat(back.k()).isEqualTo(NumericSketch.DEFAULT_K);
        for (double q = 0.05; q < 1; q += 0.05) {
            assertThat(back.quantile(q)).isEqualTo(sketch.quantile(q));
        }
        assertThat(back.min()).isEqualTo(sketch.min());
        assertThat(back.max()).isEqualTo(sketch.max());
    }

    @Test
    void restoredSketchKeepsAcceptingUpdates() {
        NumericSketch back = NumericSketch.fromBytes(gaussian(1_000, 1).toBytes());

        back.update(1e6);

        assertThat(back.count()).isEqualTo(1_001);
        assertThat(back.max()).isEqualTo(1e6);
    }

    @Test
    void rejectsUnknownVersionWithAClearMessage() {
        byte[] bytes = gaussian(10, 1).toBytes();
        bytes[0] = 9;

        assertThatThrownBy(() -> NumericSketch.fromBytes(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported numeric sketch format version 9")
                .hasMessageContaining("reads version 1");
    }

    @Test
    void rejectsTruncatedBytes() {
        assertThatThrownBy(() -> NumericSketch.fromBytes(new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void rejectsNonFiniteValuesAndBadK() {
        NumericSketch sketch = new NumericSketch();

        assertThatThrownBy(() -> sketch.update(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NumericSketch(4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k must be in [8, 65535]");
    }

    @Test
    void mergeCombinesCountsAndRanges() {
        NumericSketch a = gaussian(30_000, 1);
        NumericSketch b = gaussian(20_000, 2);
        b.update(100);

        a.merge(b);

        assertThat(a.count()).isEqualTo(50_001);
        assertThat(a.max()).isEqualTo(100);
        assertThat(a.quantile(0.5)).isCloseTo(0.0, within(0.05));
    }

    @Test
    void staysWellUnderEightKibAtDefaultK() {
        // One million values at k = 200: the KLL sketch retains a few hundred doubles.
        NumericSketch sketch = gaussian(1_000_000, 5);

        assertThat(sketch.toBytes().length).isLessThanOrEqualTo(8 * 1024);
        assertThat(sketch.normalizedRankError()).isCloseTo(0.0133, within(0.001));
    }

    static NumericSketch gaussian(int n, long seed) {
        Random random = new Random(seed);
        NumericSketch sketch = new NumericSketch();
        for (int i = 0; i < n; i++) {
            sketch.update(random.nextGaussian());
        }
        return sketch;
    }
}
