package io.driftline.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerConfigTest {

    @TempDir Path tmp;

    @Test
    void defaults() {
        TrainerConfig c = TrainerConfig.from(Map.of(), Map.of());
        assertThat(c.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(c.triggersTopic()).isEqualTo("driftline.retrain-triggers");
        assertThat(c.statusTopic()).isEqualTo("driftline.retrain-status");
        assertThat(c.modelUpdatesTopic()).isEqualTo("driftline.model-updates");
        assertThat(c.mongoUri()).isEqualTo("mongodb://localhost:27017");
        assertThat(c.database()).isEqualTo("driftline");
        assertThat(c.httpPort()).isEqualTo(8090);
        assertThat(c.leaseDuration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.trainerId()).isEqualTo(TrainerConfig.defaultTrainerId());
        assertThat(c.trainerId()).endsWith("-" + ProcessHandle.current().pid());
        assertThat(c.adminToken()).isEmpty();
    }

    @Test
    void fileValuesAreOverriddenByTheEnvironment() throws Exception {
        Path file = tmp.resolve("trainer.properties");
        Files.writeString(
                file,
                "kafka.bootstrap-servers=kafka:9092\nmongo.uri=mongodb://file:27017\n"
                        + "trainer.lease-duration=30\ntrainer.lease-renewal=PT10S\nhttp.port=9000\n");
        TrainerConfig c =
                TrainerConfig.load(
                        file,
                        Map.of(
                                "DRIFTLINE_MONGO_URI", "mongodb://user:secret@env:27017",
                                "DRIFTLINE_HTTP_PORT", "9100",
                                "DRIFTLINE_TRAINER_ID", "trainer-a"));
        assertThat(c.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(c.mongoUri()).isEqualTo("mongodb://user:secret@env:27017");
        assertThat(c.httpPort()).isEqualTo(9100);
        assertThat(c.trainerId()).isEqualTo("trainer-a");
        assertThat(c.leaseDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.leaseRenewal()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.toString()).doesNotContain("secret");
    }

    @Test
    void adminTokenComesFromTheEnvironment() {
        TrainerConfig c =
                TrainerConfig.from(Map.of(), Map.of(TrainerConfig.ADMIN_TOKEN_ENV, " s3cret \n"));
        assertThat(c.adminToken()).contains("s3cret");
        assertThat(c.toString()).doesNotContain("s3cret").contains("adminToken=<set>");
    }

    @Test
    void adminTokenComesFromAFileWhenTheEnvironmentHasNone() throws Exception {
        Path token = tmp.resolve("token");
        Files.writeString(token, "from-file\n");
        TrainerConfig c =
                TrainerConfig.from(Map.of("admin.token-file", token.toString()), Map.of());
        assertThat(c.adminToken()).contains("from-file");

        TrainerConfig envWins =
                TrainerConfig.from(
                        Map.of("admin.token-file", token.toString()),
                        Map.of(TrainerConfig.ADMIN_TOKEN_ENV, "from-env"));
        assertThat(envWins.adminToken()).contains("from-env");
    }

    @Test
    void adminTokenIsNeverReadFromTheProperties() {
        assertThatThrownBy(() -> TrainerConfig.from(Map.of("admin.token", "plain"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DRIFTLINE_ADMIN_TOKEN")
                .hasMessageNotContaining("plain");
    }

    @Test
    void missingOrEmptyTokenFileIsAnError() throws Exception {
        assertThatThrownBy(
                        () ->
                                TrainerConfig.from(
                                        Map.of("admin.token-file", tmp.resolve("nope").toString()),
                                        Map.of()))
                .hasMessageContaining("admin.token-file");
        Path empty = tmp.resolve("empty");
        Files.writeString(empty, "  \n");
        assertThatThrownBy(
                        () ->
                                TrainerConfig.from(
                                        Map.of("admin.token-file", empty.toString()), Map.of()))
                .hasMessageContaining("is empty");
    }

    @Test
    void rejectsUnknownKeysAndBadValues() {
        assertThatThrownBy(() -> TrainerConfig.from(Map.of("kafka.bootstrap", "x"), Map.of()))
                .hasMessageContaining("unknown trainer option 'kafka.bootstrap'");
        assertThatThrownBy(() -> TrainerConfig.from(Map.of("http.port", "eighty"), Map.of()))
                .hasMessageContaining("http.port must be an integer");
        assertThatThrownBy(
                        () ->
                                TrainerConfig.from(
                                        Map.of(
                                                "trainer.lease-duration", "PT10S",
                                                "trainer.lease-renewal", "PT10S"),
                                        Map.of()))
                .hasMessageContaining("shorter than trainer.lease-duration");
        assertThatThrownBy(() -> TrainerConfig.from(Map.of("trainer.max-attempts", "0"), Map.of()))
                .hasMessageContaining("trainer.max-attempts must be >= 1");
    }

    @Test
    void backoffDoublesUpToTheCap() {
        TrainerConfig c =
                TrainerConfig.from(
                        Map.of(
                                "trainer.retry-backoff",
                                "PT5S",
                                "trainer.retry-backoff-max",
                                "PT15S"),
                        Map.of());
        assertThat(c.retryPolicy().backoffAfter(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.retryPolicy().backoffAfter(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.retryPolicy().backoffAfter(3)).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.retryPolicy().backoffAfter(30)).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void everyOptionHasItsEnvironmentVariable() {
        assertThat(TrainerOption.MONGO_URI.environmentVariable()).isEqualTo("DRIFTLINE_MONGO_URI");
        assertThat(TrainerOption.KAFKA_BOOTSTRAP_SERVERS.environmentVariable())
                .isEqualTo("DRIFTLINE_KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void theTrainingDataWindowIsOptional() {
        assertThat(TrainerConfig.from(Map.of(), Map.of()).trainingDataWindow()).isEmpty();
        assertThat(
                        TrainerConfig.from(Map.of("training.data-window", "90"), Map.of())
                                .trainingDataWindow())
                .contains(java.time.Duration.ofSeconds(90));
        assertThat(
                        TrainerConfig.from(
                                        Map.of(), Map.of("DRIFTLINE_TRAINING_DATA_WINDOW", "PT2M"))
                                .trainingDataWindow())
                .contains(java.time.Duration.ofMinutes(2));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> TrainerConfig.from(Map.of("training.data-window", "soon"), Map.of()))
                .hasMessageContaining("training.data-window");
        assertThat(
                        TrainerComponents.settings(
                                        TrainerConfig.from(
                                                Map.of("training.data-window", "40"), Map.of()))
                                .dataWindow())
                .isEqualTo(java.time.Duration.ofSeconds(40));
    }
}
