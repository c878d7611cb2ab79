package io.driftline.operators.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.events.DeadLetter;
import io.driftline.events.EventJson;
import io.driftline.events.EventLimits;
import io.driftline.events.FeedbackEvent;
import io.driftline.events.RawRecord;
import io.driftline.operators.serialization.EventJsonSerializer;
import io.driftline.operators.serialization.EventJsonSerializerTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class EventValidationFunctionTest {

    @Test
    void validRecordsPassAndInvalidOnesBecomeDeadLettersWithReasonAndBytes() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawRecord, FeedbackEvent> harness =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(
                                new EventValidationFunction<>(
                                        FeedbackEvent.class, "feedback", EventLimits.DEFAULTS)))) {
            harness.setup(new EventJsonSerializer<>(FeedbackEvent.class));
            harness.open();
            harness.setProcessingTime(EventJsonSerializerTest.event().ts() + 1_000);
            byte[] good = EventJson.toJson(EventJsonSerializerTest.event());
            byte[] bad =
                    "{\"event_id\":\"x\",\"model\":\"../up\",\"ts\":1,\"prediction\":1}"
                            .getBytes(StandardCharsets.UTF_8);
            harness.processElement(
                    new StreamRecord<>(new RawRecord("driftline.feedback", 2, 41, 5L, null, good)));
            harness.processElement(
                    new StreamRecord<>(new RawRecord("driftline.feedback", 2, 42, 6L, null, bad)));
            harness.processElement(
                    new StreamRecord<>(new RawRecord("driftline.feedback", 2, 43, 7L, null, null)));

            assertThat(harness.extractOutputValues())
                    .containsExactly(EventJsonSerializerTest.event());
            var deadLetters = harness.getSideOutput(EventValidationFunction.DEAD_LETTERS);
            assertThat(deadLetters).hasSize(2);
            DeadLetter first = deadLetters.poll().getValue();
            assertThat(first.reason()).startsWith("invalid model name");
            assertThat(first.sourceTopic()).isEqualTo("driftline.feedback");
            assertThat(first.partition()).isEqualTo(2);
            assertThat(first.offset()).isEqualTo(42L);
            assertThat(Base64.getDecoder().decode(first.payloadBase64())).isEqualTo(bad);
            DeadLetter tombstone = deadLetters.poll().getValue();
            assertThat(tombstone.reason()).startsWith("malformed json");
            assertThat(tombstone.offset()).isEqualTo(43L);
        }
    }

    @Test
    void recordsOnTheWireBetweenOperatorsAreFlinkPojosNotKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(RawRecord.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(DeadLetter.class);
    }

    @Test
    void eventTimeOutsideTheWindowAroundProcessingTimeIsDeadLettered() throws Exception {
        EventLimits limits =
                EventLimits.DEFAULTS.withEventTimeWindow(
                        java.time.Duration.ofHours(1), java.time.Duration.ofDays(30));
        try (OneInputStreamOperatorTestHarness<RawRecord, FeedbackEvent> harness =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(
                                new EventValidationFunction<>(
                                        FeedbackEvent.class, "feedback", limits)))) {
            harness.setup(new EventJsonSerializer<>(FeedbackEvent.class));
            harness.open();
            long now = 1_800_000_000_000L;
            harness.setProcessingTime(now);
            long[] times = {
                now,
                now + 3_599_000, // 59 min 59 s ahead: allowed
                now + 3_601_000, // just over an hour ahead
                now + 10L * 365 * 24 * 3600 * 1000, // ten years ahead
                now - 29L * 24 * 3600 * 1000, // 29 days behind: allowed
                now - 31L * 24 * 3600 * 1000 // 31 days behind: too late
            };
            for (int i = 0; i < times.length; i++) {
                byte[] json =
                        ("{\"event_id\":\"t"
                                        + i
                                        + "\",\"model\":\"m\",\"ts\":"
                                        + times[i]
                                        + ",\"features\":{\"x\":1},\"prediction\":1}")
                                .getBytes(StandardCharsets.UTF_8);
                harness.processElement(
                        new StreamRecord<>(
                                new RawRecord("driftline.feedback", 0, i, 0L, null, json)));
            }

            assertThat(harness.extractOutputValues())
                    .extracting(FeedbackEvent::eventId)
                    .containsExactly("t0", "t1", "t4");
            assertThat(harness.getSideOutput(EventValidationFunction.DEAD_LETTERS))
                    .extracting(r -> r.getValue().reason())
                    .containsExactly(
                            "too far in the future: ts is 60 min ahead of processing time (limit 60 min)",
                            "too far in the future: ts is 3650 days ahead of processing time (limit 60 min)",
                            "too late: ts is 31 days behind processing time (limit 30 days)");
        }
    }
}
