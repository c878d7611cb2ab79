package io.driftline.it.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftline.connectors.alert.AlertmanagerSink;
import io.driftline.connectors.alert.AlertmanagerSinkWriter;
import io.driftline.events.Alert;
import io.driftline.it.fixtures.AlertmanagerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Alertmanager sink's writer against a real Alertmanager (Debian's {@code
 * prometheus-alertmanager}, started by {@link AlertmanagerExtension}): alerts appear in its API
 * with their labels and annotations, resolves take them out, and alerts written while it is down
 * arrive once it is back, none given up.
 */
class AlertmanagerSinkITCase {

    /** A fresh Alertmanager for each test. */
    @RegisterExtension final AlertmanagerExtension alertmanager = AlertmanagerExtension.required();

    @Test
    void aFiredAlertAppearsWithLabelsAndAnnotationsAndAResolveTakesItOut() throws Exception {
        long startsAt = Instant.now().minusSeconds(60).toEpochMilli();
        Alert failed = alert("fraud", startsAt);
        Alert other = alert("churn", startsAt);
        try (AlertmanagerSinkWriter writer = writer()) {
            writer.write(failed, null);
            writer.write(other, null);
            writer.flush(false);

            JsonNode shown =
                    await().atMost(Duration.ofSeconds(10))
                            .until(
                                    () ->
                                            alertmanager
                                                    .client()
                                                    .active("AutoRetrainFailed", "model", "fraud"),
                                    java.util.Optional::isPresent)
                            .orElseThrow();
            assertThat(shown.path("labels").path("severity").asText()).isEqualTo("critical");
            assertThat(shown.path("annotations").path("summary").asText())
                    .isEqualTo("Automatic retrain of model fraud failed");
            assertThat(shown.path("annotations").path("description").asText())
                    .isEqualTo("Trigger fraud-drift-1 failed after 3 attempt(s): too few rows");
            assertThat(Instant.parse(shown.path("startsAt").asText()).toEpochMilli())
                    .isEqualTo(startsAt);
            // our fingerprint is Alertmanager's
            assertThat(shown.path("fingerprint").asText()).isEqualTo(failed.fingerprint());

            writer.write(failed.resolve(System.currentTimeMillis()), null);
            writer.flush(false);

            await().atMost(Duration.ofSeconds(10))
                    .until(
                            () ->
                                    alertmanager
                                            .client()
                                            .active("AutoRetrainFailed", "model", "fraud")
                                            .isEmpty());
            assertThat(alertmanager.client().active("AutoRetrainFailed", "model", "churn"))
                    .isPresent();
            assertThat(writer.alertsGivenUp()).isZero();
            assertThat(writer.firing()).isEqualTo(1);
        }
    }

    @Test
    void alertsWrittenWhileAlertmanagerIsDownArriveWhenItIsBack() throws Exception {
        long startsAt = System.currentTimeMillis();
        try (AlertmanagerSinkWriter writer = writer()) {
            alertmanager.stop();

            for (String model : new String[] {"m1", "m2", "m3"}) {
                writer.write(alert(model, startsAt), null);
            }
            writer.write(alert("m3", startsAt).resolve(startsAt + 1_000), null);
            long flushStart = System.nanoTime();
            writer.flush(false);
            assertThat(Duration.ofNanos(System.nanoTime() - flushStart))
                    .as("flush waits a bounded time")
                    .isLessThan(Duration.ofSeconds(3));
            // retries back off while it is down; nothing is dropped
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> writer.buffered() == 3 && writer.alertsGivenUp() == 0);

            alertmanager.restart();

            await().atMost(Duration.ofSeconds(20))
                    .until(
                            () ->
                                    alertmanager
                                                    .client()
                                                    .active("AutoRetrainFailed", "model", "m1")
                                                    .isPresent()
                                            && alertmanager
                                                    .client()
                                                    .active("AutoRetrainFailed", "model", "m2")
                                                    .isPresent());
            await().atMost(Duration.ofSeconds(5)).until(() -> writer.buffered() == 0);
            assertThat(alertmanager.client().active("AutoRetrainFailed", "model", "m3")).isEmpty();
            assertThat(writer.alertsGivenUp()).isZero();
            assertThat(writer.alertsSent()).isGreaterThanOrEqualTo(3);
        }
    }

    private AlertmanagerSinkWriter writer() {
        AlertmanagerSink.Settings settings =
                AlertmanagerSink.builder()
                        .setUrl(alertmanager.url())
                        .optFlushInterval(Duration.ofMillis(200))
                        .optRetry(Duration.ofMillis(100), Duration.ofSeconds(1))
                        .optResendInterval(Duration.ofSeconds(30))
                        .optFlushTimeout(Duration.ofSeconds(2))
                        .build()
                        .settings();
        return new AlertmanagerSinkWriter(settings, new UnregisteredMetricsGroup());
    }

    private static Alert alert(String model, long startsAt) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", "Automatic retrain of model " + model + " failed");
        annotations.put(
                "description",
                "Trigger " + model + "-drift-1 failed after 3 attempt(s): too few rows");
        return Alert.firing(
                Alert.AUTO_RETRAIN_FAILED,
                Map.of("model", model, "severity", "critical"),
                annotations,
                startsAt);
    }
}
