package io.driftline.connectors.alert;

import io.driftline.events.Alert;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A Flink sink that delivers {@link Alert}s to Alertmanager's {@code POST /api/v2/alerts}: batched,
 * retried with exponential backoff while Alertmanager is unreachable, firing alerts re-sent so that
 * Alertmanager does not resolve them, resolves sent with their {@code endsAt}. See {@link
 * AlertmanagerSinkWriter} for the delivery rules. Firing alerts and undelivered resolves are part
 * of the checkpoint, so a restarted job keeps re-sending what still fires.
 *
 * <pre>{@code
 * stream.sinkTo(AlertmanagerSink.builder()
 *         .setUrl("http://alertmanager:9093")
 *         .optResendInterval(Duration.ofMinutes(1))
 *         .build());
 * }</pre>
 */
public final class AlertmanagerSink implements Sink<Alert>, SupportsWriterState<Alert, Alert> {

    private static final long serialVersionUID = 1L;

    private final Settings settings;

    AlertmanagerSink(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public static AlertmanagerSinkBuilder builder() {
        return new AlertmanagerSinkBuilder();
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public StatefulSinkWriter<Alert, Alert> createWriter(WriterInitContext context) {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<Alert, Alert> restoreWriter(
            WriterInitContext context, Collection<Alert> recoveredState) {
        return new AlertmanagerSinkWriter(settings, context.metricGroup(), recoveredState);
    }

    @Override
    public SimpleVersionedSerializer<Alert> getWriterStateSerializer() {
        return new AlertStateSerializer();
    }

    @Override
    @Deprecated
    public SinkWriter<Alert> createWriter(InitContext context) throws IOException {
        throw new UnsupportedOperationException(
                "Flink 1.20 creates sink writers with a WriterInitContext");
    }

    /**
     * What the writer does, validated by {@link AlertmanagerSinkBuilder#build()}.
     *
     * @param alertsEndpoint Alertmanager's {@code /api/v2/alerts} URL
     * @param batchSize most alerts per request
     * @param flushInterval how often buffered alerts are sent when fewer than a batch wait
     * @param maxBufferedAlerts most distinct alerts (by fingerprint) held while Alertmanager is
     *     unreachable, and most firing alerts remembered for re-sending
     * @param initialBackoff first wait after a failed request
     * @param maxBackoff longest wait between retries
     * @param resendInterval how often firing alerts are sent again; keep it well under
     *     Alertmanager's {@code resolve_timeout} (5 min by default)
     * @param requestTimeout limit of one HTTP request
     * @param flushTimeout how long a checkpoint waits for the buffer to drain before it goes on
     *     (the alerts stay buffered and are retried)
     */
    public record Settings(
            URI alertsEndpoint,
            int batchSize,
            Duration flushInterval,
            int maxBufferedAlerts,
            Duration initialBackoff,
            Duration maxBackoff,
            Duration resendInterval,
            Duration requestTimeout,
            Duration flushTimeout)
            implements Serializable {}
}
