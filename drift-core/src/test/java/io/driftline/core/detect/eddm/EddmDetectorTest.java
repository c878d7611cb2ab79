package io.driftline.core.detect.eddm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.core.detect.ChangeSignal;
import org.junit.jupiter.api.Test;

/** Tests EDDM's ratio rule on a hand-made error stream. */
class EddmDetectorTest {

    @Test
    void warnsThenSignalsDriftWhenErrorsComeCloser() {
        // 40 errors 10 apart, then errors 2 apart. Python transcription of the paper's rule
        // (Welford mean and population sd of the distances, max of mean + 2 sd after 30 errors):
        // first WARNING at observation 474 (error 77, ratio 0.9469), DRIFT at observation 504
        // (error 92, ratio 0.8973).
        EddmDetector detector = new EddmDetector();
        int t = 0;
        int firstWarning = -1;
        int drift = -1;
        for (int e = 0; e < 140 && drift < 0; e++) {
            int gap = e < 40 ? 10 : 2;
            for (int i = 1; i <= gap; i++) {
                t++;
                ChangeSignal signal = detector.update(i == gap ? 1.0 : 0.0);
                if (signal == ChangeSignal.WARNING && firstWarning < 0) {
                    firstWarning = t;
                }
                if (signal == ChangeSignal.DRIFT) {
                    drift = t;
                }
            }
        }
        assertThat(firstWarning).isEqualTo(474);
        assertThat(drift).isEqualTo(504);
    }

    @Test
    void rejectsInvalidConfiguration() {
        assertThatThrownBy(() -> new EddmConfig(1.0, 0.9, 30))
                .hasMessageContaining("warningRatio must be in (0, 1)");
        assertThatThrownBy(() -> new EddmConfig(0.9, 0.95, 30))
                .hasMessageContaining("driftRatio must be in (0, warningRatio");
        assertThatThrownBy(() -> new EddmConfig(0.95, 0.9, 1))
                .hasMessageContaining("minErrors must be at least 2");
    }
}
