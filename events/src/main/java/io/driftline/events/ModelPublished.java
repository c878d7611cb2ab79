package io.driftline.events;

import java.util.Map;
import java.util.Objects;

/**
 * A registered model version, published so the drift jobs adopt its reference profile (topic {@code
 * driftline.model-updates}, MongoDB {@code model_registry}).
 *
 * @param model model name
 * @param version version number, from 1
 * @param parentVersion the version it was trained to replace, nullable
 * @param triggerId the trigger that produced it, nullable (initial or manual registration)
 * @param artifactUri where the artifact lives
 * @param sha256 the artifact's SHA-256, 64 lower-case hex chars
 * @param metrics metric name to value (candidate and champion), empty when none
 * @param stage lifecycle stage
 * @param referenceProfile the new reference for drift detection, nullable
 * @param publishedAt publication time, epoch millis
 */
public record ModelPublished(
        String model,
        int version,
        Integer parentVersion,
        String triggerId,
        String artifactUri,
        String sha256,
        Map<String, Double> metrics,
        ModelStage stage,
        ReferenceProfile referenceProfile,
        long publishedAt) {

    public ModelPublished {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(artifactUri, "artifactUri");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(stage, "stage");
        metrics = WireCollections.map(metrics, "metrics");
    }
}
