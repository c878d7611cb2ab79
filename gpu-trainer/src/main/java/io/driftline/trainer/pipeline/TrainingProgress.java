package io.driftline.trainer.pipeline;

/** Receives a retrain's progress, e.g. to log it, export it as metrics and renew the lease. */
public interface TrainingProgress {

    /** One finished epoch. */
    void epoch(
            String model, int epoch, double loss, double validationMetric, double samplesPerSecond);

    /** Called regularly while the pipeline works (at least once per epoch). */
    default void heartbeat() {}

    /** A progress sink that ignores everything. */
    TrainingProgress NONE = (model, epoch, loss, metric, samplesPerSecond) -> {};
}
