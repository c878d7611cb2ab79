package io.driftline.trainer.gate;

/**
 * The gate's verdict on a candidate.
 *
 * @param promote whether the candidate may go to production
 * @param metric the compared metric
 * @param candidate the candidate's figure
 * @param reference the champion's figure, or the baseline's for a first version
 * @param againstBaseline whether {@code reference} is the trivial baseline (no champion)
 * @param reason one line with both figures
 */
public record GateDecision(
        boolean promote,
        String metric,
        double candidate,
        double reference,
        boolean againstBaseline,
        String reason) {}
