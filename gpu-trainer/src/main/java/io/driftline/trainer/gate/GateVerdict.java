package io.driftline.trainer.gate;

import io.driftline.events.ModelPublished;
import io.driftline.trainer.pipeline.PipelineOutcome;
import java.util.Map;
import java.util.Optional;

/**
 * What the gate stage found: the figures of candidate, champion and baseline on the same holdout,
 * and the decision.
 *
 * @param decision promote or not, with both compared figures
 * @param champion the production version when the gate ran, if any (the candidate's parent)
 * @param candidateMetrics the candidate's finite figures on the holdout
 * @param championMetrics the champion's finite figures, or empty when there is no comparable
 *     champion (none, or one of another family)
 * @param baselineMetrics the trivial baseline's finite figures
 */
public record GateVerdict(
        GateDecision decision,
        Optional<ModelPublished> champion,
        Map<String, Double> candidateMetrics,
        Optional<Map<String, Double>> championMetrics,
        Map<String, Double> baselineMetrics) {

    /** Whether the candidate may go to production. */
    public boolean promote() {
        return decision.promote();
    }

    /** The pipeline's outcome for a candidate the gate turned down. */
    public PipelineOutcome.Rejected rejection() {
        return new PipelineOutcome.Rejected(
                decision.metric(),
                decision.candidate(),
                decision.reference(),
                candidateMetrics,
                decision.reason());
    }
}
