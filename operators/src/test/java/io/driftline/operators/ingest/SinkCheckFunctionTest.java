package io.driftline.operators.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.events.DeadLetter;
import io.driftline.events.FeedbackEvent;
import io.driftline.operators.serialization.EventJsonSerializer;
import io.driftline.operators.serialization.EventJsonSerializerTest;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class SinkCheckFunctionTest {

    @Test
    void aRecordTheSinkWouldRefuseIsADeadLetterAndTheRestPass() throws Exception {
        FeedbackEvent good = EventJsonSerializerTest.event();
        FeedbackEvent refused = version(good, "refuse-me");
        FeedbackEvent throwing = version(good, "throw");
        SinkCheckFunction<FeedbackEvent> function =
                new SinkCheckFunction<>(
                        event -> {
                            if ("throw".equals(event.modelVersion())) {
                                throw new IllegalStateException("codec bug");
                            }
                            return "refuse-me".equals(event.modelVersion())
                                    ? "document too large"
                                    : null;
                        },
                        "mongo-sink",
                        "driftline.feedback",
                        "mongoDocumentsRefused");
        try (OneInputStreamOperatorTestHarness<FeedbackEvent, FeedbackEvent> harness =
                new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(function))) {
            harness.setup(new EventJsonSerializer<>(FeedbackEvent.class));
            harness.open();
            harness.processElement(new StreamRecord<>(good));
            harness.processElement(new StreamRecord<>(refused));
            harness.processElement(new StreamRecord<>(throwing));

            assertThat(harness.extractOutputValues()).containsExactly(good);
            var deadLetters = harness.getSideOutput(SinkCheckFunction.DEAD_LETTERS);
            assertThat(deadLetters)
                    .extracting(r -> ((StreamRecord<DeadLetter>) r).getValue().reason())
                    .containsExactly(
                            "processing: mongo-sink: document too large",
                            "processing: mongo-sink: IllegalStateException: codec bug");
            assertThat(deadLetters.peek().getValue().sourceTopic()).isEqualTo("driftline.feedback");
        }
    }

    private static FeedbackEvent version(FeedbackEvent e, String version) {
        return new FeedbackEvent(
                e.eventId(),
                e.model(),
                version,
                e.ts(),
                e.features(),
                e.prediction(),
                e.confidenceScore(),
                e.actual(),
                e.segment());
    }
}
