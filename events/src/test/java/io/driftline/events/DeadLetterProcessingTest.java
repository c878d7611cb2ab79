package io.driftline.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class DeadLetterProcessingTest {

    @Test
    void aFailedRecordBecomesAOneLineProcessingReasonWithTheRecordAsPayload() {
        DeadLetter letter =
                DeadLetter.processing(
                        "driftline.feedback",
                        "drift-detection",
                        SampleEvents.feedback(),
                        new IllegalStateException("bad\nthing\u0000 " + "x".repeat(500)),
                        42);

        assertThat(letter.reason())
                .startsWith("processing: drift-detection: IllegalStateException: bad thing  x")
                .doesNotContain("\n")
                .hasSizeLessThan(300);
        assertThat(Base64.getDecoder().decode(letter.payloadBase64()))
                .isEqualTo(EventJson.toJson(SampleEvents.feedback()));
        assertThat(EventJson.parseDeadLetter(EventJson.toJson(letter)).isValid()).isTrue();
    }

    @Test
    void aFailedWindowIsDescribedInText() {
        DeadLetter letter =
                DeadLetter.processing(
                        "driftline.feedback",
                        "drift-detection",
                        "window of m from 0 to 60000",
                        new ArithmeticException(),
                        42);
        assertThat(letter.reason()).isEqualTo("processing: drift-detection: ArithmeticException");
        assertThat(letter.payloadText()).isEqualTo("window of m from 0 to 60000");
    }
}
