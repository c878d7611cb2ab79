package io.driftline.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.core.bench.DetectionQualityBenchmark;
import io.driftline.core.detect.adwin.AdwinDetector;
import io.driftline.core.detect.cusum.CusumDetector;
import io.driftline.core.detect.ddm.DdmDetector;
import io.driftline.core.detect.eddm.EddmDetector;
import io.driftline.core.detect.hddm.HddmADetector;
import io.driftline.core.detect.hddm.HddmWDetector;
import io.driftline.core.detect.kswin.KswinDetector;
import io.driftline.core.detect.pagehinkley.PageHinkleyDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The contract every change detector keeps: snapshots, reset, input checks, bounded state. */
class ChangeDetectorContractTest {

    private static final int MAX_SNAPSHOT_BYTES = 8 * 1024;

    static Stream<Arguments> detectors() {
        return Stream.of(
                Arguments.of("adwin", sup(AdwinDetector::new), rest(AdwinDetector::restore)),
                Arguments.of(
                        "page_hinkley",
                        sup(PageHinkleyDetector::new),
                        rest(PageHinkleyDetector::restore)),
                Arguments.of("ddm", sup(DdmDetector::new), rest(DdmDetector::restore)),
                Arguments.of("eddm", sup(EddmDetector::new), rest(EddmDetector::restore)),
                Arguments.of("hddm_a", sup(HddmADetector::new), rest(HddmADetector::restore)),
                Arguments.of("hddm_w", sup(HddmWDetector::new), rest(HddmWDetector::restore)),
                Arguments.of("kswin", sup(KswinDetector::new), rest(KswinDetector::restore)),
                Arguments.of("cusum", sup(CusumDetector::new), rest(CusumDetector::restore)));
    }

    private static Supplier<ChangeDetector> sup(Supplier<ChangeDetector> s) {
        return s;
    }

    private static Function<byte[], ChangeDetector> rest(Function<byte[], ChangeDetector> f) {
        return f;
    }

    /** A 0/1 stream whose error rate rises from 0.1 to 0.6 at 3,000 and falls back at 6,000. */
    private static double[] stream(int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] xs = new double[length];
        for (int i = 0; i < length; i++) {
            double rate = i >= 3_000 && i < 6_000 ? 0.6 : 0.1;
            xs[i] = random.nextDouble() < rate ? 1.0 : 0.0;
        }
        return xs;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectors")
    void restoredDetectorContinuesIdentically(
            String name,
            Supplier<ChangeDetector> factory,
            Function<byte[], ChangeDetector> restore) {
        double[] xs = stream(9_000, 11);
        for (int cut : new int[] {0, 1, 29, 57, 3_100, 4_444, 7_000}) {
            ChangeDetector original = factory.get();
            for (int i = 0; i < cut; i++) {
                original.update(xs[i]);
            }
            ChangeDetector restored = restore.apply(original.snapshot());
            assertThat(restored.snapshot())
                    .as("re-snapshot at %s", cut)
                    .isEqualTo(original.snapshot());
            assertThat(restored.observations()).isEqualTo(cut);
            List<ChangeSignal> expected = new ArrayList<>();
            List<ChangeSignal> actual = new ArrayList<>();
            for (int i = cut; i < xs.length; i++) {
                expected.add(original.update(xs[i]));
                actual.add(restored.update(xs[i]));
            }
            assertThat(actual).as("signals after restoring at %s", cut).isEqualTo(expected);
            assertThat(restored.snapshot()).isEqualTo(original.snapshot());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectors")
    void detectsTheRiseInTheTestStream(
            String name,
            Supplier<ChangeDetector> factory,
            Function<byte[], ChangeDetector> restore) {
        // Guards the round-trip test against a detector that never changes state.
        double[] xs = stream(9_000, 11);
        ChangeDetector detector = factory.get();
        int firstDrift = -1;
        for (int i = 0; i < xs.length && firstDrift < 0; i++) {
            if (detector.update(xs[i]) == ChangeSignal.DRIFT && i >= 3_000) {
                firstDrift = i;
            }
        }
        assertThat(firstDrift).isBetween(3_000, 6_000);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectors")
    void resetForgetsEverything(
            String name,
            Supplier<ChangeDetector> factory,
            Function<byte[], ChangeDetector> restore) {
        ChangeDetector used = factory.get();
        for (double x : stream(5_000, 3)) {
            used.update(x);
        }
        assertThat(used.observations()).isEqualTo(5_000);
        used.reset();
        assertThat(used.observations()).isZero();
        assertThat(used.snapshot()).isEqualTo(factory.get().snapshot());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectors")
    void stateStaysUnderEightKibAtDefaults(
            String name,
            Supplier<ChangeDetector> factory,
            Function<byte[], ChangeDetector> restore) {
        ChangeDetector detector = factory.get();
        SplittableRandom random = new SplittableRandom(5);
        int largest = detector.snapshot().length;
        // 2^20 stationary observations: ADWIN's window then spans them all, its largest state.
        for (int i = 1; i <= 1 << 20; i++) {
            detector.update(random.nextDouble() < 0.3 ? 1.0 : 0.0);
            if ((i & 1023) == 0) {
                largest = Math.max(largest, detector.snapshot().length);
            }
        }
        assertThat(largest).isLessThanOrEqualTo(MAX_SNAPSHOT_BYTES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectors")
    void snapshotStartsWithFormatVersionAndKind(
            String name,
            Supplier<ChangeDetector> factory,
            Function<byte[], ChangeDetector> restore) {
        ChangeDetector detector = factory.get();
        byte[] snapshot = detector.snapshot();
        assertThat(snapshot[0]).isEqualTo((byte) DetectorSnapshot.FORMAT_VERSION);
        assertThat(snapshot[1]).isEqualTo((byte) detector.kind().tag());
        assertThat(detector.kind().displayName()).isEqualTo(name);
        assertThat(DetectionQualityBenchmark.detectors()).containsKey(name);

        byte[] futureVersion = snapshot.clone();
        futureVersion[0] = (byte) (DetectorSnapshot.FORMAT_VERSION + 1);
        assertThatThrownBy(() -> restore.apply(futureVersion))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version " + (DetectorSnapshot.FORMAT_VERSION + 1));
        byte[] noVersion = snapshot.clone();
        noVersion[0] = 0;
        assertThatThrownBy(() -> restore.apply(noVersion))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 0");
        byte[] otherKind = snapshot.clone();
        otherKind[1] = (byte) (detector.kind() == DetectorKind.ADWIN ? 2 : 1);
        assertThatThrownBy(() -> restore.apply(otherKind))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not " + detector.kind());
        byte[] truncated = java.util.Arrays.copyOf(snapshot, snapshot.length - 1);
        assertThatThrownBy(() -> restore.apply(truncated)).isInstanceOf(RuntimeException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectors")
    void rejectsInvalidInput(
            String name,
            Supplier<ChangeDetector> factory,
            Function<byte[], ChangeDetector> restore) {
        ChangeDetector detector = factory.get();
        assertThatThrownBy(() -> detector.update(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> detector.update(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
        if (detector.input() != DetectorInput.REAL_VALUE) {
            assertThatThrownBy(() -> detector.update(1.5))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> detector.update(-0.5))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        if (detector.input() == DetectorInput.ERROR_INDICATOR) {
            assertThatThrownBy(() -> detector.update(0.5))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("0 or 1");
        }
        assertThat(detector.observations()).isZero();
        assertThat(detector.declaredFalseAlarmRate()).isBetween(0.0, 0.01);
    }
}
