package io.driftline.trainer.http;

import ai.djl.util.cuda.CudaUtils;
import com.mongodb.client.MongoDatabase;
import io.driftline.trainer.core.LastOutcome;
import io.driftline.trainer.http.HealthReport.Check;
import io.driftline.trainer.http.HealthReport.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.bson.Document;

/**
 * Computes the trainer's {@link HealthReport}: Kafka and MongoDB reachable and the trigger intake
 * running (else unhealthy), the training device (GPU or CPU, informational), and the last retrain's
 * outcome (failed = degraded).
 */
public final class HealthChecks implements Supplier<HealthReport> {

    private static final long TIMEOUT_MS = 2_000;

    private final Admin kafka;
    private final MongoDatabase mongo;
    private final BooleanSupplier intakeAlive;
    private final Supplier<Optional<LastOutcome>> lastOutcome;
    private final String device;

    public HealthChecks(
            Admin kafka,
            MongoDatabase mongo,
            BooleanSupplier intakeAlive,
            Supplier<Optional<LastOutcome>> lastOutcome,
            String device) {
        this.kafka = kafka;
        this.mongo = mongo;
        this.intakeAlive = intakeAlive;
        this.lastOutcome = lastOutcome;
        this.device = device;
    }

    /** {@code gpu (N device(s))} when CUDA sees a GPU, else {@code cpu}; never loads PyTorch. */
    public static String detectDevice() {
        try {
            int gpus = CudaUtils.getGpuCount();
            return gpus > 0 ? "gpu (" + gpus + " device" + (gpus > 1 ? "s" : "") + ")" : "cpu";
        } catch (RuntimeException | LinkageError e) {
            return "cpu";
        }
    }

    @Override
    public HealthReport get() {
        List<Check> checks = new ArrayList<>();
        checks.add(kafka());
        checks.add(mongo());
        checks.add(
                intakeAlive.getAsBoolean()
                        ? new Check("intake", Status.HEALTHY, "consuming triggers")
                        : new Check("intake", Status.UNHEALTHY, "the trigger consumer stopped"));
        checks.add(new Check("device", Status.HEALTHY, device));
        checks.add(lastTraining());
        return new HealthReport(checks);
    }

    private Check kafka() {
        try {
            int brokers =
                    kafka.describeCluster().nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).size();
            return new Check("kafka", Status.HEALTHY, "reachable, " + brokers + " broker(s)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Check("kafka", Status.UNHEALTHY, "interrupted");
        } catch (Exception e) {
            return new Check(
                    "kafka", Status.UNHEALTHY, "unreachable: " + e.getClass().getSimpleName());
        }
    }

    private Check mongo() {
        try {
            mongo.runCommand(new Document("ping", 1));
            return new Check("mongodb", Status.HEALTHY, "reachable");
        } catch (RuntimeException e) {
            return new Check(
                    "mongodb", Status.UNHEALTHY, "unreachable: " + e.getClass().getSimpleName());
        }
    }

    private Check lastTraining() {
        return lastOutcome
                .get()
                .map(
                        o -> {
                            String detail =
                                    o.model()
                                            + " "
                                            + o.status().name().toLowerCase(Locale.ROOT)
                                            + " at "
                                            + Instant.ofEpochMilli(o.at())
                                            + " (trigger "
                                            + o.triggerId()
                                            + ")"
                                            + (o.error() != null ? ": " + o.error() : "");
                            boolean failed = o.status() == io.driftline.events.TriggerStatus.FAILED;
                            return new Check(
                                    "last_training",
                                    failed ? Status.DEGRADED : Status.HEALTHY,
                                    detail);
                        })
                .orElse(new Check("last_training", Status.HEALTHY, "none since start"));
    }
}
