package io.driftline.jobs.config;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Every option of Driftline's Flink jobs, under the {@code driftline.} prefix. They are read from
 * the job's arguments ({@code --driftline.kafka.bootstrap-servers host:9092}) or from Flink's
 * configuration; this class is the single source of truth for names, defaults and descriptions.
 */
public final class DriftlineOptions {

    private DriftlineOptions() {}

    static String key(String suffix) {
        return "driftline." + suffix;
    }

    public static final ConfigOption<String> KAFKA_BOOTSTRAP_SERVERS =
            ConfigOptions.key(key("kafka.bootstrap-servers"))
                    .stringType()
                    .defaultValue("localhost:9092")
                    .withDescription("Kafka bootstrap servers the jobs read from and write to.");

    public static final ConfigOption<String> KAFKA_GROUP_ID =
            ConfigOptions.key(key("kafka.group-id"))
                    .stringType()
                    .defaultValue("driftline")
                    .withDescription(
                            "Consumer group prefix; each job appends its name. Offsets are"
                                    + " committed on checkpoints (Flink's state is the source of"
                                    + " truth; the group only shows lag).");

    public static final ConfigOption<String> TOPIC_FEEDBACK =
            ConfigOptions.key(key("topics.feedback"))
                    .stringType()
                    .defaultValue("driftline.feedback")
                    .withDescription("Topic of FeedbackEvents (predictions and outcomes).");

    public static final ConfigOption<String> TOPIC_METRICS =
            ConfigOptions.key(key("topics.metrics"))
                    .stringType()
                    .defaultValue("driftline.metrics")
                    .withDescription("Topic of MetricSamples.");

    public static final ConfigOption<String> TOPIC_DEAD_LETTER =
            ConfigOptions.key(key("topics.dead-letter"))
                    .stringType()
                    .defaultValue("driftline.dead-letter")
                    .withDescription("Topic that receives invalid input with the reason.");

    public static final ConfigOption<String> MONGO_URI =
            ConfigOptions.key(key("mongo.uri"))
                    .stringType()
                    .defaultValue("mongodb://localhost:27017")
                    .withDescription(
                            "MongoDB connection URI. Put credentials in the environment"
                                    + " (DRIFTLINE_MONGO_URI), not on the command line.");

    public static final ConfigOption<String> MONGO_DATABASE =
            ConfigOptions.key(key("mongo.database"))
                    .stringType()
                    .defaultValue("driftline")
                    .withDescription("MongoDB database holding Driftline's collections.");

    public static final ConfigOption<String> COLLECTION_FEEDBACK =
            ConfigOptions.key(key("mongo.collections.feedback"))
                    .stringType()
                    .defaultValue("ml_feedback")
                    .withDescription("Collection of feedback events, one document per event_id.");

    public static final ConfigOption<Integer> MAX_PAYLOAD_BYTES =
            ConfigOptions.key(key("validation.max-payload-bytes"))
                    .intType()
                    .defaultValue(1024 * 1024)
                    .withDescription("Larger records are dead-lettered without being parsed.");

    public static final ConfigOption<Integer> MAX_FEATURES =
            ConfigOptions.key(key("validation.max-features"))
                    .intType()
                    .defaultValue(1000)
                    .withDescription("Events with more features are dead-lettered.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key(key("checkpoint-interval"))
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription(
                            "Checkpoint interval when the Flink configuration sets none; also"
                                    + " bounds how long exactly-once Kafka output waits to be"
                                    + " visible to read_committed consumers.");
}
