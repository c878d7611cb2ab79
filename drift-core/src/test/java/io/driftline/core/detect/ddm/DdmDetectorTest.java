package io.driftline.core.detect.ddm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.core.detect.ChangeSignal;
import org.junit.jupiter.api.Test;

/** Tests DDM's warning and drift levels on hand-made error streams. */
class DdmDetectorTest {

    @Test
    void warnsThenSignalsDriftWhenTheErrorRateRises() {
        DdmDetector detector = new DdmDetector();
        // 1 error in every 10 for 1,000 observations: p = 0.1, s = sqrt(0.09 / 1000) = 0.0095.
        for (int i = 0; i < 1_000; i++) {
            assertThat(detector.update(i % 10 == 9 ? 1.0 : 0.0)).isNotEqualTo(ChangeSignal.DRIFT);
        }
        // Then only errors: p + s passes p_min + 2 s_min first, then p_min + 3 s_min.
        boolean warned = false;
        int k = 0;
        ChangeSignal signal = ChangeSignal.NONE;
        while (signal != ChangeSignal.DRIFT) {
            k++;
            signal = detector.update(1.0);
            warned |= signal == ChangeSignal.WARNING;
        }
        assertThat(warned).isTrue();
        // Python, direct recurrence of the rule above: the first DRIFT comes at k = 20, after
        // WARNINGs from k = 10.
        assertThat(k).isEqualTo(20);
        assertThat(detector.errorRate()).isZero();
    }

    @Test
    void aFirstErrorAfterAPerfectRunIsADrift() {
        // p_min = s_min = 0 after 30 correct predictions, so any error exceeds p_min + 3 s_min:
        // the behaviour of the original rule (and of MOA's implementation).
        DdmDetector detector = new DdmDetector();
        for (int i = 0; i < 40; i++) {
            assertThat(detector.update(0.0)).isEqualTo(ChangeSignal.NONE);
        }
        assertThat(detector.update(1.0)).isEqualTo(ChangeSignal.DRIFT);
    }

    @Test
    void rejectsInvalidConfiguration() {
        assertThatThrownBy(() -> new DdmConfig(0, 3, 30))
                .hasMessageContaining("warningLevel must be finite and > 0");
        assertThatThrownBy(() -> new DdmConfig(3, 2, 30))
                .hasMessageContaining("driftLevel must be finite and >= warningLevel");
        assertThatThrownBy(() -> new DdmConfig(2, 3, 0))
                .hasMessageContaining("minInstances must be at least 1");
    }
}
