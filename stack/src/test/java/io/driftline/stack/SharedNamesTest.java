package io.driftline.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftline.jobs.config.DriftlineOptions;
import io.driftline.trainer.service.TrainerOption;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

/**
 * The topics and collections the jobs and the trainer share have the same key on both sides (the
 * jobs' under {@code driftline.}) and the same default: a renamed collection is renamed the same
 * way on both sides, and the defaults cannot drift apart.
 */
class SharedNamesTest {

    static final Map<ConfigOption<String>, TrainerOption> SHARED =
            Map.of(
                    DriftlineOptions.COLLECTION_FEEDBACK, TrainerOption.COLLECTION_FEEDBACK,
                    DriftlineOptions.COLLECTION_TRIGGERS, TrainerOption.COLLECTION_TRIGGERS,
                    DriftlineOptions.COLLECTION_MODEL_REGISTRY,
                            TrainerOption.COLLECTION_MODEL_REGISTRY,
                    DriftlineOptions.TOPIC_RETRAIN_TRIGGERS, TrainerOption.TOPIC_RETRAIN_TRIGGERS,
                    DriftlineOptions.TOPIC_RETRAIN_STATUS, TrainerOption.TOPIC_RETRAIN_STATUS,
                    DriftlineOptions.TOPIC_MODEL_UPDATES, TrainerOption.TOPIC_MODEL_UPDATES);

    @Test
    void sameKeysSameDefaults() {
        SHARED.forEach(
                (job, trainer) -> {
                    assertThat(job.key()).isEqualTo("driftline." + trainer.key());
                    assertThat(job.defaultValue()).isEqualTo(trainer.defaultValue());
                });
    }

    @Test
    void theTrainerTrainsOnAndRegistersInTheCollectionsItIsGiven() throws Exception {
        var config =
                io.driftline.trainer.service.TrainerConfig.from(
                        Map.of(
                                "mongo.collections.feedback", "feedback_v2",
                                "mongo.collections.model-registry", "registry_v2",
                                "mongo.collections.triggers", "triggers_v2"),
                        Map.of());
        var settings = io.driftline.trainer.service.TrainerComponents.settings(config);

        assertThat(List.of(settings.feedbackCollection(), settings.registryCollection()))
                .containsExactly("feedback_v2", "registry_v2");
        assertThat(config.triggersCollection()).isEqualTo("triggers_v2");
    }
}
