package io.driftline.it.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.driftline.core.profile.ReferenceSummary;
import io.driftline.core.summary.ObservedKind;
import io.driftline.core.summary.SummaryConfig;
import io.driftline.events.EventJson;
import io.driftline.events.Evidence;
import io.driftline.events.ModelPublished;
import io.driftline.events.ModelStage;
import io.driftline.events.RetrainStatus;
import io.driftline.events.RetrainTrigger;
import io.driftline.events.Severity;
import io.driftline.events.TriggerReason;
import io.driftline.events.TriggerStatus;
import io.driftline.it.fixtures.KafkaExtension;
import io.driftline.it.fixtures.MongoExtension;
import io.driftline.trainer.cli.TrainerCli;
import io.driftline.trainer.registry.ArtifactStore;
import io.driftline.trainer.service.TrainerComponents;
import io.driftline.trainer.service.TrainerConfig;
import io.driftline.trainer.service.TrainerService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The trainer service with its production components ({@link TrainerComponents#create}: the DJL
 * pipeline training on the CPU and the MongoDB registry) against a real Kafka broker and the
 * MongoDB-protocol server, on the default topics and database, fed with {@code ml_feedback}
 * documents in the shape the ingest job writes: a trigger is trained, gated, registered, published
 * and completed; a candidate trained on shuffled labels is rejected; too little data fails once;
 * rollback goes through the admin API; and the operator's CLI retrains and lists.
 */
class TrainerPipelineITCase {

    static final String TOKEN = "pipeline-it-admin-token";
    static final String DATABASE = "driftline";
    static final int ROWS = 2_000;

    @RegisterExtension
    static final KafkaExtension KAFKA =
            new KafkaExtension(
                    List.of(
                            "driftline.retrain-triggers",
                            "driftline.retrain-status",
                            "driftline.model-updates"),
                    2);

    @RegisterExtension static final MongoExtension MONGO = new MongoExtension();

    @TempDir static Path tmp;

    static TrainerService service;
    static Path modelsDir;

    /** Feedback times: every seeded batch lies after the previous one and before now. */
    static final AtomicLong NEXT_TS = new AtomicLong();

    @BeforeAll
    static void startStack() throws Exception {
        modelsDir = tmp.resolve("models");
        TrainerConfig config =
                TrainerConfig.from(
                        Map.of(
                                "kafka.bootstrap-servers",
                                KAFKA.bootstrapServers(),
                                "mongo.uri",
                                MONGO.connectionString(),
                                "mongo.database",
                                DATABASE,
                                "trainer.id",
                                "pipeline-it-trainer",
                                "http.host",
                                "localhost",
                                "http.port",
                                "0",
                                "models.dir",
                                modelsDir.toString()),
                        Map.of(TrainerConfig.ADMIN_TOKEN_ENV, TOKEN));
        Clock clock = Clock.systemUTC();
        TrainerComponents components =
                TrainerComponents.create(MONGO.database(DATABASE), config, clock);
        service =
                TrainerService.create(config, components.pipeline(), components.registry(), clock)
                        .start();
        NEXT_TS.set(System.currentTimeMillis() - Duration.ofDays(1).toMillis());
    }

    @AfterAll
    static void stopStack() {
        if (service != null) {
            service.close();
        }
    }

    // ---------------------------------------------------------------- data

    static MongoDatabase db() {
        return MONGO.database(DATABASE);
    }

    static MongoCollection<Document> feedback() {
        return db().getCollection("ml_feedback");
    }

    static MongoCollection<Document> registry() {
        return db().getCollection("model_registry");
    }

    static MongoCollection<Document> triggerDocs() {
        return db().getCollection("retraining_triggers");
    }

    /** How a seeded row's label is chosen from its true class. */
    enum Labels {
        TRUE,
        SHUFFLED
    }

    /**
     * Inserts {@code rows} feedback documents of {@code model}, as the ingest job's upserts leave
     * them, one second apart: a separable classifier on a numeric {@code income}, a numeric {@code
     * debt_ratio} (sometimes missing) and a categorical {@code region}; the class is "approve" or
     * "deny" with a margin around the boundary.
     */
    static void seed(String model, int rows, Labels labels, long seed) {
        Random random = new Random(seed);
        List<String> trueLabels = new ArrayList<>(rows);
        List<Document> docs = new ArrayList<>(rows);
        long ts = NEXT_TS.getAndAdd((rows + 10) * 1_000L);
        String[] regions = {"north", "south", "east", "west"};
        while (docs.size() < rows) {
            double income = random.nextGaussian();
            Double debtRatio = random.nextInt(50) == 0 ? null : random.nextGaussian();
            String region = regions[random.nextInt(regions.length)];
            double score =
                    2 * income
                            - (debtRatio == null ? 0 : debtRatio)
                            + switch (region) {
                                case "north" -> 1.5;
                                case "south" -> -1.5;
                                default -> 0;
                            };
            if (Math.abs(score) < 0.5) {
                continue; // a margin, so that a small MLP separates the classes
            }
            String label = score > 0 ? "approve" : "deny";
            trueLabels.add(label);
            Document features = new Document("income", income * 20_000 + 50_000);
            features.put("debt_ratio", debtRatio);
            features.put("region", region);
            String id = model + "-evt-" + seed + "-" + docs.size();
            ts += 1_000;
            docs.add(
                    new Document("_id", id)
                            .append("event_id", id)
                            .append("model", model)
                            .append("ts", ts)
                            .append("event_time", new Date(ts))
                            .append("model_version", "0")
                            .append("features", features)
                            .append("prediction", label)
                            .append("actual", label)
                            .append("actual_ts", ts)
                            .append("used_for_training", false));
        }
        if (labels == Labels.SHUFFLED) {
            java.util.Collections.shuffle(trueLabels, random);
            for (int i = 0; i < rows; i++) {
                docs.get(i).put("actual", trueLabels.get(i));
            }
        }
        feedback().insertMany(docs);
    }

    // ---------------------------------------------------------------- Kafka and MongoDB

    static RetrainTrigger trigger(String model) {
        long now = System.currentTimeMillis();
        return RetrainTrigger.pending(
                model,
                now,
                TriggerReason.DRIFT,
                Severity.DRIFT,
                new Evidence(List.of("report-1"), Map.of("income.psi", 0.31), "income drifted"),
                now,
                false);
    }

    static void send(RetrainTrigger trigger) {
        try (KafkaProducer<byte[], byte[]> producer = KAFKA.producer()) {
            producer.send(
                    new ProducerRecord<>(
                            "driftline.retrain-triggers",
                            trigger.model().getBytes(StandardCharsets.UTF_8),
                            EventJson.toJson(trigger)));
            producer.flush();
        }
    }

    /**
     * Waits until the trigger document reaches a final status, then checks it is {@code status} (so
     * a wrong outcome fails at once, naming the status and error it got).
     */
    static Document awaitStatus(String triggerId, String status) {
        List<String> terminal = List.of("completed", "failed", "rejected", "resolved_manually");
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> {
                            Document d = triggerDocs().find(Filters.eq("_id", triggerId)).first();
                            return d != null && terminal.contains(d.getString("status"));
                        });
        Document doc = triggerDocs().find(Filters.eq("_id", triggerId)).first();
        assertThat(doc.getString("status"))
                .as("trigger %s (error: %s)", triggerId, doc.getString("error"))
                .isEqualTo(status);
        return doc;
    }

    /** Sends a trigger for {@code model} and waits until it reaches {@code status}. */
    static Document retrain(String model, String status) {
        RetrainTrigger trigger = trigger(model);
        send(trigger);
        return awaitStatus(trigger.triggerId(), status);
    }

    static List<ModelPublished> published(String model) {
        return KAFKA.readToEnd("driftline.model-updates").stream()
                .map(r -> EventJson.parseModelPublished(r.value()).value())
                .filter(m -> m.model().equals(model))
                .toList();
    }

    static List<RetrainStatus> statuses(String triggerId) {
        return KAFKA.readToEnd("driftline.retrain-status").stream()
                .map(r -> EventJson.parseRetrainStatus(r.value()).value())
                .filter(s -> s.triggerId().equals(triggerId))
                .sorted(java.util.Comparator.comparingLong(RetrainStatus::ts))
                .toList();
    }

    /** The trigger's transitions on the status topic were pending, running, then {@code end}. */
    static void assertTransitions(String triggerId, TriggerStatus end) {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () ->
                                assertThat(statuses(triggerId))
                                        .extracting(RetrainStatus::from, RetrainStatus::to)
                                        .containsExactly(
                                                tuple(null, TriggerStatus.PENDING),
                                                tuple(TriggerStatus.PENDING, TriggerStatus.RUNNING),
                                                tuple(TriggerStatus.RUNNING, end)));
    }

    static Document registryEntry(String model, int version) {
        return registry()
                .find(Filters.and(Filters.eq("model", model), Filters.eq("version", version)))
                .first();
    }

    static int version(Document doc, String field) {
        return ((Number) doc.get(field)).intValue();
    }

    // ---------------------------------------------------------------- tests

    @Test
    void aTriggerIsTrainedOnTheCpuRegisteredPublishedAndCompleted() throws Exception {
        String model = "credit-risk";
        seed(model, ROWS, Labels.TRUE, 1);
        RetrainTrigger trigger = trigger(model);
        send(trigger);

        Document done = awaitStatus(trigger.triggerId(), "completed");
        assertThat(version(done, "model_version")).isEqualTo(1);
        assertThat(version(done, "attempts")).isEqualTo(1);
        assertThat(done.getString("error")).isNull();

        // the registry: version 1 in production, with the profile of its training data
        Document entry = registryEntry(model, 1);
        assertThat(entry).isNotNull();
        assertThat(entry.getString("stage")).isEqualTo("production");
        assertThat(entry.get("reference_profile")).isInstanceOf(Document.class);
        assertThat(entry.get("data_until")).isInstanceOf(Number.class);

        // the ModelPublished event
        List<ModelPublished> events = published(model);
        assertThat(events).hasSize(1);
        ModelPublished published = events.get(0);
        assertThat(published.version()).isEqualTo(1);
        assertThat(published.stage()).isEqualTo(ModelStage.PRODUCTION);
        assertThat(published.triggerId()).isEqualTo(trigger.triggerId());
        assertThat(published.parentVersion()).isNull();
        assertThat(published.sha256()).matches("[0-9a-f]{64}").isEqualTo(entry.getString("sha256"));
        // trained for real: well above the majority-class baseline on the holdout
        assertThat(published.metrics().get("f1"))
                .isGreaterThan(0.9)
                .isGreaterThan(published.metrics().get("baseline_f1"));
        assertThat(published.metrics().get("training_rows")).isEqualTo(1_600.0);
        assertThat(published.metrics().get("holdout_rows")).isEqualTo(400.0);

        // the artifact: under models.dir/{model}/1/, its files hash to the registered sha256
        Path dir = modelsDir.resolve(model).resolve("1");
        assertThat(URI.create(published.artifactUri())).isEqualTo(dir.toUri());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .contains("encoder.json", "metadata.json")
                    .anyMatch(n -> n.startsWith("model") && n.endsWith(".params"));
        }
        assertThat(ArtifactStore.sha256(dir)).isEqualTo(published.sha256());

        // the reference profile decodes into what the drift job compares windows with
        ReferenceSummary profile =
                ReferenceSummary.fromEvent(published.referenceProfile(), SummaryConfig.defaults());
        assertThat(profile.sampleCount()).isEqualTo(ROWS);
        assertThat(profile.feature("income").kind()).isEqualTo(ObservedKind.NUMERIC);
        assertThat(profile.feature("income").count()).isEqualTo(ROWS);
        assertThat(profile.feature("debt_ratio").missing()).isPositive();
        assertThat(profile.feature("region").kind()).isEqualTo(ObservedKind.CATEGORICAL);
        assertThat(profile.feature("region").categoryCounts().frequencies())
                .containsOnlyKeys("north", "south", "east", "west");
        assertThat(profile.summary().label().categoryCounts().frequencies())
                .containsOnlyKeys("approve", "deny");
        assertThat(profile.baselinePerformance()).containsKey("f1");

        assertTransitions(trigger.triggerId(), TriggerStatus.COMPLETED);

        // every row it trained on is marked
        assertThat(
                        feedback()
                                .countDocuments(
                                        Filters.and(
                                                Filters.eq("model", model),
                                                Filters.eq("used_for_training", true),
                                                Filters.eq("trained_version", 1))))
                .isEqualTo(ROWS);
        assertThat(
                        feedback()
                                .countDocuments(
                                        Filters.and(
                                                Filters.eq("model", model),
                                                Filters.eq("used_for_training", false))))
                .isZero();
    }

    @Test
    void aCandidateTrainedOnShuffledLabelsIsRejectedAndTheChampionStays() {
        String model = "churn-shuffled";
        seed(model, ROWS, Labels.TRUE, 2);
        retrain(model, "completed");

        // new data: the older 80 % (the training split) with shuffled labels, the newest 20 %
        // (the holdout both models are scored on) with true ones
        seed(model, ROWS * 4 / 5, Labels.SHUFFLED, 3);
        seed(model, ROWS / 5, Labels.TRUE, 4);
        Document rejected = retrain(model, "rejected");

        assertThat(rejected.getString("error"))
                .startsWith("rejected by the gate: candidate f1 ")
                .contains("vs champion");
        double[] figures =
                java.util.regex.Pattern.compile("\\d\\.\\d{4}")
                        .matcher(rejected.getString("error"))
                        .results()
                        .mapToDouble(m -> Double.parseDouble(m.group()))
                        .limit(2)
                        .toArray();
        assertThat(figures).hasSize(2);
        assertThat(figures[0]).as("candidate f1").isLessThan(figures[1] - 0.1);
        assertThat(figures[1]).as("champion f1").isGreaterThan(0.9);
        assertThat(rejected.get("model_version")).isNull();
        assertTransitions(rejected.getString("_id"), TriggerStatus.REJECTED);

        assertThat(registry().countDocuments(Filters.eq("model", model))).isEqualTo(1);
        assertThat(registryEntry(model, 1).getString("stage")).isEqualTo("production");
        assertThat(published(model)).extracting(ModelPublished::version).containsExactly(1);
        assertThat(Files.exists(modelsDir.resolve(model).resolve("2"))).isFalse();
        // the rejected run's rows stay available for a later retrain
        assertThat(
                        feedback()
                                .countDocuments(
                                        Filters.and(
                                                Filters.eq("model", model),
                                                Filters.eq("used_for_training", false))))
                .isEqualTo(ROWS);
    }

    @Test
    void tooFewRowsFailOnceWithInsufficientData() {
        String model = "fraud-sparse";
        seed(model, 50, Labels.TRUE, 5);
        Document failed = retrain(model, "failed");

        assertThat(failed.getString("error")).startsWith("insufficient data: 50 < 200");
        assertThat(version(failed, "attempts")).isEqualTo(1);
        assertTransitions(failed.getString("_id"), TriggerStatus.FAILED);
        assertThat(registry().countDocuments(Filters.eq("model", model))).isZero();
        assertThat(published(model)).isEmpty();
        assertThat(Files.exists(modelsDir.resolve(model))).isFalse();
    }

    @Test
    void rollbackThroughTheAdminApiNeedsTheTokenAndPublishesTheOldVersion() throws Exception {
        String model = "upsell";
        seed(model, ROWS, Labels.TRUE, 6);
        retrain(model, "completed");
        seed(model, ROWS, Labels.TRUE, 7);
        Document second = retrain(model, "completed");
        assertThat(version(second, "model_version")).isEqualTo(2);
        assertThat(registryEntry(model, 1).getString("stage")).isEqualTo("archived");

        HttpClient http = HttpClient.newHttpClient();
        URI rollback = URI.create("http://localhost:" + service.httpPort() + "/admin/rollback");
        String body = "{\"model\":\"" + model + "\",\"version\":1}";

        HttpResponse<String> denied =
                http.send(
                        HttpRequest.newBuilder(rollback)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(denied.statusCode()).isEqualTo(401);
        HttpResponse<String> wrong =
                http.send(
                        HttpRequest.newBuilder(rollback)
                                .header("Authorization", "Bearer not-" + TOKEN)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(registryEntry(model, 2).getString("stage")).isEqualTo("production");
        assertThat(published(model)).extracting(ModelPublished::version).containsExactly(1, 2);

        HttpResponse<String> ok =
                http.send(
                        HttpRequest.newBuilder(rollback)
                                .header("Authorization", "Bearer " + TOKEN)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);

        List<ModelPublished> events = published(model);
        assertThat(events).extracting(ModelPublished::version).containsExactly(1, 2, 1);
        ModelPublished restored = events.get(2);
        assertThat(restored.stage()).isEqualTo(ModelStage.PRODUCTION);
        assertThat(restored.sha256()).isEqualTo(events.get(0).sha256());
        assertThat(restored.referenceProfile()).isEqualTo(events.get(0).referenceProfile());
        assertThat(restored.publishedAt()).isGreaterThan(events.get(1).publishedAt());
        assertThat(registryEntry(model, 1).getString("stage")).isEqualTo("production");
        assertThat(registryEntry(model, 2).getString("stage")).isEqualTo("archived");
    }

    @Test
    void theCliRetrainsAModelAndListsItsNewVersion() {
        String model = "cli-model";
        seed(model, ROWS, Labels.TRUE, 8);
        retrain(model, "completed");
        seed(model, ROWS, Labels.TRUE, 9);

        String[] connection = {
            "--bootstrap-servers", KAFKA.bootstrapServers(), "--mongo-uri", MONGO.connectionString()
        };
        Cli retrain = Cli.run("retrain", "--model", model, "--force", connection);
        assertThat(retrain.exitCode).as(retrain.err).isZero();
        // "<model> sent <trigger id> (sent)"
        assertThat(retrain.out).startsWith(model).contains(" sent ");
        String triggerId = retrain.out.trim().split("\\s+")[2];
        assertThat(triggerId).startsWith(model + "-manual-");

        Document done = awaitStatus(triggerId, "completed");
        assertThat(version(done, "model_version")).isEqualTo(2);
        assertThat(done.getString("reason")).isEqualTo("manual");
        assertThat(done.getBoolean("force")).isTrue();

        Cli list = Cli.run("models", "list", "--model", model, connection);
        assertThat(list.exitCode).as(list.err).isZero();
        List<String> lines = list.out.lines().toList();
        assertThat(lines.get(0)).contains("MODEL", "VERSION", "STAGE", "F1");
        assertThat(lines.subList(1, lines.size()))
                .hasSize(2)
                .satisfiesExactly(
                        v2 -> assertThat(v2.split("\\s+")).startsWith(model, "2", "production"),
                        v1 -> assertThat(v1.split("\\s+")).startsWith(model, "1", "archived"));
        assertThat(published(model)).extracting(ModelPublished::version).containsExactly(1, 2);
    }

    /** One CLI invocation: its exit code and what it printed. */
    record Cli(int exitCode, String out, String err) {
        static Cli run(String command, Object... args) {
            List<String> argv = new ArrayList<>();
            argv.add(command);
            for (Object a : args) {
                if (a instanceof String[] many) {
                    argv.addAll(List.of(many));
                } else {
                    argv.add((String) a);
                }
            }
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = TrainerCli.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute(argv.toArray(String[]::new));
            return new Cli(code, out.toString(), err.toString());
        }
    }
}
