package io.driftline.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.driftline.events.DeadLetter;
import io.driftline.events.EventJson;
import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import io.driftline.events.ParseResult;
import io.driftline.jobs.config.DriftlineOptions;
import io.driftline.jobs.ingest.FeedbackIngestConfig;
import io.driftline.jobs.ingest.FeedbackIngestJob;
import io.driftline.stack.kafka.EmbeddedKafka;
import io.driftline.stack.mongo.EmbeddedMongo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feedback ingest job on a Flink MiniCluster against a real Kafka broker (child JVM) and the
 * MongoDB-protocol server: valid events land in {@code ml_feedback} once each, late outcomes join
 * their prediction's document, and every invalid record reaches the dead-letter topic with its
 * reason and original bytes.
 */
class FeedbackIngestITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    @TempDir static Path tmp;

    static EmbeddedKafka kafka;
    static EmbeddedMongo mongo;

    @BeforeAll
    static void startInfrastructure() throws Exception {
        mongo = EmbeddedMongo.start(tmp.resolve("mongo/test.mv.db"), "localhost", 0);
        kafka =
                EmbeddedKafka.start(
                        tmp.resolve("kafka"),
                        TestingPorts.free(),
                        TestingPorts.free(),
                        EmbeddedKafka.defaultBrokerLib());
        kafka.createTopics(List.of("driftline.feedback", "driftline.dead-letter"), 2);
    }

    @AfterAll
    static void stopInfrastructure() {
        if (kafka != null) {
            kafka.close();
        }
        if (mongo != null) {
            mongo.close();
        }
    }

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
        Configuration options = new Configuration();
        options.set(DriftlineOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        options.set(DriftlineOptions.MONGO_URI, mongo.connectionString());
        options.set(DriftlineOptions.MONGO_DATABASE, "driftline_it");
        FeedbackIngestConfig config = FeedbackIngestConfig.from(options, Map.of());

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(1_000);
        env.getConfig().disableGenericTypes(); // as in production: a Kryo fallback fails the job
        FeedbackIngestJob.build(
                env,
                config.limits(),
                FeedbackIngestJob.source(config),
                FeedbackIngestJob.feedbackSink(config),
                FeedbackIngestJob.deadLetterSink(config));
        JobClient job = env.executeAsync(FeedbackIngestJob.NAME);

        List<byte[]> badSent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
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

        try (MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> feedback =
                    client.getDatabase("driftline_it").getCollection("ml_feedback");
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> feedback.countDocuments(Filters.exists("actual")) == 1_000);
            assertThat(feedback.countDocuments()).isEqualTo(1_000);

            Document late = feedback.find(Filters.eq("_id", "evt-5")).first();
            assertThat(late).isNotNull();
            assertThat(late.getString("actual")).isEqualTo("1");
            assertThat(late.getString("model")).isEqualTo("credit-risk");
            assertThat(late.getDouble("prediction")).isEqualTo(1.0); // prediction kept
            assertThat(late.get("features", Document.class).getDouble("income"))
                    .isEqualTo(50_005.0);
            assertThat(late.getBoolean("used_for_training")).isFalse();
        }

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

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static List<DeadLetter> readDeadLetters(int expected, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-dead-letters");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<DeadLetter> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("driftline.dead-letter"));
            long deadline = System.nanoTime() + timeout.toNanos();
            // read until the expected count, then a little longer to catch duplicates
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    ParseResult<DeadLetter> parsed = EventJson.parseDeadLetter(r.value());
                    assertThat(parsed.isValid()).as("dead letter parses: %s", parsed).isTrue();
                    out.add(parsed.value());
                }
                if (out.size() >= expected && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                }
            }
        }
        return out;
    }
}
