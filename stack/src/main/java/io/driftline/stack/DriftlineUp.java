package io.driftline.stack;

import io.driftline.jobs.config.DriftlineOptions;
import io.driftline.jobs.ingest.FeedbackIngestConfig;
import io.driftline.jobs.ingest.FeedbackIngestJob;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

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
    private volatile boolean stopRequested;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public DriftlineUp(
            StackConfig stackConfig,
            WorkloadConfig workloadConfig,
            boolean fresh,
            Duration duration,
            Duration statusInterval) {
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
                EmbeddedStack.start(stackConfig, EmbeddedKafka.defaultBrokerLib())) {
            JobID ingest = submitIngestJob(stack);
            double startup = (System.nanoTime() - t0) / 1e9;
            out.printf("Stack up in %.1f s%n", startup);
            out.println("  Kafka           " + stack.kafka().bootstrapServers());
            out.println(
                    "  MongoDB         "
                            + stack.mongo().connectionString()
                            + "/"
                            + stackConfig.mongoDatabase());
            out.println("  Flink dashboard http://localhost:" + stackConfig.flinkPort());
            out.println(
                    "  Alertmanager    "
                            + stack.alertmanager()
                                    .map(a -> a.url())
                                    .orElse(
                                            "not running: alerts go to MongoDB '"
                                                    + StackConfig.COLLECTION_ALERTS
                                                    + "'"));
            out.println(
                    "  Logs            " + stackConfig.workDir().toAbsolutePath().resolve("logs"));
            out.println(
                    "  Workload        "
                            + workloadConfig.rate()
                            + " events/s"
                            + (workloadConfig.driftEnabled()
                                    ? ", drift injected at +"
                                            + workloadConfig.driftAt().toSeconds()
                                            + " s"
                                    : ", no drift"));
            try (WorkloadProducer workload =
                            new WorkloadProducer(
                                    stack.kafka().bootstrapServers(),
                                    StackConfig.TOPIC_FEEDBACK,
                                    StackConfig.TOPIC_METRICS,
                                    workloadConfig,
                                    List.of(SyntheticModel.creditRisk(), SyntheticModel.churn()),
                                    Clock.systemUTC());
                    StatusReporter status = new StatusReporter(stack, workload, ingest, out)) {
                workload.start();
                long end =
                        duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
                while (!stopRequested && System.nanoTime() < end) {
                    try {
                        Duration wait =
                                Duration.ofNanos(
                                        Math.min(
                                                statusInterval.toNanos(),
                                                Math.max(0, end - System.nanoTime())));
                        status.report(wait);
                    } catch (InterruptedException e) {
                        break;
                    } catch (org.apache.kafka.common.errors.InterruptException e) {
                        break;
                    }
                }
                Thread.interrupted(); // clear the flag so that shutdown can wait on things
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

    private JobID submitIngestJob(EmbeddedStack stack) throws Exception {
        Configuration options = new Configuration();
        options.set(DriftlineOptions.KAFKA_BOOTSTRAP_SERVERS, stack.kafka().bootstrapServers());
        options.set(DriftlineOptions.MONGO_URI, stack.mongo().connectionString());
        options.set(DriftlineOptions.MONGO_DATABASE, stackConfig.mongoDatabase());
        FeedbackIngestConfig config = FeedbackIngestConfig.from(options, Map.of());
        StreamExecutionEnvironment env = stack.flink().newEnvironment(FeedbackIngestJob.NAME);
        FeedbackIngestJob.build(
                env,
                config.limits(),
                FeedbackIngestJob.source(config),
                FeedbackIngestJob.feedbackSink(config),
                FeedbackIngestJob.deadLetterSink(config));
        return stack.flink().submit(env, FeedbackIngestJob.NAME);
    }

    static void deleteRecursively(Path dir) throws IOException {
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
