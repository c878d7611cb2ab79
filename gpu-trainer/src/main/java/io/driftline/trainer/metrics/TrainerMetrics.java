package io.driftline.trainer.metrics;

import io.driftline.events.ModelPublished;
import io.driftline.events.ModelStage;
import io.driftline.events.TriggerStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The trainer's Prometheus metrics (Micrometer): retrains by model and status, retrain duration,
 * the last training loss, each version's F1 and stage, and the JVM's own metrics. Families that
 * need no label are registered at construction, the per-model series for every model known at
 * start, so a scrape shows them before the first retrain.
 */
public final class TrainerMetrics implements AutoCloseable {

    /** {@code driftline_model_stage} values. */
    public static final Map<ModelStage, Double> STAGE_VALUES =
            Map.of(ModelStage.STAGING, 0.0, ModelStage.PRODUCTION, 1.0, ModelStage.ARCHIVED, 2.0);

    private final PrometheusMeterRegistry registry =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final Timer retrainDuration;
    private final Counter invalidTriggers;
    private final Counter statusPublishFailures;
    private final Counter claimsLost;
    private final AtomicReference<Double> trainingLoss = new AtomicReference<>(Double.NaN);
    private final Map<String, AtomicReference<Double>> f1 = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<Double>> stage = new ConcurrentHashMap<>();
    private final Map<String, Integer> productionVersion = new ConcurrentHashMap<>();

    public TrainerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        retrainDuration =
                Timer.builder("driftline.retrain.duration")
                        .description("Wall time of one retrain attempt (data, training, gate)")
                        .register(registry);
        Gauge.builder("driftline.training.loss", trainingLoss, AtomicReference::get)
                .description("Training loss of the last finished epoch (NaN before the first)")
                .register(registry);
        invalidTriggers =
                Counter.builder("driftline.trainer.invalid.triggers")
                        .description("Records on the triggers topic that are not valid triggers")
                        .register(registry);
        statusPublishFailures =
                Counter.builder("driftline.trainer.status.publish.failures")
                        .description("Transitions recorded in MongoDB but not published to Kafka")
                        .register(registry);
        claimsLost =
                Counter.builder("driftline.trainer.claims.lost")
                        .description(
                                "Retrains whose claim was taken over or resolved while training")
                        .register(registry);
    }

    /** Registers the per-model series (at 0) for {@code models}. */
    public void registerModels(Collection<String> models) {
        for (String model : models) {
            for (TriggerStatus status : TriggerStatus.values()) {
                triggered(model, status);
            }
        }
    }

    /** The counter of transitions of {@code model}'s triggers into {@code status}. */
    private Counter triggered(String model, TriggerStatus status) {
        return Counter.builder("driftline.retrain.triggered")
                .description("Retrain trigger transitions by model and the status entered")
                .tags(Tags.of("model", model, "status", status.name().toLowerCase(Locale.ROOT)))
                .register(registry);
    }

    /** One trigger of {@code model} entered {@code status}. */
    public void transition(String model, TriggerStatus status) {
        triggered(model, status).increment();
    }

    public void retrainAttempt(Duration duration) {
        retrainDuration.record(duration);
    }

    public void epoch(double loss) {
        trainingLoss.set(loss);
    }

    public void invalidTrigger() {
        invalidTriggers.increment();
    }

    public void statusPublishFailed() {
        statusPublishFailures.increment();
    }

    public void claimLost() {
        claimsLost.increment();
    }

    /**
     * Records a version now in production: its F1 (when its metrics have one) and stage; the
     * previous production version of the model (if this process saw it) becomes archived.
     */
    public void production(ModelPublished published) {
        String model = published.model();
        Integer previous = productionVersion.put(model, published.version());
        if (previous != null && previous != published.version()) {
            stageOf(model, previous).set(STAGE_VALUES.get(ModelStage.ARCHIVED));
        }
        stageOf(model, published.version()).set(STAGE_VALUES.get(published.stage()));
        Double value = f1Of(published.metrics());
        if (value != null) {
            String key = model + "\u0000" + published.version();
            f1.computeIfAbsent(
                            key,
                            k -> {
                                AtomicReference<Double> ref = new AtomicReference<>(Double.NaN);
                                Gauge.builder("driftline.model.f1", ref, AtomicReference::get)
                                        .description("F1 of a model version on its holdout")
                                        .tags(
                                                "model",
                                                model,
                                                "version",
                                                String.valueOf(published.version()))
                                        .register(registry);
                                return ref;
                            })
                    .set(value);
        }
    }

    private AtomicReference<Double> stageOf(String model, int version) {
        return stage.computeIfAbsent(
                model + "\u0000" + version,
                k -> {
                    AtomicReference<Double> ref = new AtomicReference<>(Double.NaN);
                    Gauge.builder("driftline.model.stage", ref, AtomicReference::get)
                            .description(
                                    "Stage of a model version: 0 staging, 1 production, 2 archived")
                            .tags("model", model, "version", String.valueOf(version))
                            .register(registry);
                    return ref;
                });
    }

    private static Double f1Of(Map<String, Double> metrics) {
        for (String key : new String[] {"f1", "candidate_f1", "candidate.f1"}) {
            Double v = metrics.get(key);
            if (v != null && Double.isFinite(v)) {
                return v;
            }
        }
        return null;
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
