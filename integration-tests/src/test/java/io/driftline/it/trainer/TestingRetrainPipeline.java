package io.driftline.it.trainer;

import io.driftline.events.ModelPublished;
import io.driftline.events.ModelStage;
import io.driftline.events.RetrainTrigger;
import io.driftline.trainer.pipeline.PipelineOutcome;
import io.driftline.trainer.pipeline.RetrainPipeline;
import io.driftline.trainer.pipeline.TrainingFailedException;
import io.driftline.trainer.pipeline.TrainingProgress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A pipeline for the service's integration tests: answers each run with a scripted outcome (promote
 * by default) and records the triggers it ran for.
 */
final class TestingRetrainPipeline implements RetrainPipeline {

    /** What one run does: return an outcome or throw. */
    @FunctionalInterface
    interface Behaviour {
        PipelineOutcome run(RetrainTrigger trigger) throws TrainingFailedException;
    }

    final List<RetrainTrigger> runs = new CopyOnWriteArrayList<>();
    private final Behaviour behaviour;

    TestingRetrainPipeline(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    static TestingRetrainPipeline promoting(Function<RetrainTrigger, Integer> version) {
        return new TestingRetrainPipeline(
                t ->
                        new PipelineOutcome.Promoted(
                                published(t.model(), version.apply(t), t.triggerId()), 1_000));
    }

    @Override
    public PipelineOutcome run(RetrainTrigger trigger, TrainingProgress progress)
            throws TrainingFailedException {
        runs.add(trigger);
        progress.epoch(trigger.model(), 1, 0.42, 0.9, 5_000);
        return behaviour.run(trigger);
    }

    static ModelPublished published(String model, int version, String triggerId) {
        return new ModelPublished(
                model,
                version,
                version > 1 ? version - 1 : null,
                triggerId,
                "file:///var/models/" + model + "/" + version + "/model.pt",
                "0123456789abcdef".repeat(4),
                Map.of("f1", 0.87, "champion_f1", 0.80),
                ModelStage.PRODUCTION,
                null,
                1_700_000_000_000L);
    }
}
