package io.driftline.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.driftline.trainer.core.ModelFamily;
import io.driftline.trainer.core.TrainingSettings;
import io.driftline.trainer.encoding.FeatureColumn;
import io.driftline.trainer.encoding.LabelEncoder;
import io.driftline.trainer.encoding.ModelEncoding;
import io.driftline.trainer.model.Examples;
import io.driftline.trainer.pipeline.TrainingFailedException;
import io.driftline.trainer.pipeline.TrainingProgress;
import io.driftline.trainer.testing.TestingClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MlpTrainerTest {

    private final ModelEncoding encoding =
            new ModelEncoding(
                    ModelEncoding.FORMAT_VERSION,
                    List.of(FeatureColumn.numeric("x", 0, 1, false)),
                    LabelEncoder.standardized(0, 1));

    @Test
    void stopsEarlyWhenValidationStopsImprovingAndReportsEveryEpoch() throws Exception {
        // pure noise: the validation loss cannot keep improving
        Examples noise = examples(400, new Random(1), false);
        List<Integer> epochs = new ArrayList<>();
        List<Integer> heartbeats = new ArrayList<>();
        TrainingProgress progress =
                new TrainingProgress() {
                    @Override
                    public void epoch(
                            String model, int epoch, double loss, double metric, double rate) {
                        epochs.add(epoch);
                        assertThat(loss).isFinite();
                        assertThat(rate).isPositive();
                    }

                    @Override
                    public void heartbeat() {
                        heartbeats.add(1);
                    }
                };
        TrainingSettings settings =
                base().optMaxEpochs(200).optEarlyStoppingPatience(2).optLearningRate(0.05f).build();

        TrainingResult result =
                new MlpTrainer(settings, new TestingClock(Instant.EPOCH))
                        .train(
                                "noise",
                                ModelFamily.MLP_REGRESSOR,
                                encoding,
                                noise.slice(0, 300),
                                noise.slice(300, 400),
                                Device.cpu(),
                                progress,
                                400);
        try (var model = result.model()) {
            assertThat(result.epochs()).isLessThan(200);
            assertThat(epochs).hasSize(result.epochs());
            assertThat(heartbeats.size()).isGreaterThanOrEqualTo(result.epochs());
            assertThat(result.validationLoss()).isFinite();
            assertThat(model.metadata().epochs()).isEqualTo(result.epochs());
        }
    }

    @Test
    void timesOutBetweenBatches() {
        Examples data = examples(400, new Random(2), true);
        TestingClock clock = new TestingClock(Instant.EPOCH);
        TrainingProgress progress =
                (model, epoch, loss, metric, rate) -> clock.advance(Duration.ofMinutes(1));
        TrainingSettings settings =
                base().optMaxEpochs(50).optTrainingTimeout(Duration.ofSeconds(150)).build();

        assertThatThrownBy(
                        () ->
                                new MlpTrainer(settings, clock)
                                        .train(
                                                "slow",
                                                ModelFamily.MLP_REGRESSOR,
                                                encoding,
                                                data.slice(0, 300),
                                                data.slice(300, 400),
                                                Device.cpu(),
                                                progress,
                                                400))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessageStartingWith("training timed out after PT2M30S in epoch 4");
    }

    private static TrainingSettings.Builder base() {
        return TrainingSettings.builder(Path.of("unused"))
                .optBatchSize(50)
                .optHiddenUnits(List.of(8));
    }

    private static Examples examples(int n, Random random, boolean signal) {
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
            y[i] = signal ? 2 * x[i] : (float) random.nextGaussian();
        }
        return new Examples(x, y, n, 1, 1);
    }
}
