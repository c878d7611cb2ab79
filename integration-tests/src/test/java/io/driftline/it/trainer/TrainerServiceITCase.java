package io.driftline.it.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.driftline.events.EventJson;
import io.driftline.events.Evidence;
import io.driftline.events.ModelPublished;
import io.driftline.events.RetrainStatus;
import io.driftline.events.RetrainTrigger;
import io.driftline.events.Severity;
import io.driftline.events.TriggerReason;
import io.driftline.events.TriggerStatus;
import io.driftline.it.fixtures.KafkaExtension;
import io.driftline.it.fixtures.MongoExtension;
import io.driftline.trainer.pipeline.PipelineOutcome;
import io.driftline.trainer.pipeline.TrainingFailedException;
import io.driftline.trainer.service.TrainerConfig;
import io.driftline.trainer.service.TrainerService;
import io.driftline.trainer.testing.TestingModelRegistry;
import io.driftline.trainer.testing.TestingRetrainPipeline;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The trainer service against a real Kafka broker (child JVM) and the MongoDB-protocol server:
 * trigger → claim → pipeline → ModelPublished → completed, with every status on the status topic;
 * duplicates, an expired lease, a data failure, a gate rejection, rollback and the admin token. The
 * pipeline is a scripted fake of our own interface; everything around it is real.
 */
class TrainerServiceITCase {

    static final String TOKEN = "it-admin-token";
    static final AtomicInteger TEST_IDS = new AtomicInteger();

    @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

    @RegisterExtension static final MongoExtension MONGO = new MongoExtension();

    final List<TrainerService> services = new ArrayList<>();
    String suffix;
    String database;

    @AfterEach
    void stopServices() {
        services.forEach(TrainerService::close);
    }

    /**
     * A service on this test's own topics and database (so tests never see each other's triggers).
     */
    TrainerService start(
            TestingRetrainPipeline pipeline,
            TestingModelRegistry registry,
            Map<String, String> extra)
            throws IOException {
        if (suffix == null) {
            suffix = "t" + TEST_IDS.incrementAndGet();
            database = "driftline_" + suffix;
            KAFKA.createTopics(List.of(triggers(), status(), updates()), 2);
        }
        Map<String, String> values = new HashMap<>();
        values.put("kafka.bootstrap-servers", KAFKA.bootstrapServers());
        values.put("kafka.group-id", "trainers-" + suffix);
        values.put("topics.retrain-triggers", triggers());
        values.put("topics.retrain-status", status());
        values.put("topics.model-updates", updates());
        values.put("mongo.uri", MONGO.connectionString());
        values.put("mongo.database", database);
        values.put("trainer.id", "trainer-" + suffix + "-" + services.size());
        values.put("http.port", "0");
        values.put("http.host", "localhost");
        values.put("trainer.retry-backoff", "PT0.1S");
        values.putAll(extra);
        TrainerConfig config =
                TrainerConfig.from(values, Map.of(TrainerConfig.ADMIN_TOKEN_ENV, TOKEN));
        TrainerService service =
                TrainerService.create(config, pipeline, registry, Clock.systemUTC());
        services.add(service);
        return service.start();
    }

    String triggers() {
        return "driftline.retrain-triggers." + suffix;
    }

    String status() {
        return "driftline.retrain-status." + suffix;
    }

    String updates() {
        return "driftline.model-updates." + suffix;
    }

    MongoCollection<Document> triggerDocs() {
        return MONGO.database(database).getCollection("retraining_triggers");
    }

    static RetrainTrigger trigger(String model, long windowEnd) {
        return RetrainTrigger.pending(
                model,
                windowEnd,
                TriggerReason.DRIFT,
                Severity.DRIFT,
                new Evidence(List.of("report-1"), Map.of("income.psi", 0.31), "income drifted"),
                windowEnd,
                false);
    }

    void send(RetrainTrigger trigger) {
        try (KafkaProducer<byte[], byte[]> producer = KAFKA.producer()) {
            producer.send(
                    new ProducerRecord<>(
                            triggers(),
                            trigger.model().getBytes(StandardCharsets.UTF_8),
                            EventJson.toJson(trigger)));
            producer.flush();
        }
    }

    /** Every record on {@code topic} now, read_committed, from the beginning. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        return KAFKA.readToEnd(topic);
    }

    List<RetrainStatus> statuses(String triggerId) {
        return readAll(status()).stream()
                .map(r -> EventJson.parseRetrainStatus(r.value()).value())
                .filter(s -> s.triggerId().equals(triggerId))
                .sorted(java.util.Comparator.comparingLong(RetrainStatus::ts))
                .toList();
    }

    List<ModelPublished> published() {
        List<ModelPublished> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(updates())) {
            ModelPublished m = EventJson.parseModelPublished(r.value()).value();
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(m.model());
            out.add(m);
        }
        return out;
    }

    Document awaitStatus(String triggerId, String status) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            Document d = triggerDocs().find(Filters.eq("_id", triggerId)).first();
                            return d != null && status.equals(d.getString("status"));
                        });
        return triggerDocs().find(Filters.eq("_id", triggerId)).first();
    }

    @Test
    void triggerIsClaimedTrainedPublishedAndCompleted() throws Exception {
        TestingRetrainPipeline pipeline = TestingRetrainPipeline.promoting(t -> 3);
        TrainerService service = start(pipeline, new TestingModelRegistry(), Map.of());
        RetrainTrigger trigger = trigger("credit-risk", 1_700_000_060_000L);
        send(trigger);

        Document done = awaitStatus(trigger.triggerId(), "completed");
        assertThat(((Number) done.get("model_version")).intValue()).isEqualTo(3);
        assertThat(((Number) done.get("attempts")).intValue()).isEqualTo(1);
        assertThat(done.getString("trainer_id")).isEqualTo(service.config().trainerId());
        assertThat(done.get("completed_at")).isNotNull();
        assertThat(done.get("lease_until")).isNull();

        assertThat(published())
                .singleElement()
                .satisfies(
                        m -> {
                            assertThat(m.model()).isEqualTo("credit-risk");
                            assertThat(m.version()).isEqualTo(3);
                            assertThat(m.triggerId()).isEqualTo(trigger.triggerId());
                        });
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () ->
                                assertThat(statuses(trigger.triggerId()))
                                        .extracting(RetrainStatus::from, RetrainStatus::to)
                                        .containsExactly(
                                                org.assertj.core.groups.Tuple.tuple(
                                                        null, TriggerStatus.PENDING),
                                                org.assertj.core.groups.Tuple.tuple(
                                                        TriggerStatus.PENDING,
                                                        TriggerStatus.RUNNING),
                                                org.assertj.core.groups.Tuple.tuple(
                                                        TriggerStatus.RUNNING,
                                                        TriggerStatus.COMPLETED)));
        assertThat(service.health().status().wire()).isEqualTo("healthy");
        assertThat(service.metrics().scrape())
                .contains(
                        "driftline_retrain_triggered_total{model=\"credit-risk\",status=\"completed\"} 1.0")
                .contains("driftline_model_f1{model=\"credit-risk\",version=\"3\"} 0.87");
    }

    @Test
    void aDuplicatedTriggerRunsThePipelineOnceAcrossTwoTrainers() throws Exception {
        TestingRetrainPipeline pipeline = TestingRetrainPipeline.promoting(t -> 1);
        TestingModelRegistry registry = new TestingModelRegistry();
        start(pipeline, registry, Map.of());
        start(pipeline, registry, Map.of());
        RetrainTrigger trigger = trigger("churn", 1_700_000_120_000L);
        send(trigger);
        send(trigger);
        send(trigger);

        awaitStatus(trigger.triggerId(), "completed");
        // all three deliveries handled and committed by the group
        try (Admin admin = KAFKA.admin()) {
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(300))
                    .until(
                            () -> {
                                Map<TopicPartition, OffsetAndMetadata> committed =
                                        admin.listConsumerGroupOffsets("trainers-" + suffix)
                                                .partitionsToOffsetAndMetadata()
                                                .get();
                                long total =
                                        committed.values().stream()
                                                .mapToLong(OffsetAndMetadata::offset)
                                                .sum();
                                return total == 3;
                            });
        }
        assertThat(pipeline.runs).hasSize(1);
        assertThat(published()).hasSize(1);
    }

    @Test
    void anExpiredLeaseIsTakenOverAndCompletedOnce() throws Exception {
        TestingRetrainPipeline pipeline = TestingRetrainPipeline.promoting(t -> 2);
        // the trigger document of a trainer that died while training: running, lease long gone
        suffix = "t" + TEST_IDS.incrementAndGet();
        database = "driftline_" + suffix;
        KAFKA.createTopics(List.of(triggers(), status(), updates()), 2);
        RetrainTrigger crashed =
                trigger("churn", 1_700_000_180_000L)
                        .withStatus(TriggerStatus.RUNNING, 1_000L)
                        .withClaim("crashed-trainer", 61_000L);
        Document doc = Document.parse(EventJson.toJsonString(crashed));
        doc.put("_id", crashed.triggerId());
        doc.put("updated_at", 1_000L);
        triggerDocs().insertOne(doc);

        TrainerService service =
                start(
                        pipeline,
                        new TestingModelRegistry(),
                        Map.of("trainer.sweep-interval", "PT1S"));

        Document done = awaitStatus(crashed.triggerId(), "completed");
        assertThat(done.getString("trainer_id")).isEqualTo(service.config().trainerId());
        assertThat(((Number) done.get("attempts")).intValue()).isEqualTo(2);
        assertThat(pipeline.runs).hasSize(1);
        assertThat(published())
                .singleElement()
                .satisfies(m -> assertThat(m.version()).isEqualTo(2));
        assertThat(statuses(crashed.triggerId()))
                .extracting(RetrainStatus::from, RetrainStatus::to)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                TriggerStatus.RUNNING, TriggerStatus.PENDING),
                        org.assertj.core.groups.Tuple.tuple(
                                TriggerStatus.PENDING, TriggerStatus.RUNNING),
                        org.assertj.core.groups.Tuple.tuple(
                                TriggerStatus.RUNNING, TriggerStatus.COMPLETED));

        // the redelivered Kafka record of that trigger finds it completed and trains nothing
        send(crashed);
        try (Admin admin = KAFKA.admin()) {
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(300))
                    .until(
                            () ->
                                    admin
                                                    .listConsumerGroupOffsets("trainers-" + suffix)
                                                    .partitionsToOffsetAndMetadata()
                                                    .get()
                                                    .values()
                                                    .stream()
                                                    .mapToLong(OffsetAndMetadata::offset)
                                                    .sum()
                                            == 1);
        }
        assertThat(pipeline.runs).hasSize(1);
    }

    @Test
    void insufficientDataFailsAtOnceWithTheReason() throws Exception {
        TestingRetrainPipeline pipeline =
                new TestingRetrainPipeline(
                        t -> {
                            throw new TrainingFailedException(
                                    "insufficient data: 120 < 500", false);
                        });
        TrainerService service = start(pipeline, new TestingModelRegistry(), Map.of());
        RetrainTrigger trigger = trigger("churn", 1_700_000_240_000L);
        send(trigger);

        Document failed = awaitStatus(trigger.triggerId(), "failed");
        assertThat(failed.getString("error")).isEqualTo("insufficient data: 120 < 500");
        assertThat(((Number) failed.get("attempts")).intValue()).isEqualTo(1);
        assertThat(pipeline.runs).hasSize(1);
        assertThat(published()).isEmpty();
        assertThat(service.health().status().wire()).isEqualTo("degraded");
        assertThat(service.health().reasons())
                .anySatisfy(r -> assertThat(r).contains("insufficient data"));
    }

    @Test
    void aRetryableFailureIsRetriedWithBackoffThenFails() throws Exception {
        TestingRetrainPipeline pipeline =
                new TestingRetrainPipeline(
                        t -> {
                            throw new TrainingFailedException(
                                    "connection to feedback store lost", true);
                        });
        start(pipeline, new TestingModelRegistry(), Map.of("trainer.max-attempts", "3"));
        RetrainTrigger trigger = trigger("churn", 1_700_000_270_000L);
        send(trigger);

        Document failed = awaitStatus(trigger.triggerId(), "failed");
        assertThat(((Number) failed.get("attempts")).intValue()).isEqualTo(3);
        assertThat(failed.getString("error"))
                .isEqualTo("connection to feedback store lost (attempt 3 of 3)");
        assertThat(pipeline.runs).hasSize(3);
    }

    @Test
    void aRejectedCandidateMarksTheTriggerRejected() throws Exception {
        TestingRetrainPipeline pipeline =
                new TestingRetrainPipeline(
                        t ->
                                new PipelineOutcome.Rejected(
                                        "f1",
                                        0.71,
                                        0.80,
                                        Map.of("f1", 0.71),
                                        "candidate worse than champion"));
        start(pipeline, new TestingModelRegistry(), Map.of());
        RetrainTrigger trigger = trigger("churn", 1_700_000_300_000L);
        send(trigger);

        Document rejected = awaitStatus(trigger.triggerId(), "rejected");
        assertThat(rejected.getString("error")).contains("0.7100").contains("0.8000");
        assertThat(published()).isEmpty();
    }

    @Test
    void rollbackPublishesTheOldVersionAndAdminNeedsTheToken() throws Exception {
        TestingModelRegistry registry =
                new TestingModelRegistry()
                        .add(TestingRetrainPipeline.published("churn", 1, null))
                        .add(TestingRetrainPipeline.published("churn", 2, "churn-drift-1"));
        TrainerService service =
                start(TestingRetrainPipeline.promoting(t -> 3), registry, Map.of());
        HttpClient http = HttpClient.newHttpClient();
        URI rollback = URI.create("http://localhost:" + service.httpPort() + "/admin/rollback");
        String body = "{\"model\":\"churn\",\"version\":1}";

        HttpResponse<String> denied =
                http.send(
                        HttpRequest.newBuilder(rollback)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(denied.statusCode()).isEqualTo(401);
        assertThat(published()).isEmpty();

        HttpResponse<String> ok =
                http.send(
                        HttpRequest.newBuilder(rollback)
                                .header("Authorization", "Bearer " + TOKEN)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(published())
                .singleElement()
                .satisfies(
                        m -> {
                            assertThat(m.version()).isEqualTo(1);
                            assertThat(m.stage().name()).isEqualTo("PRODUCTION");
                        });

        // a manual retrain through the API reaches the trainer and completes
        HttpResponse<String> retrain =
                http.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                "http://localhost:"
                                                        + service.httpPort()
                                                        + "/admin/retrain"))
                                .header("Authorization", "Bearer " + TOKEN)
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"model\":\"churn\",\"force\":true}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(retrain.statusCode()).isEqualTo(202);
        String triggerId =
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(retrain.body())
                        .at("/requested/0/trigger_id")
                        .asText();
        Document done = awaitStatus(triggerId, "completed");
        assertThat(done.getString("reason")).isEqualTo("manual");
        assertThat(done.getBoolean("force")).isTrue();

        HttpResponse<String> health =
                http.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                "http://localhost:"
                                                        + service.httpPort()
                                                        + "/health/all"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body())
                .contains("\"status\":\"healthy\"")
                .contains("\"kafka\"")
                .contains("\"mongodb\"")
                .contains("\"device\"");
    }
}
