package io.driftline.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Limits have the documented defaults, reject nonsense, and bound exactly at their value. */
class EventLimitsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertThat(EventLimits.DEFAULTS).isEqualTo(new EventLimits(1_048_576, 1000, 4096, 256, 64));
    }

    @Test
    void rejectsNonPositiveLimits() {
        assertThatThrownBy(() -> new EventLimits(0, 1, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxPayloadBytes must be > 0, got 0");
    }

    @Test
    void aPayloadOfExactlyTheLimitIsParsed() {
        byte[] json =
                "{\"event_id\":\"e\",\"model\":\"m\",\"ts\":1,\"features\":{\"x\":1},\"prediction\":1}"
                        .getBytes(StandardCharsets.UTF_8);
        EventLimits exact = new EventLimits(json.length, 1, 1, 1, 1);
        EventLimits oneLess = new EventLimits(json.length - 1, 1, 1, 1, 1);

        assertThat(EventJson.parseFeedback(json, exact).isValid()).isTrue();
        assertThat(EventJson.parseFeedback(json, oneLess).reason())
                .isEqualTo(
                        "payload too large: " + json.length + " > " + (json.length - 1) + " bytes");
    }

    @Test
    void featureCountAndLengthsAreInclusiveBounds() {
        String json =
                "{\"event_id\":\"e\",\"model\":\"m\",\"ts\":1,\"prediction\":1,"
                        + "\"features\":{\"abc\":\"xyz\",\"d\":1}}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

        assertThat(EventJson.parseFeedback(bytes, new EventLimits(1000, 2, 3, 3, 1)).isValid())
                .isTrue();
        assertThat(EventJson.parseFeedback(bytes, new EventLimits(1000, 1, 3, 3, 1)).reason())
                .isEqualTo("too many entries in features: 2 > 1");
        assertThat(EventJson.parseFeedback(bytes, new EventLimits(1000, 2, 2, 3, 1)).reason())
                .isEqualTo("string too long: features.abc (3 > 2 chars)");
        assertThat(EventJson.parseFeedback(bytes, new EventLimits(1000, 2, 3, 2, 1)).reason())
                .isEqualTo("key too long in features: 3 > 2 chars");
    }
}
