package io.driftline.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Dead letters keep the original bytes exactly and a bounded, readable text when there is one. */
class DeadLetterTest {

    @Test
    void keepsTheOriginalBytes() {
        byte[] original = {0, 1, (byte) 0xfe, (byte) 0xff, 'x'};

        DeadLetter letter = DeadLetter.of("t", 0, 1L, original, "malformed json: x", 5L);

        assertThat(letter.payload()).isEqualTo(original);
        // python3: base64.b64encode(bytes([0, 1, 0xfe, 0xff, 0x78])) == b'AAH+/3g='
        assertThat(letter.payloadBase64()).isEqualTo("AAH+/3g=");
        assertThat(letter.payloadText()).as("not valid UTF-8").isNull();
        assertThat(letter.failedAt()).isEqualTo(5L);
    }

    @Test
    void decodesUtf8Text() {
        DeadLetter letter =
                DeadLetter.of(
                        "t",
                        null,
                        null,
                        "{\"a\":\"é€\"}".getBytes(StandardCharsets.UTF_8),
                        "r",
                        0L);

        assertThat(letter.payloadText()).isEqualTo("{\"a\":\"é€\"}");
    }

    @Test
    void truncatesLongTextWithoutSplittingASurrogatePair() {
        String text = "a".repeat(DeadLetter.MAX_PAYLOAD_TEXT_CHARS - 1) + "😀" + "tail";

        DeadLetter letter =
                DeadLetter.of("t", null, null, text.getBytes(StandardCharsets.UTF_8), "r", 0L);

        assertThat(letter.payloadText())
                .isEqualTo("a".repeat(DeadLetter.MAX_PAYLOAD_TEXT_CHARS - 1));
        assertThat(letter.payload()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void boundsTheReasonAndAcceptsANullPayload() {
        DeadLetter letter = DeadLetter.of("t", null, null, null, "r".repeat(5000), 0L);

        assertThat(letter.reason()).hasSize(DeadLetter.MAX_REASON_CHARS);
        assertThat(letter.payloadBase64()).isEmpty();
        assertThat(letter.payloadText()).isEmpty();
        assertThat(EventJson.parseDeadLetter(EventJson.toJson(letter)).value()).isEqualTo(letter);
    }

    @Test
    void aRejectedRecordRoundTripsThroughItsDeadLetter() {
        byte[] bad =
                "{\"event_id\":\"\",\"model\":\"m\",\"ts\":1,\"prediction\":1}"
                        .getBytes(StandardCharsets.UTF_8);
        ParseResult<FeedbackEvent> result = EventJson.parseFeedback(bad);

        DeadLetter letter = DeadLetter.of("driftline.feedback", 3, 99L, bad, result.reason(), 7L);
        DeadLetter read = EventJson.parseDeadLetter(EventJson.toJson(letter)).value();

        assertThat(read.reason()).isEqualTo("invalid value: event_id (empty)");
        assertThat(read.payload()).isEqualTo(bad);
    }

    @Test
    void anOversizedPayloadIsCutSoTheDeadLetterStillFitsInOneKafkaMessage() {
        byte[] original = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(original, (byte) 'a');
        DeadLetter dl =
                DeadLetter.of(
                        "t", 0, 1L, original, "payload too large: 3145728 > 1048576 bytes", 9L);
        assertThat(dl.payload()).hasSize(DeadLetter.MAX_PAYLOAD_BYTES);
        assertThat(dl.reason())
                .isEqualTo(
                        "payload too large: 3145728 > 1048576 bytes (payload cut: kept 262144 of 3145728 bytes)");
        byte[] json = EventJson.toJson(dl);
        assertThat(json.length).isLessThan(1_000_000);
        assertThat(EventJson.parseDeadLetter(json).value()).isEqualTo(dl);
    }
}
