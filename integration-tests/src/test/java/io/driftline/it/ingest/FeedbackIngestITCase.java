package io.driftline.it.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.driftline.events.DeadLetter;
import io.driftline.events.EventJson;
import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import io.driftline.events.ParseResult;
import io.driftline.it.fixtures.FlinkClusterExtension;
import io.driftline.it.fixtures.KafkaExtension;
import io.driftline.it.fixtures.MongoExtension;
import io.driftline.jobs.config.DriftlineOptions;
import io.driftline.jobs.ingest.FeedbackIngestJob;
import io.driftline.stack.StackJobs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The feedback ingest job on a Flink MiniCluster against a real Kafka broker (child JVM) and the
 * MongoDB-protocol server: valid events land in {@code ml_feedback} once each, late outcomes join
 * their prediction's document, and every invalid record reaches the dead-letter topic with its
 * reason and original bytes.
 */
class FeedbackIngestITCase {

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    @RegisterExtension
    static final KafkaExtension KAFKA =
            new KafkaExtension(List.of("driftline.feedback", "driftline.dead-letter"), 2);

    @RegisterExtension static final MongoExtension MONGO = new MongoExtension();

    /** Event time of the valid events: recent, as the contract's event-time window requires. */
    static final long START = System.currentTimeMillis() - 120_000;

    /** One kind of bad input and the reason category it must be dead-lettered with. */
    record Bad(String json, String expectedReason) {}

    static final List<Bad> BAD_INPUTS =
            List.of(
                    new Bad(
                            "{\"event_id\":\"b0\",\"model\":\"m\",\"ts\":1,\"features\":{\"x\":",
                            "malformed json"),
                    new Bad("not json", "malformed json"),
                    new Bad("[1,2,3]", "not an object"),
                    new Bad(
                            "{\"model\":\"m\",\"ts\":1,\"features\":{},\"prediction\":1}",
                            "missing field: event_id"),
                    new Bad(
                            "{\"event_id\":\"b4\",\"model\":\"../etc\",\"ts\":1,\"features\":{},\"prediction\":1}",
                            "invalid model name"),
                    new Bad(
                            "{\"event_id\":\"b5\",\"model\":\"m\",\"ts\":\"1\",\"features\":{},\"prediction\":1}",
                            "wrong type: ts"),
                    new Bad(
                            "{\"event_id\":\"b6\",\"model\":\"m\",\"ts\":1,\"features\":{\"x\":NaN},\"prediction\":1}",
                            "non-finite number in features.x"),
                    new Bad(
                            "{\"event_id\":\"b7\",\"model\":\"m\",\"ts\":1,\"features\":{\"x\":1e999},\"prediction\":1}",
                            "non-finite number"),
                    new Bad(
                            "{\"event_id\":\"b8\",\"model\":\"m\",\"ts\":-5,\"features\":{},\"prediction\":1}",
                            "out of range: ts"),
                    new Bad(
                            "{\"event_id\":\"b9\",\"model\":\"m\",\"ts\":1,\"features\":{},\"prediction\":1,\"confidence_score\":3}",
                            "out of range: confidence_score"),
                    new Bad(
                            "{\"schema\":2,\"event_id\":\"b10\",\"model\":\"m\",\"ts\":1,\"features\":{},\"prediction\":1}",
                            "unsupported schema version"),
                    new Bad(
                            "{\"event_id\":\"b11\",\"model\":\"m\",\"ts\":1,\"features\":[],\"prediction\":1}",
                            "wrong type: features"),
                    new Bad("", "malformed json"));

    @Test
    void validEventsLandInMongoAndInvalidOnesInTheDeadLetterTopic() throws Exception {
        Configuration options =
                StackJobs.options(
                        KAFKA.bootstrapServers(),
                        MONGO.connectionString(),
                        "driftline_it",
                        null,
                        DriftlineOptions.WINDOW_SIZE.defaultValue());
        StreamExecutionEnvironment env = FLINK.environment();
        StackJobs.buildIngest(env, options);
        JobClient job = env.executeAsync(FeedbackIngestJob.NAME);

        List<byte[]> badSent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = KAFKA.producer()) {
            for (int i = 0; i < 1_000; i++) {
                FeedbackEvent e = valid(i, i % 5 == 0 ? null : (i % 2 == 0 ? "1" : "0"));
                producer.send(record("credit-risk", EventJson.toJson(e)));
                if (i % 10 == 9) {
                    byte[] bad =
                            BAD_INPUTS
                                    .get((i / 10) % BAD_INPUTS.size())
                                    .json()
                                    .getBytes(StandardCharsets.UTF_8);
                    badSent.add(bad);
                    producer.send(record("bad", bad));
                }
            }
            // outcomes arriving later for the predictions sent without one (every 5th)
            for (int i = 0; i < 1_000; i += 5) {
                FeedbackEvent outcome =
                        new FeedbackEvent(
                                "evt-" + i,
                                "credit-risk",
                                null,
                                START + 60_000 + i,
                                Map.of(),
                                null,
                                null,
                                new FeatureValue.Categorical("1"),
                                Map.of());
                producer.send(record("credit-risk", EventJson.toJson(outcome)));
            }
            producer.flush();
        }
        assertThat(badSent).hasSize(100);

        MongoCollection<Document> feedback =
                MONGO.database("driftline_it").getCollection("ml_feedback");
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> feedback.countDocuments(Filters.exists("actual")) == 1_000);
        assertThat(feedback.countDocuments()).isEqualTo(1_000);

        Document late = feedback.find(Filters.eq("_id", "evt-5")).first();
        assertThat(late).isNotNull();
        assertThat(late.getString("actual")).isEqualTo("1");
        assertThat(late.getString("model")).isEqualTo("credit-risk");
        assertThat(late.getDouble("prediction")).isEqualTo(1.0); // prediction kept
        assertThat(late.get("features", Document.class).getDouble("income")).isEqualTo(50_005.0);
        assertThat(late.getBoolean("used_for_training")).isFalse();

        List<DeadLetter> deadLetters = readDeadLetters(100, Duration.ofSeconds(60));
        job.cancel().get();

        assertThat(deadLetters).hasSize(100);
        for (DeadLetter dl : deadLetters) {
            byte[] original = Base64.getDecoder().decode(dl.payloadBase64());
            Bad kind =
                    BAD_INPUTS.stream()
                            .filter(
                                    b ->
                                            b.json()
                                                    .equals(
                                                            new String(
                                                                    original,
                                                                    StandardCharsets.UTF_8)))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("unexpected dead letter " + dl));
            assertThat(dl.reason())
                    .as("reason for %s", kind.json())
                    .startsWith(kind.expectedReason());
            assertThat(dl.sourceTopic()).isEqualTo("driftline.feedback");
            assertThat(dl.offset()).isNotNull();
        }
    }

    private static FeedbackEvent valid(int i, String actual) {
        Map<String, FeatureValue> features = new LinkedHashMap<>();
        features.put("income", new FeatureValue.Numeric(50_000 + i));
        features.put("region", new FeatureValue.Categorical(i % 3 == 0 ? "north" : "south"));
        features.put(
                "age", i % 50 == 0 ? FeatureValue.MISSING : new FeatureValue.Numeric(20 + i % 40));
        return new FeedbackEvent(
                "evt-" + i,
                "credit-risk",
                "1",
                START + i,
                features,
                new FeatureValue.Numeric(i % 2),
                0.8,
                actual == null ? null : new FeatureValue.Categorical(actual),
                Map.of());
    }

    private static ProducerRecord<byte[], byte[]> record(String key, byte[] value) {
        return new ProducerRecord<>(
                "driftline.feedback", key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static List<DeadLetter> readDeadLetters(int expected, Duration timeout) {
        // read until the expected count, then a little longer to catch duplicates
        return KAFKA.readCommitted(
                "driftline.dead-letter",
                expected,
                timeout,
                Duration.ofSeconds(3),
                bytes -> {
                    ParseResult<DeadLetter> parsed = EventJson.parseDeadLetter(bytes);
                    assertThat(parsed.isValid()).as("dead letter parses: %s", parsed).isTrue();
                    return parsed.value();
                });
    }
}
