package io.driftline.stack.workload;

import io.driftline.events.EventJson;
import io.driftline.events.FeatureValue;
import io.driftline.events.FeedbackEvent;
import io.driftline.events.MetricSample;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded stack's synthetic workload: feedback events for a few models (numeric and
 * categorical features, predictions, outcomes — some arriving later in a second event), metric
 * samples (latency, accuracy gauge, errors, CPU) and a small share of malformed records, with a
 * drift injected at a configured time. Runs on its own thread until closed.
 */
public final class WorkloadProducer implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkloadProducer.class);

    private final Producer<byte[], byte[]> producer;
    private final String feedbackTopic;
    private final String metricsTopic;
    private final WorkloadConfig config;
    private final List<SyntheticModel> models;
    private final Clock clock;
    private final SplittableRandom rnd;
    private final ArrayDeque<PendingOutcome> pendingOutcomes = new ArrayDeque<>();
    private final Map<String, ModelStats> stats = new HashMap<>();

    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong invalidProduced = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean driftAnnounced;
    private Thread thread;
    private long startedAt;
    private ServingVersions serving;

    public WorkloadProducer(
            String bootstrapServers,
            String feedbackTopic,
            String metricsTopic,
            String modelUpdatesTopic,
            WorkloadConfig config,
            List<SyntheticModel> models,
            Clock clock) {
        this(newProducer(bootstrapServers), feedbackTopic, metricsTopic, config, models, clock);
        this.serving = new ServingVersions(bootstrapServers, modelUpdatesTopic);
    }

    WorkloadProducer(
            Producer<byte[], byte[]> producer,
            String feedbackTopic,
            String metricsTopic,
            WorkloadConfig config,
            List<SyntheticModel> models,
            Clock clock) {
        this.producer = producer;
        this.feedbackTopic = feedbackTopic;
        this.metricsTopic = metricsTopic;
        this.config = config;
        this.models = List.copyOf(models);
        this.clock = clock;
        this.rnd = new SplittableRandom(config.seed());
        for (SyntheticModel m : models) {
            stats.put(m.name(), new ModelStats());
        }
    }

    private static Producer<byte[], byte[]> newProducer(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "driftline-workload");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Starts producing on a daemon thread. */
    public synchronized void start() {
        thread = new Thread(this, "driftline-workload");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        startedAt = clock.millis();
        long tickMillis = 10;
        double perTick = config.rate() * tickMillis / 1000.0;
        double carry = 0;
        long nextTick = startedAt;
        long nextMetrics = startedAt;
        try {
            while (running) {
                long now = clock.millis();
                if (now < nextTick) {
                    Thread.sleep(nextTick - now);
                    continue;
                }
                nextTick += tickMillis;
                if (nextTick < now - 1000) {
                    nextTick = now; // fell behind by more than a second: do not burst to catch up
                }
                carry += perTick;
                int n = (int) carry;
                carry -= n;
                boolean drifted = isDrifted(now);
                for (int i = 0; i < n; i++) {
                    produceOne(now, drifted);
                }
                flushDueOutcomes(now);
                if (now >= nextMetrics) {
                    produceMetrics(now, drifted);
                    nextMetrics += 1000;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("Workload producer stopped", e);
            }
        }
    }

    /** Whether the injected drift is in effect at {@code now}. */
    public boolean isDrifted(long now) {
        boolean drifted =
                config.driftEnabled()
                        && startedAt > 0
                        && now - startedAt >= config.driftAt().toMillis();
        if (drifted && !driftAnnounced) {
            driftAnnounced = true;
            if (serving != null) {
                serving.driftStarted();
            }
            LOG.info("Injected drift starts now (feature shift and concept change in credit-risk)");
        }
        return drifted;
    }

    private void produceOne(long now, boolean drifted) {
        if (rnd.nextDouble() < config.invalidRate()) {
            byte[] bad = MalformedRecords.next(rnd, now);
            send(feedbackTopic, "invalid", bad);
            invalidProduced.incrementAndGet();
            return;
        }
        SyntheticModel model = models.get(rnd.nextInt(models.size()));
        boolean retrained = serving != null && serving.retrainedSinceDrift(model.name());
        SyntheticModel.Draw draw = model.draw(rnd, drifted, retrained);
        String eventId = new UUID(rnd.nextLong(), rnd.nextLong()).toString();
        boolean late = rnd.nextDouble() < config.lateOutcomeRate();
        FeedbackEvent event =
                new FeedbackEvent(
                        eventId,
                        model.name(),
                        "1",
                        now,
                        draw.features(),
                        draw.prediction(),
                        round3(draw.confidence()),
                        late ? null : draw.actual(),
                        Map.of());
        send(feedbackTopic, model.name(), EventJson.toJson(event));
        if (late) {
            long due = now + 2_000 + rnd.nextInt(8_000);
            pendingOutcomes.addLast(new PendingOutcome(due, eventId, model.name(), draw.actual()));
        }
        stats.get(model.name()).record(draw.correct());
    }

    private void flushDueOutcomes(long now) {
        // outcomes are queued in creation order; delays vary, so scan the head only
        while (!pendingOutcomes.isEmpty() && pendingOutcomes.peekFirst().due() <= now) {
            PendingOutcome o = pendingOutcomes.pollFirst();
            FeedbackEvent outcome =
                    new FeedbackEvent(
                            o.eventId(),
                            o.model(),
                            "1",
                            now,
                            Map.of(),
                            null,
                            null,
                            o.actual(),
                            Map.of());
            send(feedbackTopic, o.model(), EventJson.toJson(outcome));
        }
    }

    private void produceMetrics(long now, boolean drifted) {
        for (SyntheticModel m : models) {
            ModelStats s = stats.get(m.name());
            Map<String, String> labels = Map.of("model", m.name(), "instance", "serving-0");
            double latency = Math.max(1, SyntheticModel.normal(rnd, 22, 3));
            metric("model_inference_latency_ms", labels, round3(latency), now);
            metric("model_accuracy", labels, round3(s.rollingAccuracy()), now);
            metric("model_prediction_errors_total", labels, s.errors, now);
            metric("process_cpu_utilization", labels, round3(0.35 + 0.05 * rnd.nextDouble()), now);
        }
    }

    private void metric(String name, Map<String, String> labels, double value, long ts) {
        MetricSample sample = new MetricSample(name, labels, value, ts);
        send(metricsTopic, sample.seriesKey(), EventJson.toJson(sample));
    }

    private void send(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
        if (topic.equals(feedbackTopic)) {
            produced.incrementAndGet();
        }
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** Feedback records sent so far, valid and malformed. */
    public long produced() {
        return produced.get();
    }

    /** Malformed records sent so far (each should end up in the dead-letter topic). */
    public long invalidProduced() {
        return invalidProduced.get();
    }

    public boolean driftStarted() {
        return driftAnnounced;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(5_000);
        }
        producer.flush();
        producer.close();
        if (serving != null) {
            serving.close();
        }
    }

    private record PendingOutcome(long due, String eventId, String model, FeatureValue actual) {}

    /** Rolling accuracy over the last outcomes, and a running error count. */
    private static final class ModelStats {
        private final boolean[] recent = new boolean[500];
        private int next;
        private int filled;
        private int correctInWindow;
        private long errors;

        void record(boolean correct) {
            if (filled == recent.length && recent[next]) {
                correctInWindow--;
            }
            recent[next] = correct;
            if (correct) {
                correctInWindow++;
            } else {
                errors++;
            }
            next = (next + 1) % recent.length;
            filled = Math.min(filled + 1, recent.length);
        }

        double rollingAccuracy() {
            return filled == 0 ? 1.0 : (double) correctInWindow / filled;
        }
    }
}
