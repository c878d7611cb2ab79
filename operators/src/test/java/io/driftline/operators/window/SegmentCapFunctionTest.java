package io.driftline.operators.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import io.driftline.operators.serialization.EventJsonSerializer;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class SegmentCapFunctionTest {

    static final long DAY = 24 * 3_600_000L;

    private static FeedbackEvent event(String user) {
        return new FeedbackEvent(
                "e-" + user,
                "m",
                null,
                1,
                Map.of("x", new FeatureValue.Numeric(1)),
                new FeatureValue.Numeric(1),
                null,
                null,
                Map.of("user", user));
    }

    @Test
    void segmentsBeyondTheCapShareOneOtherSegmentUntilIdleOnesMakeRoom() throws Exception {
        try (var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new SegmentCapFunction("user", 100, 7 * DAY)),
                        FeedbackEvent::model,
                        Types.STRING)) {
            h.setup(new EventJsonSerializer<>(FeedbackEvent.class));
            h.open();
            h.setProcessingTime(0);
            for (int i = 0; i < 150; i++) {
                h.processElement(event("u" + i), 0);
            }
            h.processElement(event("u7"), 0); // a known segment keeps its own windows

            var out = h.extractOutputValues();
            assertThat(out.subList(0, 100))
                    .allSatisfy(e -> assertThat(e.segment().get("user")).startsWith("u"));
            assertThat(out.subList(100, 150))
                    .allSatisfy(
                            e ->
                                    assertThat(e.segment())
                                            .containsEntry("user", SegmentCapFunction.OTHER));
            assertThat(out.get(150).segment()).containsEntry("user", "u7");

            // eight days later every old segment is idle: a new value gets a place again
            h.setProcessingTime(8 * DAY);
            h.processElement(event("new-user"), 0);
            assertThat(h.extractOutputValues().get(151).segment())
                    .containsEntry("user", "new-user");
        }
    }
}
