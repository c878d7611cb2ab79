package io.driftline.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Parsing a payload once for two stages of one thread. */
class EventJsonParseOnceTest {

    private static final EventLimits LIMITS = EventLimits.DEFAULTS;

    @Test
    void theSameArrayIsParsedOnceAndGivesWhatParseGives() {
        byte[] json = EventJson.toJson(SampleEvents.feedback());

        ParseResult<FeedbackEvent> first = EventJson.parseOnce(json, FeedbackEvent.class, LIMITS);
        ParseResult<FeedbackEvent> second = EventJson.parseOnce(json, FeedbackEvent.class, LIMITS);

        assertThat(second).isSameAs(first);
        assertThat(first.value())
                .isEqualTo(EventJson.parse(json, FeedbackEvent.class, LIMITS).value());
    }

    @Test
    void anotherArrayTypeOrLimitsIsParsedAgain() {
        byte[] json = EventJson.toJson(SampleEvents.feedback());
        ParseResult<FeedbackEvent> first = EventJson.parseOnce(json, FeedbackEvent.class, LIMITS);

        assertThat(EventJson.parseOnce(json.clone(), FeedbackEvent.class, LIMITS))
                .isNotSameAs(first);
        EventLimits tight = new EventLimits(json.length - 1, 1000, 4096, 256, 64);
        assertThat(EventJson.parseOnce(json, FeedbackEvent.class, tight).isValid()).isFalse();
        assertThat(EventJson.parseOnce(json, MetricSample.class, LIMITS).isValid()).isFalse();
        assertThat(EventJson.parseOnce(json, FeedbackEvent.class, LIMITS).isValid()).isTrue();
    }

    @Test
    void anInvalidPayloadKeepsItsReason() {
        byte[] json = "{\"ts\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        ParseResult<FeedbackEvent> first = EventJson.parseOnce(json, FeedbackEvent.class, LIMITS);

        assertThat(first.isValid()).isFalse();
        assertThat(EventJson.parseOnce(json, FeedbackEvent.class, LIMITS).reason())
                .isEqualTo(first.reason())
                .isEqualTo(EventJson.parse(json, FeedbackEvent.class, LIMITS).reason());
    }

    @Test
    void anotherThreadParsesForItself() throws Exception {
        byte[] json = EventJson.toJson(SampleEvents.feedback());
        ParseResult<FeedbackEvent> here = EventJson.parseOnce(json, FeedbackEvent.class, LIMITS);

        ParseResult<FeedbackEvent> there =
                CompletableFuture.supplyAsync(
                                () -> EventJson.parseOnce(json, FeedbackEvent.class, LIMITS))
                        .get();

        assertThat(there).isNotSameAs(here);
        assertThat(there.value()).isEqualTo(here.value());
    }
}
