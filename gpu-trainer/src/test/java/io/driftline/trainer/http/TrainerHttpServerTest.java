package io.driftline.trainer.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftline.events.Evidence;
import io.driftline.events.ModelStage;
import io.driftline.events.RetrainTrigger;
import io.driftline.events.Severity;
import io.driftline.events.TriggerReason;
import io.driftline.events.TriggerStatus;
import io.driftline.trainer.admin.TrainerAdmin;
import io.driftline.trainer.claim.TriggerStore;
import io.driftline.trainer.http.HealthReport.Check;
import io.driftline.trainer.http.HealthReport.Status;
import io.driftline.trainer.metrics.TrainerMetrics;
import io.driftline.trainer.testing.TestingEventPublisher;
import io.driftline.trainer.testing.TestingModelRegistry;
import io.driftline.trainer.testing.TestingMongo;
import io.driftline.trainer.testing.TestingRetrainPipeline;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP endpoints on a real server: health JSON, metrics, and the admin API's bearer auth. */
class TrainerHttpServerTest {

    static final String TOKEN = "correct-horse-battery-staple";
    static final ObjectMapper JSON = new ObjectMapper();

    TestingMongo mongo;
    TriggerStore store;
    TestingEventPublisher publisher;
    TestingModelRegistry registry;
    TrainerMetrics metrics;
    AtomicReference<HealthReport> health = new AtomicReference<>();
    TrainerHttpServer server;
    TrainerHttpServer noTokenServer;
    HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() throws Exception {
        mongo = new TestingMongo();
        store = new TriggerStore(mongo.database());
        publisher = new TestingEventPublisher();
        registry = new TestingModelRegistry();
        RetrainTrigger t = trigger();
        registry.add(TestingRetrainPipeline.published(t, 1));
        metrics = new TrainerMetrics();
        health.set(
                new HealthReport(
                        List.of(
                                new Check("kafka", Status.HEALTHY, "reachable"),
                                new Check("device", Status.HEALTHY, "cpu"))));
        TrainerAdmin admin = new TrainerAdmin(store, registry, publisher, null, Clock.systemUTC());
        server =
                TrainerHttpServer.start(
                        "localhost",
                        0,
                        health::get,
                        metrics::scrape,
                        admin,
                        Optional.of(TOKEN),
                        "t1");
        noTokenServer =
                TrainerHttpServer.start(
                        "localhost",
                        0,
                        health::get,
                        metrics::scrape,
                        admin,
                        Optional.empty(),
                        "t1");
    }

    @AfterEach
    void tearDown() {
        server.close();
        noTokenServer.close();
        metrics.close();
        mongo.close();
    }

    static RetrainTrigger trigger() {
        return RetrainTrigger.pending(
                "churn", 1L, TriggerReason.DRIFT, Severity.DRIFT, Evidence.EMPTY, 1L, false);
    }

    HttpResponse<String> get(TrainerHttpServer s, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + s.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(TrainerHttpServer s, String path, String body, String token)
            throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create("http://localhost:" + s.port() + path))
                        .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void adminCallsWithoutOrWithAWrongTokenAre401() throws Exception {
        for (String path :
                List.of("/admin/retrain", "/admin/rollback", "/admin/triggers/x/resolve")) {
            HttpResponse<String> none = post(server, path, "{\"model\":\"churn\"}", null);
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(post(server, path, "{\"model\":\"churn\"}", TOKEN + "x").statusCode())
                    .isEqualTo(401);
            assertThat(post(server, path, "{\"model\":\"churn\"}", "").statusCode()).isEqualTo(401);
            assertThat(post(noTokenServer, path, "{\"model\":\"churn\"}", TOKEN).statusCode())
                    .as("no token configured: admin disabled")
                    .isEqualTo(401);
        }
        assertThat(publisher.triggers).isEmpty();
        assertThat(publisher.models).isEmpty();
    }

    @Test
    void retrainWithTheTokenSendsAManualTrigger() throws Exception {
        HttpResponse<String> r =
                post(server, "/admin/retrain", "{\"model\":\"churn\",\"force\":true}", TOKEN);
        assertThat(r.statusCode()).isEqualTo(202);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.at("/requested/0/model").asText()).isEqualTo("churn");
        assertThat(publisher.triggers)
                .singleElement()
                .satisfies(
                        t -> {
                            assertThat(t.reason()).isEqualTo(TriggerReason.MANUAL);
                            assertThat(t.force()).isTrue();
                            assertThat(t.status()).isEqualTo(TriggerStatus.PENDING);
                            assertThat(t.triggerId())
                                    .isEqualTo(
                                            RetrainTrigger.deterministicId(
                                                    "churn",
                                                    t.triggeredAt(),
                                                    TriggerReason.MANUAL));
                        });
        assertThat(body.at("/requested/0/trigger_id").asText())
                .isEqualTo(publisher.triggers.get(0).triggerId());
    }

    @Test
    void retrainWithoutForceIsRefusedWhileATriggerIsActive() throws Exception {
        store.insertIfAbsent(trigger(), 1L);
        assertThat(post(server, "/admin/retrain", "{\"model\":\"churn\"}", TOKEN).statusCode())
                .isEqualTo(409);
        assertThat(
                        post(
                                        server,
                                        "/admin/retrain",
                                        "{\"model\":\"churn\",\"force\":true}",
                                        TOKEN)
                                .statusCode())
                .isEqualTo(202);
        assertThat(post(server, "/admin/retrain", "{}", TOKEN).statusCode()).isEqualTo(400);
        assertThat(post(server, "/admin/retrain", "{\"model\":\"../etc\"}", TOKEN).statusCode())
                .isEqualTo(400);
        assertThat(post(server, "/admin/retrain", "not json", TOKEN).statusCode()).isEqualTo(400);
    }

    @Test
    void rollbackPublishesTheRestoredVersion() throws Exception {
        registry.add(TestingRetrainPipeline.published(trigger(), 2));
        HttpResponse<String> r =
                post(server, "/admin/rollback", "{\"model\":\"churn\",\"version\":1}", TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("version").asInt()).isEqualTo(1);
        assertThat(publisher.models)
                .singleElement()
                .satisfies(
                        m -> {
                            assertThat(m.version()).isEqualTo(1);
                            assertThat(m.stage()).isEqualTo(ModelStage.PRODUCTION);
                        });
        assertThat(
                        post(
                                        server,
                                        "/admin/rollback",
                                        "{\"model\":\"churn\",\"version\":9}",
                                        TOKEN)
                                .statusCode())
                .isEqualTo(400);
    }

    @Test
    void resolveMarksTheTriggerAndPublishesTheTransition() throws Exception {
        RetrainTrigger t = trigger();
        store.insertIfAbsent(t, 1L);
        HttpResponse<String> r =
                post(server, "/admin/triggers/" + t.triggerId() + "/resolve", "", TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("status").asText()).isEqualTo("resolved_manually");
        assertThat(store.find(t.triggerId()).orElseThrow().status())
                .isEqualTo(TriggerStatus.RESOLVED_MANUALLY);
        assertThat(publisher.statuses)
                .singleElement()
                .satisfies(s -> assertThat(s.to()).isEqualTo(TriggerStatus.RESOLVED_MANUALLY));
        assertThat(
                        post(server, "/admin/triggers/" + t.triggerId() + "/resolve", "", TOKEN)
                                .statusCode())
                .isEqualTo(409);
        assertThat(post(server, "/admin/triggers/nope/resolve", "", TOKEN).statusCode())
                .isEqualTo(404);
    }

    @Test
    void healthIsJsonWithReasonsAnd503WhenUnhealthy() throws Exception {
        HttpResponse<String> ok = get(server, "/health");
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode okBody = JSON.readTree(ok.body());
        assertThat(okBody.get("status").asText()).isEqualTo("healthy");
        assertThat(okBody.get("reasons")).isEmpty();

        health.set(
                new HealthReport(
                        List.of(
                                new Check(
                                        "kafka", Status.UNHEALTHY, "unreachable: TimeoutException"),
                                new Check("last_training", Status.DEGRADED, "churn failed"),
                                new Check("device", Status.HEALTHY, "cpu"))));
        HttpResponse<String> bad = get(server, "/health/all");
        assertThat(bad.statusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(bad.body());
        assertThat(body.get("status").asText()).isEqualTo("unhealthy");
        assertThat(body.get("reasons").toString())
                .contains("kafka: unreachable: TimeoutException")
                .contains("last_training: churn failed");
        assertThat(body.at("/checks/device/detail").asText()).isEqualTo("cpu");
        assertThat(body.at("/checks/kafka/status").asText()).isEqualTo("unhealthy");

        health.set(new HealthReport(List.of(new Check("last_training", Status.DEGRADED, "x"))));
        HttpResponse<String> degraded = get(server, "/health");
        assertThat(degraded.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(degraded.body()).get("status").asText()).isEqualTo("degraded");
    }

    @Test
    void metricsShowEveryFamilyBeforeTheFirstRetrain() throws Exception {
        metrics.registerModels(List.of("churn"));
        HttpResponse<String> r = get(server, "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body())
                .contains(
                        "driftline_retrain_triggered_total{model=\"churn\",status=\"completed\"} 0.0")
                .contains("driftline_retrain_duration_seconds_count 0")
                .contains("driftline_training_loss NaN")
                .contains("jvm_memory_used_bytes");
        metrics.production(TestingRetrainPipeline.published(trigger(), 1));
        assertThat(get(server, "/metrics").body())
                .contains("driftline_model_f1{model=\"churn\",version=\"1\"} 0.9")
                .contains("driftline_model_stage{model=\"churn\",version=\"1\"} 1.0");
    }

    @Test
    void unknownPathsAndMethods() throws Exception {
        assertThat(get(server, "/nope").statusCode()).isEqualTo(404);
        assertThat(post(server, "/health", "", null).statusCode()).isEqualTo(405);
        assertThat(get(server, "/admin/retrain").statusCode()).isEqualTo(401);
    }
}
