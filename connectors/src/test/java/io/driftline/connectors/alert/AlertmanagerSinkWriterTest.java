package io.driftline.connectors.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpServer;
import io.driftline.events.Alert;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The writer's request format and delivery rules against a small HTTP server that answers as
 * configured; behaviour against the real Alertmanager is in the stack's {@code
 * AlertmanagerSinkITCase}.
 */
class AlertmanagerSinkWriterTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/api/v2/alerts",
                exchange -> {
                    requests.add(MAPPER.readTree(exchange.getRequestBody().readAllBytes()));
                    exchange.sendResponseHeaders(status.get(), -1);
                    exchange.close();
                });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void payloadIsAlertmanagersV2Format() throws Exception {
        Alert firing =
                Alert.firing(
                        "AutoRetrainFailed",
                        Map.of("model", "fraud"),
                        Map.of("summary", "failed"),
                        1_700_000_000_123L);
        Alert resolved = firing.resolve(1_700_000_060_000L);

        JsonNode json = MAPPER.readTree(AlertmanagerSinkWriter.payload(List.of(firing, resolved)));

        assertThat(json.isArray()).isTrue();
        assertThat(json.get(0).get("labels").get("alertname").asText())
                .isEqualTo("AutoRetrainFailed");
        assertThat(json.get(0).get("labels").get("model").asText()).isEqualTo("fraud");
        assertThat(json.get(0).get("annotations").get("summary").asText()).isEqualTo("failed");
        assertThat(json.get(0).get("startsAt").asText()).isEqualTo("2023-11-14T22:13:20.123Z");
        assertThat(json.get(0).has("endsAt")).isFalse();
        assertThat(json.get(1).get("endsAt").asText()).isEqualTo("2023-11-14T22:14:20Z");
    }

    @Test
    void newestStatePerFingerprintWinsAndRejectedAlertsAreGivenUp() throws Exception {
        Alert alert = Alert.firing("AutoRetrainFailed", Map.of("model", "fraud"), null, 1_000L);
        try (AlertmanagerSinkWriter writer = writer(Duration.ofHours(1))) {
            writer.write(alert, null);
            writer.write(alert.resolve(2_000L), null);
            writer.flush(false);

            assertThat(requests).hasSize(1);
            assertThat(requests.get(0)).hasSize(1);
            assertThat(requests.get(0).get(0).get("endsAt").asText())
                    .isEqualTo("1970-01-01T00:00:02Z");
            assertThat(writer.alertsSent()).isEqualTo(1);
            assertThat(writer.firing()).isZero();

            status.set(400);
            writer.write(Alert.firing("Other", null, null, 0L), null);
            writer.flush(false);
            assertThat(writer.alertsGivenUp()).isEqualTo(1);
            assertThat(writer.buffered()).isZero();
        }
    }

    @Test
    void firingAlertsAreResentUntilResolved() throws Exception {
        Alert alert = Alert.firing("AutoRetrainFailed", Map.of("model", "fraud"), null, 1_000L);
        try (AlertmanagerSinkWriter writer = writer(Duration.ofMillis(100))) {
            writer.write(alert, null);
            writer.flush(false);
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> writer.alertsSent() >= 3);

            writer.write(alert.resolve(5_000L), null);
            writer.flush(false);
            long afterResolve = requests.size();
            assertThat(requests.get(requests.size() - 1).get(0).has("endsAt")).isTrue();
            // no more re-sends: the last request stays the resolve
            org.awaitility.Awaitility.await()
                    .during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> requests.size() == afterResolve);
        }
    }

    @Test
    void checkpointedFiringAlertsAndUndeliveredResolvesSurviveARestart() throws Exception {
        Alert stillFiring = Alert.firing("AutoRetrainFailed", Map.of("model", "a"), null, 1_000L);
        Alert ended = Alert.firing("AutoRetrainFailed", Map.of("model", "b"), null, 1_000L);
        List<Alert> state;
        status.set(503); // Alertmanager answers but cannot take alerts
        try (AlertmanagerSinkWriter writer = writer(Duration.ofHours(1))) {
            writer.write(stillFiring, null);
            writer.write(ended, null);
            writer.write(ended.resolve(2_000L), null);
            writer.flush(false);
            state = writer.snapshotState(1L);
        }
        assertThat(state).containsExactlyInAnyOrder(stillFiring, ended.resolve(2_000L));
        AlertStateSerializer serializer = new AlertStateSerializer();
        List<Alert> restoredState = new java.util.ArrayList<>();
        for (Alert alert : state) {
            restoredState.add(
                    serializer.deserialize(serializer.getVersion(), serializer.serialize(alert)));
        }
        assertThat(restoredState).isEqualTo(state);

        status.set(200);
        requests.clear();
        try (AlertmanagerSinkWriter restored = writer(Duration.ofHours(1), restoredState)) {
            restored.flush(false);
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> restored.alertsSent() == 2);
            assertThat(restored.firing()).isEqualTo(1);
            assertThat(restored.alertsGivenUp()).isZero();
        }
    }

    private AlertmanagerSinkWriter writer(Duration resendInterval) {
        return writer(resendInterval, List.of());
    }

    private AlertmanagerSinkWriter writer(Duration resendInterval, List<Alert> recovered) {
        AlertmanagerSink.Settings settings =
                AlertmanagerSink.builder()
                        .setUrl("http://127.0.0.1:" + server.getAddress().getPort())
                        .optFlushInterval(Duration.ofMillis(50))
                        .optResendInterval(resendInterval)
                        .optRetry(Duration.ofMillis(50), Duration.ofMillis(200))
                        .build()
                        .settings();
        return new AlertmanagerSinkWriter(settings, new UnregisteredMetricsGroup(), recovered);
    }
}
