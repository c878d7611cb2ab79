package io.driftline.jobs.watchdog;

import static org.apache.flink.util.Preconditions.checkArgument;

import io.driftline.core.watchdog.WatchdogConfig;
import io.driftline.events.EventLimits;
import io.driftline.jobs.config.AlertingConfig;
import io.driftline.jobs.config.DriftlineOptions;
import io.driftline.jobs.ingest.FeedbackIngestConfig;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Validated settings of {@link RetrainWatchdogJob}, read from {@link DriftlineOptions} (and the
 * MongoDB URI from {@code DRIFTLINE_MONGO_URI} when set).
 *
 * @param alertmanagerUrl Alertmanager's base URL; empty: alerts go to MongoDB instead
 */
public record RetrainWatchdogConfig(
        String bootstrapServers,
        String groupId,
        String statusTopic,
        String triggersTopic,
        String reportsTopic,
        String deadLetterTopic,
        String alertmanagerUrl,
        Duration resendInterval,
        Duration maxBackoff,
        String mongoUri,
        String mongoDatabase,
        String alertsCollection,
        WatchdogConfig watchdog,
        EventLimits limits,
        Map<String, String> kafkaProperties) {

    public RetrainWatchdogConfig {
        kafkaProperties = Map.copyOf(kafkaProperties);
        checkArgument(
                !bootstrapServers.isBlank(),
                "%s must not be blank",
                DriftlineOptions.KAFKA_BOOTSTRAP_SERVERS.key());
        checkArgument(
                new HashSet<>(List.of(statusTopic, triggersTopic, reportsTopic, deadLetterTopic))
                                .size()
                        == 4,
                "the retrain-status, retrain-triggers, drift-reports and dead-letter topics must"
                        + " all differ, got %s, %s, %s, %s",
                statusTopic,
                triggersTopic,
                reportsTopic,
                deadLetterTopic);
        checkArgument(
                alertmanagerUrl.isEmpty()
                        || alertmanagerUrl.startsWith("http://")
                        || alertmanagerUrl.startsWith("https://"),
                "%s must be an http(s):// URL or empty, got %s",
                DriftlineOptions.ALERTMANAGER_URL.key(),
                alertmanagerUrl);
        checkArgument(
                mongoUri.startsWith("mongodb://") || mongoUri.startsWith("mongodb+srv://"),
                "%s must be a mongodb:// or mongodb+srv:// URI",
                DriftlineOptions.MONGO_URI.key());
    }

    /** Whether alerts go to Alertmanager (else to the MongoDB alerts collection). */
    public boolean hasAlertmanager() {
        return !alertmanagerUrl.isEmpty();
    }

    /** Where the alerts go. */
    public AlertingConfig alerting() {
        return new AlertingConfig(
                alertmanagerUrl,
                resendInterval,
                maxBackoff,
                mongoUri,
                mongoDatabase,
                alertsCollection,
                watchdog.runbookBaseUrl());
    }

    public static RetrainWatchdogConfig from(ReadableConfig config, Map<String, String> env) {
        String mongoUri =
                env.getOrDefault(
                        FeedbackIngestConfig.MONGO_URI_ENV, config.get(DriftlineOptions.MONGO_URI));
        return new RetrainWatchdogConfig(
                config.get(DriftlineOptions.KAFKA_BOOTSTRAP_SERVERS),
                config.get(DriftlineOptions.KAFKA_GROUP_ID) + "-retrain-watchdog",
                config.get(DriftlineOptions.TOPIC_RETRAIN_STATUS),
                config.get(DriftlineOptions.TOPIC_RETRAIN_TRIGGERS),
                config.get(DriftlineOptions.TOPIC_DRIFT_REPORTS),
                config.get(DriftlineOptions.TOPIC_DEAD_LETTER),
                config.get(DriftlineOptions.ALERTMANAGER_URL).trim(),
                config.get(DriftlineOptions.ALERTMANAGER_RESEND_INTERVAL),
                config.get(DriftlineOptions.ALERTMANAGER_MAX_BACKOFF),
                mongoUri,
                config.get(DriftlineOptions.MONGO_DATABASE),
                config.get(DriftlineOptions.COLLECTION_ALERTS),
                new WatchdogConfig(
                        config.get(DriftlineOptions.WATCHDOG_FAILED_ALERT_DURATION),
                        config.get(DriftlineOptions.WATCHDOG_MAX_RETRAIN_DURATION),
                        config.get(DriftlineOptions.WATCHDOG_NO_RETRAIN_WITH_DRIFT_AFTER),
                        config.get(DriftlineOptions.WATCHDOG_RUNBOOK_BASE_URL)),
                DriftlineOptions.eventLimits(config),
                DriftlineOptions.kafkaProperties(config));
    }
}
