package io.driftline.trainer.pipeline;

import io.driftline.events.ModelPublished;
import java.util.Map;

/** What a {@link RetrainPipeline} run produced: a promoted version, or a gate rejection. */
public sealed interface PipelineOutcome {

    /**
     * The candidate passed the gate and is registered in production.
     *
     * @param published the registry entry, ready to publish on {@code driftline.model-updates}
     * @param rowsUsed training plus holdout rows
     */
    record Promoted(ModelPublished published, long rowsUsed) implements PipelineOutcome {}

    /**
     * The candidate was worse than the champion (or, for a first version, than the trivial
     * baseline) beyond the tolerance; nothing was registered in production.
     *
     * @param metric the metric the gate compared (e.g. {@code f1}, {@code mae})
     * @param candidate the candidate's figure
     * @param champion the champion's (or baseline's) figure
     * @param reason a one-line explanation with both figures
     */
    record Rejected(
            String metric,
            double candidate,
            double champion,
            Map<String, Double> candidateMetrics,
            String reason)
            implements PipelineOutcome {}
}
