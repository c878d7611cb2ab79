package io.driftline.core.watchdog;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How long each retrain watchdog condition must hold before it alerts, and where its runbooks are.
 *
 * @param failedAlertDuration how long {@code AutoRetrainFailed} fires after a failure (unless a
 *     later retrain completes first); default 1 h
 * @param maxRetrainDuration how long a trigger may run before {@code AutoRetrainLongDuration}
 *     fires; default 2 h
 * @param noRetrainWithDriftAfter how long a drifting model may go without a completed retrain
 *     before {@code NoRetrainWithDrift} fires; default 30 days
 * @param runbookBaseUrl base of the {@code runbook_url} annotation; {@code #} and the alert name,
 *     lower case, are appended ({@code Alert.runbookUrl})
 */
public record WatchdogConfig(
        Duration failedAlertDuration,
        Duration maxRetrainDuration,
        Duration noRetrainWithDriftAfter,
        String runbookBaseUrl)
        implements Serializable {

    public static final WatchdogConfig DEFAULTS =
            new WatchdogConfig(
                    Duration.ofHours(1),
                    Duration.ofHours(2),
                    Duration.ofDays(30),
                    "https://github.com/driftline/driftline/blob/main/docs/runbooks.md");

    public WatchdogConfig {
        positive(failedAlertDuration, "failedAlertDuration");
        positive(maxRetrainDuration, "maxRetrainDuration");
        positive(noRetrainWithDriftAfter, "noRetrainWithDriftAfter");
        Objects.requireNonNull(runbookBaseUrl, "runbookBaseUrl");
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be > 0, got " + d);
        }
    }
}
