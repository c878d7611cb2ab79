package io.driftline.trainer.testing;

import io.driftline.events.ModelPublished;
import io.driftline.events.ModelStage;
import io.driftline.events.RetrainTrigger;
import io.driftline.trainer.pipeline.PipelineOutcome;
import io.driftline.trainer.pipeline.RetrainPipeline;
import io.driftline.trainer.pipeline.TrainingFailedException;
import io.driftline.trainer.pipeline.TrainingProgress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted pipeline: each run takes the next scripted step (promote, reject, fail), or promotes
 * when the script is empty, and records the trigger it ran for.
 */
public final class TestingRetrainPipeline implements RetrainPipeline {

    /** One scripted run. */
    public sealed interface Step {}

    public record Promote() implements Step {}

    public record Reject(double candidate, double champion) implements Step {}

    public record Fail(String message, boolean retryable) implements Step {}

    public final List<RetrainTrigger> runs = new CopyOnWriteArrayList<>();
    private final Deque<Step> script = new ArrayDeque<>();
    private int nextVersion = 1;

    public synchronized TestingRetrainPipeline then(Step step) {
        script.add(step);
        return this;
    }

    @Override
    public PipelineOutcome run(RetrainTrigger trigger, TrainingProgress progress)
            throws TrainingFailedException {
        runs.add(trigger);
        progress.epoch(trigger.model(), 1, 0.5, 0.8, 1000);
        progress.heartbeat();
        Step step;
        int version;
        synchronized (this) {
            step = script.isEmpty() ? new Promote() : script.poll();
            version = nextVersion;
            if (step instanceof Promote) {
                nextVersion++;
            }
        }
        if (step instanceof Fail f) {
            throw new TrainingFailedException(f.message(), f.retryable());
        }
        if (step instanceof Reject r) {
            return new PipelineOutcome.Rejected(
                    "f1",
                    r.candidate(),
                    r.champion(),
                    Map.of("f1", r.candidate()),
                    "worse than champion");
        }
        return new PipelineOutcome.Promoted(published(trigger, version), 500);
    }

    public static ModelPublished published(RetrainTrigger trigger, int version) {
        return new ModelPublished(
                trigger.model(),
                version,
                version > 1 ? version - 1 : null,
                trigger.triggerId(),
                "file:///models/" + trigger.model() + "/" + version + "/model.pt",
                "a".repeat(64),
                Map.of("f1", 0.9, "champion_f1", 0.8),
                ModelStage.PRODUCTION,
                null,
                1_700_000_000_000L);
    }
}
