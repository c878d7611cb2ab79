package io.driftline.trainer.service;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.driftline.events.RetrainTrigger;
import io.driftline.trainer.admin.TrainerAdmin;
import io.driftline.trainer.claim.TriggerStore;
import io.driftline.trainer.core.LastOutcome;
import io.driftline.trainer.core.RetryPolicy;
import io.driftline.trainer.http.HealthChecks;
import io.driftline.trainer.http.HealthReport;
import io.driftline.trainer.http.TrainerHttpServer;
import io.driftline.trainer.intake.TriggerIntake;
import io.driftline.trainer.metrics.TrainerMetrics;
import io.driftline.trainer.pipeline.RetrainPipeline;
import io.driftline.trainer.publish.KafkaEventPublisher;
import io.driftline.trainer.registry.ModelRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training service: consumes retrain triggers as a member of the trainers' consumer group,
 * claims each in MongoDB under a lease, runs the {@link RetrainPipeline}, publishes the promoted
 * model and every transition, sweeps up triggers whose trainer died, and serves health, metrics and
 * the admin API over HTTP.
 *
 * <pre>{@code
 * TrainerConfig config = TrainerConfig.from(Map.of("http.port", "0"), System.getenv());
 * try (TrainerService trainer = TrainerService.create(config, pipeline, registry, Clock.systemUTC())) {
 *     trainer.start();
 *     ...
 * }
 * }</pre>
 */
public final class TrainerService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerService.class);

    /** The collection of the feedback events, to list every model for a retrain of all. */

    /** How the intake re-reads a trigger it could not handle (MongoDB unreachable): every 2 s. */
    static final RetryPolicy INTAKE_RETRY = RetryPolicy.fixed(Duration.ofSeconds(2));

    private final TrainerConfig config;
    private final ModelRegistry registry;
    private final Clock clock;
    private final MongoClient mongo;
    private final MongoDatabase database;
    private final TriggerStore store;
    private final KafkaEventPublisher publisher;
    private final Admin kafkaAdmin;
    private final TrainerMetrics metrics;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService worker;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final RetrainRunner runner;
    private final TrainerAdmin admin;
    private final TriggerIntake intake;
    private final HealthChecks health;
    private Thread intakeThread;
    private TrainerHttpServer http;
    private boolean closed;

    private TrainerService(
            TrainerConfig config, RetrainPipeline pipeline, ModelRegistry registry, Clock clock) {
        this.config = config;
        this.registry = registry;
        this.clock = clock;
        this.mongo = mongoClient(config.mongoUri());
        this.database = mongo.getDatabase(config.database());
        this.store = new TriggerStore(database.getCollection(config.triggersCollection()));
        this.metrics = new TrainerMetrics();
        this.publisher =
                new KafkaEventPublisher(
                        KafkaEventPublisher.producer(config.bootstrapServers(), config.trainerId()),
                        config.triggersTopic(),
                        config.statusTopic(),
                        config.modelUpdatesTopic(),
                        metrics::statusPublishFailed);
        this.kafkaAdmin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                config.bootstrapServers(),
                                AdminClientConfig.CLIENT_ID_CONFIG,
                                config.trainerId() + "-health",
                                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                                2_000,
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                                2_000));
        this.scheduler = Executors.newScheduledThreadPool(2, daemon("trainer-lease"));
        this.worker = Executors.newSingleThreadExecutor(daemon("trainer-work"));
        this.runner =
                new RetrainRunner(config, store, pipeline, publisher, metrics, clock, scheduler);
        this.admin =
                new TrainerAdmin(
                        store,
                        registry,
                        publisher,
                        database.getCollection(config.feedbackCollection()),
                        clock);
        this.intake =
                new TriggerIntake(
                        TriggerIntake.consumer(
                                config.bootstrapServers(), config.groupId(), config.trainerId()),
                        config.triggersTopic(),
                        worker,
                        this::handle,
                        metrics::invalidTrigger,
                        INTAKE_RETRY);
        this.health =
                new HealthChecks(
                        kafkaAdmin,
                        database,
                        intake::alive,
                        runner::lastOutcome,
                        HealthChecks.detectDevice());
    }

    /**
     * A service with its own Kafka and MongoDB clients (from {@code config}) around the given
     * pipeline and registry; call {@link #start()}.
     */
    public static TrainerService create(
            TrainerConfig config, RetrainPipeline pipeline, ModelRegistry registry, Clock clock) {
        return new TrainerService(
                Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(pipeline, "pipeline"),
                Objects.requireNonNull(registry, "registry"),
                Objects.requireNonNull(clock, "clock"));
    }

    /** Starts the HTTP server, the trigger intake and the sweeper. */
    public synchronized TrainerService start() throws IOException {
        if (closed) {
            throw new IllegalStateException("the trainer service is closed");
        }
        if (http != null) {
            return this;
        }
        registerKnownModels();
        http =
                TrainerHttpServer.start(
                        config.httpHost(),
                        config.httpPort(),
                        health,
                        metrics::scrape,
                        admin,
                        config.adminToken(),
                        config.trainerId());
        intakeThread = new Thread(intake, "trainer-intake");
        intakeThread.setDaemon(true);
        intakeThread.start();
        long sweep = config.sweepInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
        LOG.info(
                "Trainer {} started: triggers from {} at {}, HTTP on port {}, device {}",
                config.trainerId(),
                config.triggersTopic(),
                config.bootstrapServers(),
                http.port(),
                HealthChecks.detectDevice());
        return this;
    }

    private void registerKnownModels() {
        TreeSet<String> models = new TreeSet<>();
        try {
            models.addAll(registry.models());
            models.addAll(store.models());
            metrics.registerModels(models);
            for (String model : registry.models()) {
                registry.production(model).ifPresent(metrics::production);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not list the known models for the metrics at start", e);
        }
    }

    private void handle(RetrainTrigger trigger) throws InterruptedException {
        inFlight.incrementAndGet();
        try {
            runner.handle(trigger);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /**
     * Claims what no trainer is working on: running triggers whose lease expired (their trainer
     * died) and pending ones untouched for two lease durations. Runs only when this trainer is
     * idle.
     */
    void sweep() {
        if (inFlight.get() > 0) {
            return;
        }
        try {
            long now = clock.millis();
            List<RetrainTrigger> orphans =
                    store.orphans(now, now - 2 * config.leaseDuration().toMillis(), 1);
            for (RetrainTrigger orphan : orphans) {
                LOG.info(
                        "Sweeping trigger {} ({}, not worked on)",
                        orphan.triggerId(),
                        TriggerStore.wire(orphan.status()));
                worker.submit(
                        () -> {
                            handle(orphan);
                            return null;
                        });
            }
        } catch (RuntimeException e) {
            LOG.warn("Sweep for orphaned triggers failed", e);
        }
    }

    /** Runs one sweep now (for tests and operators); same as the timer's. */
    public void sweepNow() {
        scheduler.execute(this::sweep);
    }

    public TrainerConfig config() {
        return config;
    }

    /** The HTTP port (bound; useful with {@code http.port=0}). */
    public int httpPort() {
        checkStarted();
        return http.port();
    }

    public HealthReport health() {
        return health.get();
    }

    public TrainerMetrics metrics() {
        return metrics;
    }

    public TrainerAdmin admin() {
        return admin;
    }

    public Optional<LastOutcome> lastOutcome() {
        return runner.lastOutcome();
    }

    private void checkStarted() {
        if (http == null) {
            throw new IllegalStateException("the trainer service is not started");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        intake.close();
        if (intakeThread != null) {
            try {
                intakeThread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // interrupts a retry wait; a retrain in progress is left to its lease, which expires
        worker.shutdownNow();
        scheduler.shutdownNow();
        List<AutoCloseable> resources = new ArrayList<>();
        if (http != null) {
            resources.add(http);
        }
        resources.add(publisher);
        resources.add(kafkaAdmin);
        resources.add(mongo);
        resources.add(metrics);
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Closing {}", resource.getClass().getSimpleName(), e);
            }
        }
        LOG.info("Trainer {} stopped", config.trainerId());
    }

    /**
     * Runs the service until the JVM is stopped. Arguments: an optional properties file (also
     * {@code DRIFTLINE_TRAINER_CONFIG}); everything else from the environment.
     */
    public static void main(String[] args) throws Exception {
        String file = args.length > 0 ? args[0] : System.getenv("DRIFTLINE_TRAINER_CONFIG");
        TrainerConfig config =
                TrainerConfig.load(file == null ? null : Path.of(file), System.getenv());
        runUntilStopped(config);
    }

    /** Starts the service with the default components and blocks until the JVM shuts down. */
    public static void runUntilStopped(TrainerConfig config) throws Exception {
        Clock clock = Clock.systemUTC();
        MongoClient componentsClient = mongoClient(config.mongoUri());
        TrainerComponents components =
                TrainerComponents.create(
                        componentsClient.getDatabase(config.database()), config, clock);
        TrainerService service =
                create(config, components.pipeline(), components.registry(), clock);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    service.close();
                                    componentsClient.close();
                                    stopped.countDown();
                                },
                                "trainer-shutdown"));
        service.start();
        stopped.await();
    }

    /** A MongoDB client that gives up on an unreachable server within 5 s (health stays quick). */
    public static MongoClient mongoClient(String uri) {
        return MongoClients.create(
                MongoClientSettings.builder()
                        .applyConnectionString(new ConnectionString(uri))
                        .applyToClusterSettings(b -> b.serverSelectionTimeout(5, TimeUnit.SECONDS))
                        .build());
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
