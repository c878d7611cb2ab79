package io.driftline.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftline.jobs.config.DriftlineOptions;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class FeedbackIngestConfigTest {

    @Test
    void defaultsMatchTheContracts() {
        FeedbackIngestConfig config = FeedbackIngestConfig.from(new Configuration(), Map.of());
        assertThat(config.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.feedbackTopic()).isEqualTo("driftline.feedback");
        assertThat(config.deadLetterTopic()).isEqualTo("driftline.dead-letter");
        assertThat(config.mongoDatabase()).isEqualTo("driftline");
        assertThat(config.feedbackCollection()).isEqualTo("ml_feedback");
        assertThat(config.groupId()).isEqualTo("driftline-feedback-ingest");
        assertThat(config.limits().maxPayloadBytes()).isEqualTo(1024 * 1024);
    }

    @Test
    void theMongoUriWithCredentialsComesFromTheEnvironment() {
        Configuration options = new Configuration();
        options.set(DriftlineOptions.MONGO_URI, "mongodb://ignored:27017");
        FeedbackIngestConfig config =
                FeedbackIngestConfig.from(
                        options, Map.of("DRIFTLINE_MONGO_URI", "mongodb://user:secret@db:27017"));
        assertThat(config.mongoUri()).isEqualTo("mongodb://user:secret@db:27017");
    }

    @Test
    void invalidSettingsAreRejectedWithTheOptionName() {
        Configuration sameTopic = new Configuration();
        sameTopic.set(DriftlineOptions.TOPIC_DEAD_LETTER, "driftline.feedback");
        assertThatThrownBy(() -> FeedbackIngestConfig.from(sameTopic, Map.of()))
                .hasMessageContaining("dead-letter topic must differ");

        Configuration badUri = new Configuration();
        badUri.set(DriftlineOptions.MONGO_URI, "http://localhost");
        assertThatThrownBy(() -> FeedbackIngestConfig.from(badUri, Map.of()))
                .hasMessageContaining("driftline.mongo.uri");

        Configuration limits = new Configuration();
        limits.set(DriftlineOptions.MAX_FEATURES, 25);
        assertThat(FeedbackIngestConfig.from(limits, Map.of()).limits().maxFeatures())
                .isEqualTo(25);
    }
}
