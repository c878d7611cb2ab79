package io.driftline.core.window;

import io.driftline.core.catalog.CatalogFile;
import io.driftline.core.decision.DriftDecisionConfig;
import io.driftline.core.summary.SummaryConfig;
import java.io.Serializable;
import java.time.Duration;

/**
 * What the drift detection function (operators' {@code DriftDetectionFunction}) needs to know: its
 * windows, the summaries' precision, the decision rule, how a model without a published reference
 * learns one, and how labels are read.
 *
 * @param windows event-time windows and allowed lateness
 * @param summary sketch size and categorical bound
 * @param decision the drift decision rule's thresholds
 * @param bootstrapWindows a model with no published reference learns one from this many
 *     (non-overlapping) windows of its own traffic
 * @param minLabelledForPerformance fewer labelled predictions than this in a window: no performance
 *     verdict for it
 * @param positiveLabel the label whose precision/recall/F1 are reported (e.g. {@code "1"})
 * @param pendingOutcomeTtl how long a prediction waits for its outcome
 * @param idleStateTtl how long a key (model or model and segment) that receives nothing keeps its
 *     detector and learned reference; bounds state when models come and go
 * @param catalog the model catalog: per-model decision rules and how predictions are read ({@link
 *     CatalogFile#none} for {@code decision} and class predictions for every model)
 */
public record DriftDetectionSettings(
        WindowSpec windows,
        SummaryConfig summary,
        DriftDecisionConfig decision,
        int bootstrapWindows,
        long minLabelledForPerformance,
        String positiveLabel,
        Duration pendingOutcomeTtl,
        Duration idleStateTtl,
        CatalogFile catalog)
        implements Serializable {

    /** Idle keys' state is dropped after a week by default. */
    public static final Duration DEFAULT_IDLE_STATE_TTL = Duration.ofDays(7);

    /** Settings without a catalog: every model is judged by {@code decision}. */
    public DriftDetectionSettings(
            WindowSpec windows,
            SummaryConfig summary,
            DriftDecisionConfig decision,
            int bootstrapWindows,
            long minLabelledForPerformance,
            String positiveLabel,
            Duration pendingOutcomeTtl,
            Duration idleStateTtl) {
        this(
                windows,
                summary,
                decision,
                bootstrapWindows,
                minLabelledForPerformance,
                positiveLabel,
                pendingOutcomeTtl,
                idleStateTtl,
                CatalogFile.none(decision));
    }

    /** Settings with the default {@link #DEFAULT_IDLE_STATE_TTL}. */
    public DriftDetectionSettings(
            WindowSpec windows,
            SummaryConfig summary,
            DriftDecisionConfig decision,
            int bootstrapWindows,
            long minLabelledForPerformance,
            String positiveLabel,
            Duration pendingOutcomeTtl) {
        this(
                windows,
                summary,
                decision,
                bootstrapWindows,
                minLabelledForPerformance,
                positiveLabel,
                pendingOutcomeTtl,
                DEFAULT_IDLE_STATE_TTL);
    }

    public DriftDetectionSettings {
        if (catalog == null) {
            catalog = CatalogFile.none(decision);
        }
        if (bootstrapWindows < 1) {
            throw new IllegalArgumentException(
                    "bootstrap windows must be >= 1, got " + bootstrapWindows);
        }
        if (minLabelledForPerformance < 1) {
            throw new IllegalArgumentException(
                    "minimum labelled predictions must be >= 1, got " + minLabelledForPerformance);
        }
    }

    /** One-minute tumbling windows, one minute of lateness, the engine's defaults. */
    public static DriftDetectionSettings defaults() {
        return new DriftDetectionSettings(
                WindowSpec.tumbling(Duration.ofMinutes(1), Duration.ofMinutes(1)),
                SummaryConfig.defaults(),
                DriftDecisionConfig.defaults(),
                2,
                30,
                "1",
                Duration.ofMinutes(10));
    }
}
