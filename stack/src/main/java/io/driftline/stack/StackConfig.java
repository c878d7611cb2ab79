package io.driftline.stack;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the embedded stack: ports, the work directory that survives restarts, and the topic,
 * database and collection names (Driftline's defaults).
 */
public record StackConfig(
        Path workDir,
        int kafkaPort,
        int kafkaControllerPort,
        int mongoPort,
        int flinkPort,
        int alertmanagerPort,
        int trainerPort,
        boolean startAlertmanager,
        String mongoDatabase) {

    public static final String TOPIC_FEEDBACK = "driftline.feedback";
    public static final String TOPIC_METRICS = "driftline.metrics";
    public static final String TOPIC_DEAD_LETTER = "driftline.dead-letter";
    public static final String TOPIC_DRIFT_REPORTS = "driftline.drift-reports";
    public static final String TOPIC_RETRAIN_TRIGGERS = "driftline.retrain-triggers";
    public static final String TOPIC_RETRAIN_STATUS = "driftline.retrain-status";
    public static final String TOPIC_MODEL_UPDATES = "driftline.model-updates";

    /** Every topic of the contracts, created on start. */
    public static final java.util.List<String> TOPICS =
            java.util.List.of(
                    TOPIC_FEEDBACK,
                    TOPIC_METRICS,
                    TOPIC_DEAD_LETTER,
                    TOPIC_DRIFT_REPORTS,
                    TOPIC_RETRAIN_TRIGGERS,
                    TOPIC_RETRAIN_STATUS,
                    TOPIC_MODEL_UPDATES);

    public static final String COLLECTION_FEEDBACK =
            io.driftline.events.DefaultNames.FEEDBACK_COLLECTION;
    public static final String COLLECTION_ALERTS = "alerts";

    public StackConfig {
        int[] ports = {
            kafkaPort, kafkaControllerPort, mongoPort, flinkPort, alertmanagerPort, trainerPort
        };
        for (int port : ports) {
            checkArgument(port > 0 && port < 65536, "port out of range: %s", port);
        }
        checkArgument(
                java.util.Arrays.stream(ports).distinct().count() == ports.length,
                "ports must be distinct: kafka %s, kafka controller %s, mongo %s, flink %s,"
                        + " alertmanager %s, trainer %s",
                kafkaPort,
                kafkaControllerPort,
                mongoPort,
                flinkPort,
                alertmanagerPort,
                trainerPort);
    }

    /** The defaults: Kafka 9092, MongoDB 27017, Flink 8081, Alertmanager 9093, work dir ./var. */
    public static StackConfig defaults() {
        return new StackConfig(
                Path.of("var"), 9092, 19093, 27017, 8081, 9093, 8090, true, "driftline");
    }

    public Path kafkaDir() {
        return workDir.resolve("kafka");
    }

    public Path mongoFile() {
        return workDir.resolve("mongo").resolve("driftline.mv.db");
    }

    public Path alertmanagerDir() {
        return workDir.resolve("alertmanager");
    }

    public Path trainerDir() {
        return workDir.resolve("trainer");
    }

    public Path flinkDir() {
        return workDir.resolve("flink");
    }

    /** Grace period for child processes to stop before they are killed. */
    public static Duration stopGrace() {
        return Duration.ofSeconds(20);
    }
}
