package io.driftline.jobs.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.connectors.alert.AlertmanagerSink;
import io.driftline.jobs.config.DriftlineOptions;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.mongodb.sink.MongoSink;
import org.junit.jupiter.api.Test;

/**
 * The watchdog job's settings: defaults from the runbooks, options, and errors that name the
 * option.
 */
class RetrainWatchdogConfigTest {

    @Test
    void defaultsMatchTheRunbooks() {
        RetrainWatchdogConfig config = RetrainWatchdogConfig.from(new Configuration(), Map.of());

        assertThat(config.statusTopic()).isEqualTo("driftline.retrain-status");
        assertThat(config.triggersTopic()).isEqualTo("driftline.retrain-triggers");
        assertThat(config.reportsTopic()).isEqualTo("driftline.drift-reports");
        assertThat(config.groupId()).isEqualTo("driftline-retrain-watchdog");
        assertThat(config.watchdog().failedAlertDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(config.watchdog().maxRetrainDuration()).isEqualTo(Duration.ofHours(2));
        assertThat(config.watchdog().noRetrainWithDriftAfter()).isEqualTo(Duration.ofDays(30));
        assertThat(config.hasAlertmanager()).isFalse();
        assertThat(RetrainWatchdogJob.sinks(config).alerts()).isInstanceOf(MongoSink.class);
    }

    @Test
    void durationsAndAlertmanagerComeFromOptions() {
        Configuration options = new Configuration();
        options.setString("driftline.watchdog.max-retrain-duration", "3 s");
        options.setString("driftline.watchdog.failed-alert-duration", "5 min");
        options.set(DriftlineOptions.ALERTMANAGER_URL, "http://am:9093");
        options.set(DriftlineOptions.ALERTMANAGER_RESEND_INTERVAL, Duration.ofSeconds(20));

        RetrainWatchdogConfig config = RetrainWatchdogConfig.from(options, Map.of());

        assertThat(config.watchdog().maxRetrainDuration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.watchdog().failedAlertDuration()).isEqualTo(Duration.ofMinutes(5));
        AlertmanagerSink sink = (AlertmanagerSink) RetrainWatchdogJob.sinks(config).alerts();
        assertThat(sink.settings().alertsEndpoint()).hasToString("http://am:9093/api/v2/alerts");
        assertThat(sink.settings().resendInterval()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void invalidSettingsNameTheOption() {
        Configuration sameTopic = new Configuration();
        sameTopic.set(DriftlineOptions.TOPIC_DRIFT_REPORTS, "driftline.retrain-status");
        assertThatThrownBy(() -> RetrainWatchdogConfig.from(sameTopic, Map.of()))
                .hasMessageContaining("must all differ");

        Configuration badUrl = new Configuration();
        badUrl.set(DriftlineOptions.ALERTMANAGER_URL, "alertmanager:9093");
        assertThatThrownBy(() -> RetrainWatchdogConfig.from(badUrl, Map.of()))
                .hasMessageContaining("driftline.alertmanager.url");

        Configuration zero = new Configuration();
        zero.set(DriftlineOptions.WATCHDOG_MAX_RETRAIN_DURATION, Duration.ZERO);
        assertThatThrownBy(() -> RetrainWatchdogConfig.from(zero, Map.of()))
                .hasMessageContaining("maxRetrainDuration");
    }
}
