package io.driftline.trainer.gate;

import io.driftline.trainer.core.ModelFamily;
import java.util.Locale;

/**
 * Decides whether a candidate replaces the champion: it must be at least as good as the champion
 * within a tolerance ({@code candidate >= champion - tolerance} for scores, {@code <= champion +
 * tolerance} for errors); a first version, with no champion, must strictly beat the trivial
 * baseline.
 */
public final class ModelGate {

    private final double tolerance;

    /** A gate allowing a candidate to be {@code tolerance} worse than the champion. */
    public ModelGate(double tolerance) {
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
        }
        this.tolerance = tolerance;
    }

    /** Compares the candidate with the champion. */
    public GateDecision againstChampion(ModelFamily family, double candidate, double champion) {
        String metric = HoldoutEvaluator.primaryMetric(family);
        boolean higher = HoldoutEvaluator.higherIsBetter(family);
        boolean promote =
                Double.isFinite(candidate)
                        && (!Double.isFinite(champion)
                                || (higher
                                        ? candidate >= champion - tolerance
                                        : candidate <= champion + tolerance));
        String reason =
                String.format(
                        Locale.ROOT,
                        "candidate %s %.4f %s champion %.4f (tolerance %.4f, %s is better)",
                        metric,
                        candidate,
                        promote ? "passes against" : "is worse than",
                        champion,
                        tolerance,
                        higher ? "higher" : "lower");
        return new GateDecision(promote, metric, candidate, champion, false, reason);
    }

    /** Compares a first version with the trivial baseline, which it must strictly beat. */
    public GateDecision againstBaseline(ModelFamily family, double candidate, double baseline) {
        String metric = HoldoutEvaluator.primaryMetric(family);
        boolean higher = HoldoutEvaluator.higherIsBetter(family);
        boolean promote =
                Double.isFinite(candidate)
                        && (!Double.isFinite(baseline)
                                || (higher ? candidate > baseline : candidate < baseline));
        String reason =
                String.format(
                        Locale.ROOT,
                        "first version: candidate %s %.4f %s the trivial baseline %.4f (%s is"
                                + " better)",
                        metric,
                        candidate,
                        promote ? "beats" : "does not beat",
                        baseline,
                        higher ? "higher" : "lower");
        return new GateDecision(promote, metric, candidate, baseline, true, reason);
    }
}
