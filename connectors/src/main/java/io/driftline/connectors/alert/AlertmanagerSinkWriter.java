package io.driftline.connectors.alert;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.driftline.events.Alert;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of {@link AlertmanagerSink}: buffers alerts and POSTs them to Alertmanager from its
 * own thread, so the task thread never waits on the network except for the bounded wait of {@link
 * #flush}.
 *
 * <ul>
 *   <li>The buffer holds the newest state per fingerprint (a resolve replaces the firing alert it
 *       ends), so its size is bounded by the number of distinct alerts; past {@code
 *       maxBufferedAlerts} the oldest entry is dropped and counted in {@code alertsGivenUp}.
 *   <li>Up to {@code batchSize} alerts go in one request, as soon as a batch is full and otherwise
 *       every {@code flushInterval}.
 *   <li>A failed request (connection refused, timeout, 5xx, 429) puts its alerts back, unless a
 *       newer state of the same alert arrived meanwhile, and is retried after a backoff that
 *       doubles from {@code initialBackoff} to {@code maxBackoff}. A 4xx other than 408 and 429
 *       means Alertmanager rejects the alerts themselves: they are counted in {@code alertsGivenUp}
 *       and logged, never retried.
 *   <li>Alertmanager resolves an alert that is not re-sent within its {@code resolve_timeout}, so
 *       every firing alert is queued again each {@code resendInterval} until its resolve is
 *       written.
 * </ul>
 *
 * <p>Its checkpointed state is the firing alerts and the undelivered resolves, so after a restart
 * firing alerts keep being re-sent and no resolve is lost.
 *
 * <p>Metrics: counters {@code alertsSent} and {@code alertsGivenUp}, gauge {@code alertsBuffered}.
 */
public final class AlertmanagerSinkWriter implements StatefulSinkWriter<Alert, Alert> {

    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerSinkWriter.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final AlertmanagerSink.Settings settings;
    private final HttpClient http;
    private final ScheduledExecutorService executor;
    private final Counter sent;
    private final Counter givenUp;

    /** Guards every field below. */
    private final Object lock = new Object();

    /** Fingerprint → newest state not yet delivered; insertion order = oldest first. */
    private final LinkedHashMap<String, Alert> pending = new LinkedHashMap<>();

    /** Fingerprint → firing alerts to re-send, until their resolve is written. */
    private final LinkedHashMap<String, Alert> firing = new LinkedHashMap<>();

    /** The batch of the request in flight, empty when none. */
    private List<Alert> inFlight = List.of();

    private boolean drainScheduled;
    private Duration backoff;
    private boolean closed;

    public AlertmanagerSinkWriter(AlertmanagerSink.Settings settings, MetricGroup metrics) {
        this(settings, metrics, List.of());
    }

    /**
     * A writer that starts with the alerts of a checkpoint: firing ones are queued and re-sent on
     * the first flush.
     */
    public AlertmanagerSinkWriter(
            AlertmanagerSink.Settings settings, MetricGroup metrics, Collection<Alert> recovered) {
        this.settings = settings;
        this.http =
                HttpClient.newBuilder()
                        .connectTimeout(min(settings.requestTimeout(), Duration.ofSeconds(5)))
                        .build();
        this.sent = metrics.counter("alertsSent", new ThreadSafeSimpleCounter());
        this.givenUp = metrics.counter("alertsGivenUp", new ThreadSafeSimpleCounter());
        metrics.gauge("alertsBuffered", this::buffered);
        this.executor =
                Executors.newSingleThreadScheduledExecutor(
                        runnable -> {
                            Thread thread = new Thread(runnable, "alertmanager-sink-sender");
                            thread.setDaemon(true);
                            return thread;
                        });
        for (Alert alert : recovered) {
            remember(alert);
        }
        long flushMs = settings.flushInterval().toMillis();
        executor.scheduleWithFixedDelay(this::tick, flushMs, flushMs, TimeUnit.MILLISECONDS);
        long resendMs = settings.resendInterval().toMillis();
        executor.scheduleWithFixedDelay(this::resend, resendMs, resendMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void write(Alert alert, Context context) {
        synchronized (lock) {
            remember(alert);
            if (pending.size() >= settings.batchSize()) {
                scheduleDrain(0);
            }
        }
    }

    /** The firing alerts and the resolves not yet delivered, newest state per fingerprint. */
    @Override
    public List<Alert> snapshotState(long checkpointId) {
        synchronized (lock) {
            LinkedHashMap<String, Alert> state = new LinkedHashMap<>(firing);
            for (Alert alert : inFlight) {
                state.put(alert.fingerprint(), alert);
            }
            state.putAll(pending);
            return new ArrayList<>(state.values());
        }
    }

    private void remember(Alert alert) {
        synchronized (lock) {
            enqueue(alert);
            if (alert.resolved()) {
                firing.remove(alert.fingerprint());
            } else {
                firing.remove(alert.fingerprint());
                firing.put(alert.fingerprint(), alert);
                if (firing.size() > settings.maxBufferedAlerts()) {
                    Iterator<Alert> eldest = firing.values().iterator();
                    Alert dropped = eldest.next();
                    eldest.remove();
                    LOG.warn(
                            "More than {} firing alerts; {} will no longer be re-sent",
                            settings.maxBufferedAlerts(),
                            dropped.labels());
                }
            }
        }
    }

    /**
     * Starts sending what is buffered and waits, at most {@code flushTimeout}, until Alertmanager
     * has it; alerts still undelivered then stay buffered and are retried. While a retry is waiting
     * out its backoff (Alertmanager is known to be down) it does not wait at all.
     */
    @Override
    public void flush(boolean endOfInput) throws InterruptedException {
        long deadline = System.nanoTime() + settings.flushTimeout().toNanos();
        synchronized (lock) {
            scheduleDrain(0);
            while ((!pending.isEmpty() || !inFlight.isEmpty()) && backoff == null) {
                long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMs <= 0) {
                    LOG.debug("{} alerts still buffered after flush timeout", buffered());
                    return;
                }
                lock.wait(remainingMs);
            }
        }
    }

    @Override
    public void close() throws Exception {
        try {
            flush(true);
        } finally {
            synchronized (lock) {
                closed = true;
                if (!pending.isEmpty()) {
                    LOG.warn(
                            "Closing with {} undelivered alerts; a restart from the last"
                                    + " checkpoint sends them again",
                            pending.size());
                }
            }
            executor.shutdownNow();
            executor.awaitTermination(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Alerts delivered to Alertmanager (every re-send counts). */
    public long alertsSent() {
        return sent.getCount();
    }

    /** Alerts dropped: buffer overflow or rejected by Alertmanager. */
    public long alertsGivenUp() {
        return givenUp.getCount();
    }

    /** Alerts waiting for delivery, including those of a request in flight. */
    public int buffered() {
        synchronized (lock) {
            return pending.size() + inFlight.size();
        }
    }

    /** Firing alerts that are re-sent every resend interval. */
    public int firing() {
        synchronized (lock) {
            return firing.size();
        }
    }

    // ---- sender thread ----------------------------------------------------------------------

    private void tick() {
        synchronized (lock) {
            if (!pending.isEmpty()) {
                scheduleDrain(0);
            }
        }
    }

    private void resend() {
        synchronized (lock) {
            for (Alert alert : firing.values()) {
                // a newer state waiting in the buffer wins
                if (!pending.containsKey(alert.fingerprint())) {
                    enqueue(alert);
                }
            }
            if (!pending.isEmpty()) {
                scheduleDrain(0);
            }
        }
    }

    /** Sends batches until the buffer is empty or a request fails. */
    private void drain() {
        while (true) {
            List<Alert> batch = new ArrayList<>(settings.batchSize());
            synchronized (lock) {
                drainScheduled = false;
                Iterator<Alert> it = pending.values().iterator();
                while (it.hasNext() && batch.size() < settings.batchSize()) {
                    batch.add(it.next());
                    it.remove();
                }
                inFlight = batch;
                if (batch.isEmpty()) {
                    lock.notifyAll();
                    return;
                }
            }
            Outcome outcome = post(batch);
            synchronized (lock) {
                inFlight = List.of();
                switch (outcome) {
                    case SENT -> {
                        sent.inc(batch.size());
                        backoff = null;
                    }
                    case REJECTED -> givenUp.inc(batch.size());
                    case RETRY -> {
                        for (Alert alert : batch) {
                            pending.putIfAbsent(alert.fingerprint(), alert);
                        }
                        trimToLimit();
                        backoff =
                                backoff == null
                                        ? settings.initialBackoff()
                                        : min(backoff.multipliedBy(2), settings.maxBackoff());
                        scheduleDrain(backoff.toMillis());
                        lock.notifyAll();
                        return;
                    }
                }
                lock.notifyAll();
            }
        }
    }

    private enum Outcome {
        SENT,
        RETRY,
        REJECTED
    }

    private Outcome post(List<Alert> batch) {
        HttpRequest request =
                HttpRequest.newBuilder(settings.alertsEndpoint())
                        .timeout(settings.requestTimeout())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(payload(batch)))
                        .build();
        try {
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status / 100 == 2) {
                return Outcome.SENT;
            }
            if (status / 100 == 4 && status != 408 && status != 429) {
                LOG.error(
                        "Alertmanager rejected {} alerts with HTTP {}: {}",
                        batch.size(),
                        status,
                        response.body());
                return Outcome.REJECTED;
            }
            LOG.warn("Alertmanager answered HTTP {}; retrying", status);
            return Outcome.RETRY;
        } catch (IOException e) {
            LOG.warn(
                    "Alertmanager at {} is unreachable ({}); {} alerts buffered",
                    settings.alertsEndpoint(),
                    e.toString(),
                    batch.size());
            return Outcome.RETRY;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.RETRY;
        }
    }

    // ---- buffer -----------------------------------------------------------------------------

    private void enqueue(Alert alert) {
        pending.remove(alert.fingerprint());
        pending.put(alert.fingerprint(), alert);
        trimToLimit();
    }

    private void trimToLimit() {
        while (pending.size() > settings.maxBufferedAlerts()) {
            Iterator<Map.Entry<String, Alert>> eldest = pending.entrySet().iterator();
            Alert dropped = eldest.next().getValue();
            eldest.remove();
            givenUp.inc();
            LOG.error(
                    "Alert buffer full ({} distinct alerts); gave up on {}",
                    settings.maxBufferedAlerts(),
                    dropped.labels());
        }
    }

    /** Queues a drain unless one is queued already (a retry waiting out its backoff counts). */
    private void scheduleDrain(long delayMs) {
        if (drainScheduled || closed || executor.isShutdown()) {
            return;
        }
        drainScheduled = true;
        executor.schedule(this::drain, delayMs, TimeUnit.MILLISECONDS);
    }

    /**
     * The request body of {@code POST /api/v2/alerts}: an array of {@code labels}, {@code
     * annotations}, {@code startsAt} and, for a resolve, {@code endsAt}, times in RFC 3339.
     */
    static byte[] payload(List<Alert> alerts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * alerts.size());
        try (JsonGenerator out = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            out.writeStartArray();
            for (Alert alert : alerts) {
                out.writeStartObject();
                writeMap(out, "labels", alert.labels());
                writeMap(out, "annotations", alert.annotations());
                out.writeStringField("startsAt", Instant.ofEpochMilli(alert.startsAt()).toString());
                if (alert.endsAt() != null) {
                    out.writeStringField("endsAt", Instant.ofEpochMilli(alert.endsAt()).toString());
                }
                out.writeEndObject();
            }
            out.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeMap(JsonGenerator out, String name, Map<String, String> map)
            throws IOException {
        out.writeObjectFieldStart(name);
        for (Map.Entry<String, String> entry : map.entrySet()) {
            out.writeStringField(entry.getKey(), entry.getValue());
        }
        out.writeEndObject();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
