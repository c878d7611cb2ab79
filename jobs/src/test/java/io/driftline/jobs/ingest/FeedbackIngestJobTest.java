package io.driftline.jobs.ingest;

import static io.driftline.jobs.TestingRecordSource.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.events.DeadLetter;
import io.driftline.events.EventJson;
import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import io.driftline.jobs.TestingRecordSource;
import io.driftline.jobs.TestingSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The feedback ingest job's graph ({@link FeedbackIngestJob#build}) on a MiniCluster with in-memory
 * sources and sinks: valid feedback reaches the feedback sink, invalid records reach the dead
 * letters with their reason, original bytes and position, nothing is lost or doubled.
 */
class FeedbackIngestJobTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    static final String TOPIC = "driftline.feedback";

    @Test
    void validFeedbackIsStoredAndInvalidRecordsAreDeadLettered() throws Exception {
        long now = System.currentTimeMillis();
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            records.add(EventJson.toJson(feedback("evt-" + i, now - 60_000 + i)));
        }
        byte[] notJson = utf8("not json");
        byte[] noEventId = utf8("{\"model\":\"m\",\"ts\":1,\"features\":{},\"prediction\":1}");
        byte[] nan =
                utf8(
                        "{\"event_id\":\"b6\",\"model\":\"m\",\"ts\":1,\"features\":{\"x\":NaN},"
                                + "\"prediction\":1}");
        records.add(5, notJson);
        records.add(10, noEventId);
        records.add(15, nan);

        TestingSink<FeedbackEvent> stored = new TestingSink<>();
        TestingSink<DeadLetter> deadLetters = new TestingSink<>();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.getConfig().disableGenericTypes(); // as in production: a Kryo fallback fails the job
        FeedbackIngestJob.build(
                env,
                FeedbackIngestConfig.from(new Configuration(), Map.of()),
                new FeedbackIngestJob.Sources(TestingRecordSource.of(TOPIC, records)),
                new FeedbackIngestJob.Sinks(stored, deadLetters));
        env.execute("feedback-ingest-graph");

        assertThat(stored.collected())
                .extracting(FeedbackEvent::eventId)
                .containsExactlyInAnyOrderElementsOf(
                        records.stream()
                                .filter(r -> r != notJson && r != noEventId && r != nan)
                                .map(r -> EventJson.parseFeedback(r).value().eventId())
                                .toList());
        assertThat(stored.collected())
                .filteredOn(e -> e.eventId().equals("evt-3"))
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.model()).isEqualTo("credit-risk");
                            assertThat(e.features())
                                    .containsEntry("income", new FeatureValue.Numeric(50_003));
                        });

        assertThat(deadLetters.collected()).hasSize(3);
        assertThat(deadLetters.collected())
                .allSatisfy(dl -> assertThat(dl.sourceTopic()).isEqualTo(TOPIC));
        assertThat(deadLetters.collected())
                .filteredOn(dl -> dl.offset() == 5)
                .singleElement()
                .satisfies(
                        dl -> {
                            assertThat(dl.reason()).startsWith("malformed json");
                            assertThat(dl.payload()).isEqualTo(notJson);
                        });
        assertThat(deadLetters.collected())
                .filteredOn(dl -> dl.offset() == 10)
                .singleElement()
                .satisfies(dl -> assertThat(dl.reason()).startsWith("missing field: event_id"));
        assertThat(deadLetters.collected())
                .filteredOn(dl -> dl.offset() == 15)
                .singleElement()
                .satisfies(
                        dl ->
                                assertThat(dl.reason())
                                        .startsWith("non-finite number in features.x"));
    }

    private static FeedbackEvent feedback(String id, long ts) {
        int i = Integer.parseInt(id.substring(4));
        return new FeedbackEvent(
                id,
                "credit-risk",
                "1",
                ts,
                Map.of(
                        "income", new FeatureValue.Numeric(50_000 + i),
                        "region", new FeatureValue.Categorical(i % 2 == 0 ? "north" : "south")),
                new FeatureValue.Numeric(i % 2),
                0.8,
                null,
                Map.of());
    }
}
