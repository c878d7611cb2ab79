package io.driftline.trainer.registry;

import io.driftline.events.ModelPublished;
import java.util.List;
import java.util.Optional;

/**
 * The record of every model version (MongoDB {@code model_registry}): stage, metrics, lineage,
 * artifact and its sha256, and the reference profile the drift job compares against.
 */
public interface ModelRegistry {

    /** Names of the models with at least one version. */
    List<String> models();

    /** A model's versions, newest first. */
    List<ModelPublished> versions(String model);

    /** The version currently in production, if any. */
    Optional<ModelPublished> production(String model);

    /**
     * Puts {@code version} back into production (the current production version is archived) and
     * returns its entry as it should be published.
     *
     * @throws IllegalArgumentException if the model or version does not exist, or its artifact is
     *     gone or fails its sha256 check
     */
    ModelPublished rollback(String model, int version);
}
