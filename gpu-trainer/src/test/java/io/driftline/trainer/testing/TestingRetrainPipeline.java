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
import java.util.function.Function;

/**
 * A pipeline for tests: each run reports one epoch and a heartbeat, records the trigger it ran for
 * and answers either with a {@link Behaviour} or, without one, with the next scripted {@link Step}
 * (promote, reject, fail; promote when the script is empty).
 *
 * <pre>{@code
 * TestingRetrainPipeline scripted = new TestingRetrainPipeline()
 *         .then(new TestingRetrainPipeline.Fail("MongoDB: timeout", true))
 *         .then(new TestingRetrainPipeline.Promote());
 * TestingRetrainPipeline always3 = TestingRetrainPipeline.promoting(t -> 3);
 * }</pre>
 */
public final class TestingRetrainPipeline implements RetrainPipeline {

    /** What one run does: return an outcome or throw. */
    @FunctionalInterface
    public interface Behaviour {
        PipelineOutcome run(RetrainTrigger trigger) throws TrainingFailedException;
    }

    /** One scripted run. */
    public sealed interface Step {}

    /** Promote the next version (1, 2, 3 … counted over the promotions of this pipeline). */
    public record Promote() implements Step {}

    /** Rejected by the gate on {@code f1}. */
    public record Reject(double candidate, double champion) implements Step {}

    /** Throw a {@link TrainingFailedException}. */
    public record Fail(String message, boolean retryable) implements Step {}

    /** The triggers run, in order. */
    public final List<RetrainTrigger> runs = new CopyOnWriteArrayList<>();

    private final Behaviour behaviour;
    private final Deque<Step> script = new ArrayDeque<>();
    private int nextVersion = 1;

    /** A scripted pipeline; add steps with {@link #then}. */
    public TestingRetrainPipeline() {
        this.behaviour = null;
    }

    /** A pipeline answering every run with {@code behaviour}. */
    public TestingRetrainPipeline(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    /** A pipeline promoting every run to the version {@code version} gives for its trigger. */
    public static TestingRetrainPipeline promoting(Function<RetrainTrigger, Integer> version) {
        return new TestingRetrainPipeline(
                t ->
                        new PipelineOutcome.Promoted(
                                published(t.model(), version.apply(t), t.triggerId()), 1_000));
    }

    /** Adds a step to the script (ignored when a {@link Behaviour} answers the runs). */
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
        if (behaviour != null) {
            return behaviour.run(trigger);
        }
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

    /**
     * A production entry for {@code trigger}'s model, as the scripted runs promote it: {@code f1}
     * 0.9, {@code champion_f1} 0.8.
     */
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

    /**
     * A production entry, as {@link #promoting} promotes it: {@code f1} 0.87, {@code champion_f1}
     * 0.80.
     *
     * @param triggerId may be null (a version registered without a trigger)
     */
    public static ModelPublished published(String model, int version, String triggerId) {
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
