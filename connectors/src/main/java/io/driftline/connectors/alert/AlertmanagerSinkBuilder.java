package io.driftline.connectors.alert;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.net.URI;
import java.time.Duration;

/**
 * Builds an {@link AlertmanagerSink}; only the URL is required.
 *
 * <pre>{@code
 * AlertmanagerSink sink = AlertmanagerSink.builder()
 *         .setUrl("http://localhost:9093")
 *         .optBatchSize(64)
 *         .optRetry(Duration.ofMillis(500), Duration.ofSeconds(30))
 *         .build();
 * }</pre>
 */
public final class AlertmanagerSinkBuilder {

    static final String ALERTS_PATH = "/api/v2/alerts";

    private String url;
    private int batchSize = 64;
    private Duration flushInterval = Duration.ofSeconds(1);
    private int maxBufferedAlerts = 10_000;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Duration resendInterval = Duration.ofMinutes(1);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration flushTimeout = Duration.ofSeconds(5);

    AlertmanagerSinkBuilder() {}

    /** Alertmanager's base URL, e.g. {@code http://alertmanager:9093}. */
    public AlertmanagerSinkBuilder setUrl(String url) {
        this.url = url;
        return this;
    }

    public AlertmanagerSinkBuilder optBatchSize(int batchSize) {
        this.batchSize = batchSize;
        return this;
    }

    public AlertmanagerSinkBuilder optFlushInterval(Duration flushInterval) {
        this.flushInterval = flushInterval;
        return this;
    }

    public AlertmanagerSinkBuilder optMaxBufferedAlerts(int maxBufferedAlerts) {
        this.maxBufferedAlerts = maxBufferedAlerts;
        return this;
    }

    /** Backoff after a failed request: doubles from {@code initial} up to {@code max}. */
    public AlertmanagerSinkBuilder optRetry(Duration initial, Duration max) {
        this.initialBackoff = initial;
        this.maxBackoff = max;
        return this;
    }

    public AlertmanagerSinkBuilder optResendInterval(Duration resendInterval) {
        this.resendInterval = resendInterval;
        return this;
    }

    public AlertmanagerSinkBuilder optRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
        return this;
    }

    public AlertmanagerSinkBuilder optFlushTimeout(Duration flushTimeout) {
        this.flushTimeout = flushTimeout;
        return this;
    }

    public AlertmanagerSink build() {
        return new AlertmanagerSink(settings());
    }

    AlertmanagerSink.Settings settings() {
        checkArgument(
                url != null && !url.isBlank(),
                "the Alertmanager URL is required: setUrl(\"http://alertmanager:9093\")");
        URI base;
        try {
            base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid Alertmanager URL " + url, e);
        }
        checkArgument(
                ("http".equals(base.getScheme()) || "https".equals(base.getScheme()))
                        && base.getHost() != null,
                "the Alertmanager URL must be http(s)://host:port, got %s",
                url);
        checkArgument(batchSize >= 1, "batch size must be >= 1, got %s", batchSize);
        checkArgument(
                maxBufferedAlerts >= batchSize,
                "max buffered alerts (%s) must be >= the batch size (%s)",
                maxBufferedAlerts,
                batchSize);
        positive(flushInterval, "flush interval");
        positive(initialBackoff, "initial backoff");
        positive(requestTimeout, "request timeout");
        positive(resendInterval, "resend interval");
        checkArgument(
                flushTimeout != null && !flushTimeout.isNegative(),
                "flush timeout must be >= 0, got %s",
                flushTimeout);
        checkArgument(
                maxBackoff != null && maxBackoff.compareTo(initialBackoff) >= 0,
                "max backoff (%s) must be >= the initial backoff (%s)",
                maxBackoff,
                initialBackoff);
        return new AlertmanagerSink.Settings(
                URI.create(base + ALERTS_PATH),
                batchSize,
                flushInterval,
                maxBufferedAlerts,
                initialBackoff,
                maxBackoff,
                resendInterval,
                requestTimeout,
                flushTimeout);
    }

    private static void positive(Duration value, String name) {
        checkArgument(
                value != null && !value.isZero() && !value.isNegative(),
                "%s must be > 0, got %s",
                name,
                value);
    }
}
