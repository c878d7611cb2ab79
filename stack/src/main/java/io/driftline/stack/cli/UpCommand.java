package io.driftline.stack.cli;

import io.driftline.stack.DriftlineUp;
import io.driftline.stack.StackConfig;
import io.driftline.stack.workload.WorkloadConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code driftline up}: starts the embedded stack, the jobs and the synthetic workload. */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Starts the embedded stack (Kafka, a MongoDB-protocol store, Alertmanager when",
            "installed, Flink with its dashboard), the Driftline jobs and a synthetic workload",
            "with an injected drift. Ctrl-C stops everything."
        })
public final class UpCommand implements Callable<Integer> {

    @Option(
            names = "--work-dir",
            defaultValue = "var",
            description = "Work directory, kept across runs (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--fresh", description = "Wipe the work directory first.")
    boolean fresh;

    @Option(
            names = "--duration",
            paramLabel = "SECONDS",
            description = "Stop by itself after this many seconds (default: run until Ctrl-C).")
    Long durationSeconds;

    @Option(names = "--no-drift", description = "Do not inject a drift.")
    boolean noDrift;

    @Option(
            names = "--drift-at",
            paramLabel = "SECONDS",
            defaultValue = "90",
            description =
                    "When the injected drift starts, in seconds after the workload starts (default: ${DEFAULT-VALUE}).")
    long driftAtSeconds;

    @Option(
            names = "--rate",
            paramLabel = "N",
            defaultValue = "200",
            description = "Feedback events per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--invalid-rate",
            defaultValue = "0.005",
            description = "Share of deliberately malformed records (default: ${DEFAULT-VALUE}).")
    double invalidRate;

    @Option(
            names = "--late-outcome-rate",
            defaultValue = "0.2",
            description =
                    "Share of predictions whose outcome arrives in a later event (default: ${DEFAULT-VALUE}).")
    double lateOutcomeRate;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Random seed of the workload (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--kafka-port",
            defaultValue = "9092",
            description = "Kafka broker port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
            names = "--kafka-controller-port",
            defaultValue = "19093",
            description = "Kafka KRaft controller port (default: ${DEFAULT-VALUE}).")
    int kafkaControllerPort;

    @Option(
            names = "--mongo-port",
            defaultValue = "27017",
            description = "MongoDB-protocol server port (default: ${DEFAULT-VALUE}).")
    int mongoPort;

    @Option(
            names = "--flink-port",
            defaultValue = "8081",
            description = "Flink REST API and dashboard port (default: ${DEFAULT-VALUE}).")
    int flinkPort;

    @Option(
            names = "--alertmanager-port",
            defaultValue = "9093",
            description = "Alertmanager port (default: ${DEFAULT-VALUE}).")
    int alertmanagerPort;

    @Option(
            names = "--trainer-port",
            defaultValue = "8090",
            description =
                    "Trainer HTTP port: /health, /metrics, /admin/ (default: ${DEFAULT-VALUE}).")
    int trainerPort;

    @Option(
            names = "--window",
            paramLabel = "SECONDS",
            defaultValue = "20",
            description = "Drift window size in seconds of event time (default: ${DEFAULT-VALUE}).")
    long windowSeconds;

    @Option(
            names = "--no-alertmanager",
            description = "Do not start Alertmanager even when installed.")
    boolean noAlertmanager;

    @Option(
            names = "--catalog",
            paramLabel = "FILE",
            description =
                    "The model catalog the drift job reads, and reads again when it changes"
                            + " (default: models.yaml in the current directory, when there is one).")
    Path catalog;

    @Option(
            names = "--status-interval",
            paramLabel = "SECONDS",
            defaultValue = "10",
            description = "Seconds between status lines (default: ${DEFAULT-VALUE}).")
    long statusIntervalSeconds;

    @Override
    public Integer call() throws Exception {
        StackConfig stack =
                new StackConfig(
                        workDir,
                        kafkaPort,
                        kafkaControllerPort,
                        mongoPort,
                        flinkPort,
                        alertmanagerPort,
                        trainerPort,
                        !noAlertmanager,
                        "driftline");
        WorkloadConfig workload =
                new WorkloadConfig(
                        rate,
                        noDrift ? null : Duration.ofSeconds(driftAtSeconds),
                        invalidRate,
                        lateOutcomeRate,
                        seed);
        Duration duration = durationSeconds == null ? null : Duration.ofSeconds(durationSeconds);
        Path models = catalog;
        if (models == null && Files.isRegularFile(Path.of("models.yaml"))) {
            models = Path.of("models.yaml");
        }
        return new DriftlineUp(
                        stack,
                        workload,
                        fresh,
                        duration,
                        Duration.ofSeconds(statusIntervalSeconds),
                        Duration.ofSeconds(windowSeconds))
                .withCatalog(models)
                .run(System.out);
    }
}
