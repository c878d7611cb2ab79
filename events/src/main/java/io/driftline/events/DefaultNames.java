package io.driftline.events;

/**
 * The default names of the topics and collections the jobs and the trainer share: the one place
 * both sides' options take their defaults from, so that a deployment that keeps the defaults on one
 * side and not the other cannot exist by accident. Renaming one means setting it on both sides (the
 * jobs' {@code driftline.<key>}, the trainer's {@code <key>}: the same keys).
 */
public final class DefaultNames {

    private DefaultNames() {}

    public static final String FEEDBACK_TOPIC = "driftline.feedback";
    public static final String MODEL_UPDATES_TOPIC = "driftline.model-updates";
    public static final String RETRAIN_STATUS_TOPIC = "driftline.retrain-status";
    public static final String RETRAIN_TRIGGERS_TOPIC = "driftline.retrain-triggers";

    public static final String FEEDBACK_COLLECTION = "ml_feedback";
    public static final String TRIGGERS_COLLECTION = "retraining_triggers";
    public static final String MODEL_REGISTRY_COLLECTION = "model_registry";
}
