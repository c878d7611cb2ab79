package io.driftline.jobs.config;

import io.driftline.connectors.alert.AlertmanagerSink;
import io.driftline.connectors.alert.MongoAlertSink;
import io.driftline.events.Alert;
import io.driftline.jobs.ingest.FeedbackIngestConfig;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Where a job's alerts go: Alertmanager when {@code driftline.alertmanager.url} is set, the MongoDB
 * {@code alerts} collection otherwise.
 *
 * @param alertmanagerUrl Alertmanager's base URL; empty: alerts go to MongoDB
 */
public record AlertingConfig(
        String alertmanagerUrl,
        Duration resendInterval,
        Duration maxBackoff,
        String mongoUri,
        String mongoDatabase,
        String alertsCollection,
        String runbookBaseUrl) {

    public static AlertingConfig from(ReadableConfig config, Map<String, String> env) {
        return new AlertingConfig(
                config.get(DriftlineOptions.ALERTMANAGER_URL).trim(),
                config.get(DriftlineOptions.ALERTMANAGER_RESEND_INTERVAL),
                config.get(DriftlineOptions.ALERTMANAGER_MAX_BACKOFF),
                env.getOrDefault(
                        FeedbackIngestConfig.MONGO_URI_ENV, config.get(DriftlineOptions.MONGO_URI)),
                config.get(DriftlineOptions.MONGO_DATABASE),
                config.get(DriftlineOptions.COLLECTION_ALERTS),
                config.get(DriftlineOptions.WATCHDOG_RUNBOOK_BASE_URL));
    }

    /** Whether alerts go to Alertmanager (else to the MongoDB alerts collection). */
    public boolean hasAlertmanager() {
        return !alertmanagerUrl.isEmpty();
    }

    /** The alert sink this configuration names. */
    public Sink<Alert> sink() {
        if (hasAlertmanager()) {
            Duration initial = Duration.ofMillis(500);
            return AlertmanagerSink.builder()
                    .setUrl(alertmanagerUrl)
                    .optResendInterval(resendInterval)
                    .optRetry(initial.compareTo(maxBackoff) <= 0 ? initial : maxBackoff, maxBackoff)
                    .build();
        }
        return MongoAlertSink.create(mongoUri, mongoDatabase, alertsCollection);
    }
}
