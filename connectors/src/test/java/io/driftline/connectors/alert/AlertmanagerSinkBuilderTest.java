package io.driftline.connectors.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Alertmanager sink builder's defaults and the messages of its validation. */
class AlertmanagerSinkBuilderTest {

    @Test
    void defaultsAndTheAlertsEndpoint() {
        AlertmanagerSink.Settings settings =
                AlertmanagerSink.builder().setUrl("http://am:9093/").build().settings();

        assertThat(settings.alertsEndpoint()).hasToString("http://am:9093/api/v2/alerts");
        assertThat(settings.batchSize()).isEqualTo(64);
        assertThat(settings.resendInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.initialBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.maxBufferedAlerts()).isEqualTo(10_000);
    }

    @Test
    void saysWhatIsWrong() {
        assertThatThrownBy(() -> AlertmanagerSink.builder().build()).hasMessageContaining("setUrl");
        assertThatThrownBy(() -> AlertmanagerSink.builder().setUrl("am:9093").build())
                .hasMessageContaining("http(s)://host:port");
        assertThatThrownBy(
                        () ->
                                AlertmanagerSink.builder()
                                        .setUrl("http://am")
                                        .optBatchSize(0)
                                        .build())
                .hasMessageContaining("batch size");
        assertThatThrownBy(
                        () ->
                                AlertmanagerSink.builder()
                                        .setUrl("http://am")
                                        .optBatchSize(10)
                                        .optMaxBufferedAlerts(5)
                                        .build())
                .hasMessageContaining("max buffered alerts (5)");
        assertThatThrownBy(
                        () ->
                                AlertmanagerSink.builder()
                                        .setUrl("http://am")
                                        .optRetry(Duration.ofSeconds(2), Duration.ofSeconds(1))
                                        .build())
                .hasMessageContaining("max backoff");
        assertThatThrownBy(
                        () ->
                                AlertmanagerSink.builder()
                                        .setUrl("http://am")
                                        .optResendInterval(Duration.ZERO)
                                        .build())
                .hasMessageContaining("resend interval");
    }
}
