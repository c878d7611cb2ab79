package io.driftline.jobs.ingest;

import static org.apache.flink.util.Preconditions.checkArgument;

import io.driftline.events.EventLimits;
import io.driftline.jobs.config.DriftlineOptions;
import java.util.Map;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Validated settings of {@link FeedbackIngestJob}, read from Flink configuration options ({@link
 * DriftlineOptions}) and, for the MongoDB URI, from the environment when {@code
 * DRIFTLINE_MONGO_URI} is set (so credentials stay off the command line).
 */
public record FeedbackIngestConfig(
        String bootstrapServers,
        String groupId,
        String feedbackTopic,
        String deadLetterTopic,
        String mongoUri,
        String mongoDatabase,
        String feedbackCollection,
        EventLimits limits,
        Map<String, String> kafkaProperties) {

    public static final String MONGO_URI_ENV = "DRIFTLINE_MONGO_URI";

    public FeedbackIngestConfig {
        kafkaProperties = Map.copyOf(kafkaProperties);
        checkArgument(
                !bootstrapServers.isBlank(),
                "%s must not be blank",
                DriftlineOptions.KAFKA_BOOTSTRAP_SERVERS.key());
        checkArgument(
                !feedbackTopic.isBlank(),
                "%s must not be blank",
                DriftlineOptions.TOPIC_FEEDBACK.key());
        checkArgument(
                !deadLetterTopic.isBlank(),
                "%s must not be blank",
                DriftlineOptions.TOPIC_DEAD_LETTER.key());
        checkArgument(
                !feedbackTopic.equals(deadLetterTopic),
                "the dead-letter topic must differ from the feedback topic (%s)",
                feedbackTopic);
        checkArgument(
                mongoUri.startsWith("mongodb://") || mongoUri.startsWith("mongodb+srv://"),
                "%s must be a mongodb:// or mongodb+srv:// URI",
                DriftlineOptions.MONGO_URI.key());
    }

    public static FeedbackIngestConfig from(ReadableConfig config, Map<String, String> env) {
        String mongoUri = env.getOrDefault(MONGO_URI_ENV, config.get(DriftlineOptions.MONGO_URI));
        EventLimits limits = DriftlineOptions.eventLimits(config);
        return new FeedbackIngestConfig(
                config.get(DriftlineOptions.KAFKA_BOOTSTRAP_SERVERS),
                config.get(DriftlineOptions.KAFKA_GROUP_ID) + "-feedback-ingest",
                config.get(DriftlineOptions.TOPIC_FEEDBACK),
                config.get(DriftlineOptions.TOPIC_DEAD_LETTER),
                mongoUri,
                config.get(DriftlineOptions.MONGO_DATABASE),
                config.get(DriftlineOptions.COLLECTION_FEEDBACK),
                limits,
                DriftlineOptions.kafkaProperties(config));
    }
}
