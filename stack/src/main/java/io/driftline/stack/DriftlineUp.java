package io.driftline.stack;

import io.driftline.jobs.config.DriftlineOptions;
import io.driftline.jobs.drift.DriftDetectionJob;
import io.driftline.jobs.ingest.FeedbackIngestJob;
import io.driftline.jobs.watchdog.RetrainWatchdogJob;
import io.driftline.stack.kafka.EmbeddedKafka;
import io.driftline.stack.workload.SyntheticModel;
import io.driftline.stack.workload.WorkloadConfig;
import io.driftline.stack.workload.WorkloadProducer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;

/**
 * What {@code ./driftline up} does: starts the embedded stack, submits the jobs to its Flink
 * cluster, runs the synthetic workload and prints a status line every few seconds until Ctrl-C or
 * the end of {@code --duration}, then shuts everything down cleanly.
 */
public final class DriftlineUp {

    private final StackConfig stackConfig;
    private final WorkloadConfig workloadConfig;
    private final boolean fresh;
    private final Duration duration;
    private final Duration statusInterval;
    private final Duration window;
    private Path catalog;
    private volatile boolean stopRequested;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ScheduledExecutorService bootstrap =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "driftline-bootstrap");
                        t.setDaemon(true);
                        return t;
                    });

    public DriftlineUp(
            StackConfig stackConfig,
            WorkloadConfig workloadConfig,
            boolean fresh,
            Duration duration,
            Duration statusInterval,
            Duration window) {
        this.window = window;
        this.stackConfig = stackConfig;
        this.workloadConfig = workloadConfig;
        this.fresh = fresh;
        this.duration = duration;
        this.statusInterval = statusInterval;
    }

    public int run(PrintStream out) throws Exception {
        Thread main = Thread.currentThread();
        Thread hook =
                new Thread(
                        () -> {
                            stopRequested = true;
                            main.interrupt();
                            try {
                                stopped.await();
                            } catch (InterruptedException ignored) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "driftline-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return runUntilStopped(out);
        } finally {
            stopped.countDown();
            if (!stopRequested) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException alreadyShuttingDown) {
                    // the JVM is exiting anyway
                }
            }
        }
    }

    /**
     * The model catalog the drift job reads (and reads again every 2 s when it changes); null for
     * none.
     */
    public DriftlineUp withCatalog(Path catalog) {
        this.catalog = catalog == null ? null : catalog.toAbsolutePath();
        return this;
    }

    private int runUntilStopped(PrintStream out) throws Exception {
        if (fresh) {
            deleteRecursively(stackConfig.workDir());
            out.println("Wiped " + stackConfig.workDir().toAbsolutePath());
        }
        Files.createDirectories(stackConfig.workDir());
        long t0 = System.nanoTime();
        out.println(
                "Starting the embedded stack in "
                        + stackConfig.workDir().toAbsolutePath()
                        + " ...");
        try (EmbeddedStack stack =
                        EmbeddedStack.start(stackConfig, EmbeddedKafka.defaultBrokerLib());
                EmbeddedTrainer trainer =
                        EmbeddedTrainer.start(stack, window.multipliedBy(2), catalog)) {
            Map<String, JobID> jobs = new LinkedHashMap<>();
            Configuration options = StackJobs.options(stack, window);
            if (catalog != null) {
                options.set(DriftlineOptions.CATALOG_PATH, catalog.toString());
                options.set(DriftlineOptions.CATALOG_CHECK_INTERVAL, Duration.ofSeconds(2));
                out.println("Model catalog " + catalog + " (edits apply to the running jobs)");
            }
            jobs.put("ingest", StackJobs.submitIngest(stack, options));
            jobs.put("drift", StackJobs.submitDrift(stack, options));
            jobs.put("watchdog", StackJobs.submitWatchdog(stack, options));
            out.printf("Stack up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            out.println("  Kafka           " + stack.kafka().bootstrapServers());
            out.println(
                    "  MongoDB         "
                            + stack.mongo().connectionString()
                            + "/"
                            + stackConfig.mongoDatabase());
            out.println(
                    "  Flink dashboard http://localhost:"
                            + stackConfig.flinkPort()
                            + " (jobs: "
                            + String.join(
                                    ", ",
                                    FeedbackIngestJob.NAME,
                                    DriftDetectionJob.NAME,
                                    RetrainWatchdogJob.NAME)
                            + ")");
            out.println(
                    "  Alertmanager    "
                            + stack.alertmanager()
                                    .map(a -> a.url())
                                    .orElse(
                                            "not running: alerts go to MongoDB '"
                                                    + StackConfig.COLLECTION_ALERTS
                                                    + "'"));
            out.println(
                    "  Trainer         "
                            + trainer.url()
                            + "/health and /metrics (admin token in "
                            + trainer.tokenFile()
                            + ")");
            out.println(
                    "  Logs            " + stackConfig.workDir().toAbsolutePath().resolve("logs"));
            out.println(
                    "  Windows         "
                            + window.toSeconds()
                            + " s of event time; a model without a published version"
                            + " learns its reference from its first "
                            + StackJobs.BOOTSTRAP_WINDOWS
                            + " windows");
            out.println(
                    "  Workload        "
                            + workloadConfig.rate()
                            + " events/s"
                            + (workloadConfig.driftEnabled()
                                    ? ", drift injected into credit-risk at +"
                                            + workloadConfig.driftAt().toSeconds()
                                            + " s"
                                    : ", no drift"));
            try (WorkloadProducer workload =
                            new WorkloadProducer(
                                    stack.kafka().bootstrapServers(),
                                    StackConfig.TOPIC_FEEDBACK,
                                    StackConfig.TOPIC_METRICS,
                                    StackConfig.TOPIC_MODEL_UPDATES,
                                    workloadConfig,
                                    List.of(SyntheticModel.creditRisk(), SyntheticModel.churn()),
                                    Clock.systemUTC());
                    StatusReporter status = new StatusReporter(stack, workload, jobs, out);
                    StoryPrinter story = new StoryPrinter(stack.kafka().bootstrapServers(), out)) {
                story.start();
                workload.start();
                bootstrap.schedule(
                        () -> bootstrapModels(trainer, out),
                        bootstrapAfter().toMillis(),
                        TimeUnit.MILLISECONDS);
                long end =
                        duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
                while (!stopRequested && System.nanoTime() < end) {
                    try {
                        long left = Math.max(0, end - System.nanoTime());
                        status.report(Duration.ofNanos(Math.min(statusInterval.toNanos(), left)));
                    } catch (InterruptedException
                            | org.apache.kafka.common.errors.InterruptException e) {
                        break;
                    }
                }
                Thread.interrupted(); // clear the flag so that shutdown can wait on things
                bootstrap.shutdownNow();
                out.println("Stopping ...");
            }
        }
        Thread.interrupted();
        out.println(
                "Stopped. Data kept in "
                        + stackConfig.workDir().toAbsolutePath()
                        + " (use --fresh to wipe).");
        return 0;
    }

    /**
     * When the first version of each demo model is trained: after two and a half windows of normal
     * traffic (before the default drift at 90 s with 20 s windows).
     */
    private Duration bootstrapAfter() {
        return window.multipliedBy(5).dividedBy(2);
    }

    private void bootstrapModels(EmbeddedTrainer trainer, PrintStream out) {
        try {
            List<String> asked =
                    trainer.bootstrap(
                            List.of(
                                    SyntheticModel.creditRisk().name(),
                                    SyntheticModel.churn().name()));
            if (!asked.isEmpty()) {
                out.println(
                        "Training the first version of "
                                + String.join(" and ", asked)
                                + " from the traffic so far");
            }
        } catch (Exception e) {
            out.println("Could not ask for the first versions: " + e.getMessage());
        }
    }

    /** Deletes {@code dir} and everything in it; nothing when it does not exist. */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(
                dir,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                            throws IOException {
                        Files.delete(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path d, IOException exc)
                            throws IOException {
                        Files.delete(d);
                        return FileVisitResult.CONTINUE;
                    }
                });
    }
}
