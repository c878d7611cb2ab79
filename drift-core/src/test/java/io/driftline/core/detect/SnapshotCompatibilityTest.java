package io.driftline.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftline.core.detect.adwin.AdwinDetector;
import io.driftline.core.detect.ddm.DdmDetector;
import io.driftline.core.detect.eddm.EddmDetector;
import io.driftline.core.detect.hddm.HddmADetector;
import io.driftline.core.detect.hddm.HddmWDetector;
import io.driftline.core.detect.kswin.KswinConfig;
import io.driftline.core.detect.kswin.KswinDetector;
import io.driftline.core.detect.pagehinkley.PageHinkleyDetector;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Snapshots in format version 1 (written before the detectors had a direction) still restore. The
 * fixtures are snapshots taken by the version 1 code (commit 8b0963e on main) of default detectors
 * fed {@link #x(int)}; CUSUM's version 1 snapshot is tested in {@code CusumDetectorTest}.
 */
class SnapshotCompatibilityTest {

    /** ADWIN after x(0) .. x(1199): two-sided then, it had signalled 5 drifts (rises and falls). */
    private static final String ADWIN_V1 =
            "AQE/YGJN0vGp/AAAAAUAAAAgAAAABQAAAAcAAAAAAAABkEBEAAAAAAAAQEIAAAAAABQAAAAAAAAEsAAAABAAAAAA"
                    + "AAAABQAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                    + "AAAAAAAAAAAABAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAP/AAAAAAAAA/4AAAAAAAAAAAAAAAAAAA"
                    + "AAAAAAAAAAAAAAAFAAAAAAAAAAAAAAAAAAAAAD/wAAAAAAAAP+gAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                    + "AAAAAAAAAAAAAD/wAAAAAAAAP+gAAAAAAAAAAAAEP/AAAAAAAAA/7AAAAAAAAD/wAAAAAAAAP+wAAAAAAAA/8AAA"
                    + "AAAAAD/sAAAAAAAAP/AAAAAAAAA/7AAAAAAAAAAAAAVAAAAAAAAAAD/8AAAAAAAAQAAAAAAAAAA//AAAAAAAAEAA"
                    + "AAAAAAAAP/wAAAAAAABAAAAAAAAAAD/8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAARACAAAAAAAAEAFwAAAAAAA"
                    + "QAgAAAAAAABABcAAAAAAAEAQAAAAAAAAQAwAAAAAAABAAAAAAAAAAD/+AAAAAAAAAAAAAkAYAAAAAAAAQBXAAAAA"
                    + "AABAHAAAAAAAAEAY8AAAAAAA";

    /** Page-Hinkley after x(0) .. x(1199) (one drift, at the rise). */
    private static final String PAGE_HINKLEY_V1 =
            "AQI/dHrhR64Ue0BJAAAAAAAAP+//Lkjopx4AAAAeAAAAAAAABLAAAAAAAAACpD/TUEi1xnAUwF27qfWNoro=";

    /** KSWIN at the version 1 defaults (α 0.005, 100, 30, two-sided) after x(0) .. x(89). */
    private static final String KSWIN_V1 =
            "AQc/dHrhR64UewAAAGQAAAAeAAAAAAAAAAEAAABaAAAAAAAAAFoAAAAAAAAAAT/wAAAAAAAAP/AAAAAAAAAAAAAA"
                    + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                    + "AAAAAAAAAAAAAD/wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                    + "AAAAAAAAAAA/8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                    + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                    + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAD/wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                    + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                    + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAP/AAAAAAAAAAAAAAAAAAAAAA"
                    + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAD/wAAAAAAAAAAAAAAAAAAAAAAAA"
                    + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/8AAAAAAAAAAAAAAAAAAAAAAAAAAA"
                    + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                    + "P/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    /** The deterministic stream of the fixtures: error rate 0.1, 0.6 from 400 on, 0.1 from 800. */
    static double x(int i) {
        double rate = i < 400 ? 0.1 : (i < 800 ? 0.6 : 0.1);
        return ((i * 37) % 100) < rate * 100 ? 1.0 : 0.0;
    }

    @Test
    void aVersionOneAdwinSnapshotRestoresOneSidedWithItsWindow() {
        AdwinDetector restored = AdwinDetector.restore(Base64.getDecoder().decode(ADWIN_V1));
        AdwinDetector fresh = new AdwinDetector();
        for (int i = 0; i < 1_200; i++) {
            fresh.update(x(i));
        }
        assertThat(restored.config()).isEqualTo(fresh.config());
        assertThat(restored.config().twoSided()).isFalse();
        assertThat(restored.observations()).isEqualTo(1_200);
        // The cuts are the same either way, only what was signalled differs.
        assertThat(restored.width()).isEqualTo(fresh.width());
        assertThat(restored.mean()).isCloseTo(fresh.mean(), within(1e-12));
        assertThat(restored.variance()).isCloseTo(fresh.variance(), within(1e-12));
        assertThat(restored.detections()).isEqualTo(5);
        assertThat(fresh.detections()).isPositive().isLessThan(restored.detections());
        assertThat(continuation(restored)).isEqualTo(continuation(fresh));
        assertThat(restored.snapshot()[0]).isEqualTo((byte) DetectorSnapshot.FORMAT_VERSION);
    }

    @Test
    void aVersionOnePageHinkleySnapshotRestoresAsIs() {
        PageHinkleyDetector restored =
                PageHinkleyDetector.restore(Base64.getDecoder().decode(PAGE_HINKLEY_V1));
        PageHinkleyDetector fresh = new PageHinkleyDetector();
        for (int i = 0; i < 1_200; i++) {
            fresh.update(x(i));
        }
        assertThat(restored.snapshot()).isEqualTo(fresh.snapshot());
        assertThat(continuation(restored)).isEqualTo(continuation(fresh));
    }

    @Test
    void aVersionOneKswinSnapshotKeepsItsParametersAndBecomesOneSided() {
        byte[] v1 = Base64.getDecoder().decode(KSWIN_V1);
        KswinDetector restored = KswinDetector.restore(v1);
        assertThat(restored.config()).isEqualTo(KswinConfig.paper().withTwoSided(false));
        KswinDetector fresh = new KswinDetector(KswinConfig.paper().withTwoSided(false));
        for (int i = 0; i < 90; i++) {
            fresh.update(x(i));
        }
        assertThat(restored.snapshot()).isEqualTo(fresh.snapshot());
        assertThat(continuation(restored)).isEqualTo(continuation(fresh));
    }

    @Test
    void detectorsWhoseBodyDidNotChangeReadVersionOneAsVersionTwo() {
        List<Supplier<ChangeDetector>> factories =
                List.of(
                        DdmDetector::new,
                        EddmDetector::new,
                        HddmADetector::new,
                        HddmWDetector::new);
        List<Function<byte[], ChangeDetector>> restores =
                List.of(
                        DdmDetector::restore,
                        EddmDetector::restore,
                        HddmADetector::restore,
                        HddmWDetector::restore);
        for (int d = 0; d < factories.size(); d++) {
            ChangeDetector detector = factories.get(d).get();
            for (int i = 0; i < 1_200; i++) {
                detector.update(x(i));
            }
            byte[] v1 = detector.snapshot();
            v1[0] = 1;
            ChangeDetector restored = restores.get(d).apply(v1);
            assertThat(restored.snapshot())
                    .as(detector.kind().name())
                    .isEqualTo(detector.snapshot());
        }
    }

    /** The signals on x(400) .. x(1199) again, a second rise and fall. */
    private static List<ChangeSignal> continuation(ChangeDetector detector) {
        List<ChangeSignal> signals = new ArrayList<>();
        for (int i = 400; i < 1_200; i++) {
            signals.add(detector.update(x(i)));
        }
        return signals;
    }
}
